/**
 * Where the face stands against the camera pages' guide, and what the person should do next. The guide is an
 * oval a head fills when it is near enough for a sharp standard photo and far enough for the shoulders; the
 * photo may be taken once one face sits inside it, level, facing the camera, and still for a moment.
 */
import type { Detection, FaceBox } from '../../../../domain/face-detection';

export type GuideHint =
  | 'no_face'
  | 'several_faces'
  | 'move_closer'
  | 'move_back'
  | 'centre'
  | 'level'
  | 'face_camera'
  | 'hold_still'
  | 'ready';

export interface GuideOval {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/** The guide for a frame: centred a little above the middle, its height 60 % of the frame's. */
export function guideOval(width: number, height: number): GuideOval {
  const ry = 0.3 * height;
  return { cx: width / 2, cy: 0.45 * height, rx: Math.min(0.75 * ry, 0.4 * width), ry };
}

export interface GuideFrame {
  /** Milliseconds, from any monotonic clock. */
  at: number;
  width: number;
  height: number;
  /** Largest first. */
  faces: Detection[];
}

/** What is tolerated, as fractions of the guide (sizes), degrees (roll) or of the eye distance (yaw). */
export const tolerance = {
  /** The face box's height against the oval's: below, closer; above, back. */
  minFill: 0.6,
  maxFill: 1.05,
  /** The face centre's distance from the oval's centre, per axis, as a fraction of that radius. */
  offCentre: 0.3,
  rollDegrees: 5,
  /** The nose tip's offset from the eyes' midpoint, as a fraction of the eye distance (turned head). */
  yaw: 0.25,
  /** A second face this large (area, against the first) makes the photo ambiguous. */
  secondFace: 0.4,
  /** Still: how long, and how far the face centre and size may move meanwhile (fraction of frame height). */
  stillMs: 600,
  stillMove: 0.03,
  stillScale: 0.05,
} as const;

const centre = (box: FaceBox) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** The hint for one frame alone (stillness needs the frames before it: see `placementHint`). */
export function frameHint(frame: GuideFrame): GuideHint {
  const [face, second] = frame.faces;
  if (!face) return 'no_face';
  const area = (d: Detection) => d.box.width * d.box.height;
  if (second && area(second) > tolerance.secondFace * area(face)) return 'several_faces';
  const oval = guideOval(frame.width, frame.height);
  const fill = face.box.height / (2 * oval.ry);
  if (fill < tolerance.minFill) return 'move_closer';
  if (fill > tolerance.maxFill) return 'move_back';
  const c = centre(face.box);
  if (Math.abs(c.x - oval.cx) > tolerance.offCentre * oval.rx) return 'centre';
  if (Math.abs(c.y - oval.cy) > tolerance.offCentre * oval.ry) return 'centre';
  const [leftEye, rightEye, nose] = face.landmarks;
  const roll = (Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x) * 180) / Math.PI;
  if (Math.abs(roll) > tolerance.rollDegrees) return 'level';
  const eyeDistance = Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  if (Math.abs(nose.x - (leftEye.x + rightEye.x) / 2) > tolerance.yaw * eyeDistance) return 'face_camera';
  return 'ready';
}

/**
 * The hint for the newest of `frames` (oldest first): `ready` only when every frame of the last
 * `tolerance.stillMs` was well placed and the face barely moved across them.
 */
export function placementHint(frames: readonly GuideFrame[]): GuideHint {
  const latest = frames.at(-1);
  if (!latest) return 'no_face';
  const hint = frameHint(latest);
  if (hint !== 'ready') return hint;
  const since = latest.at - tolerance.stillMs;
  if (!frames.some((f) => f.at <= since)) return 'hold_still';
  const recent = frames.filter((f) => f.at >= since);
  const now = latest.faces[0]!.box;
  const still = recent.every((f) => {
    const face = f.faces[0];
    if (!face || frameHint(f) !== 'ready') return false;
    const a = centre(face.box);
    const b = centre(now);
    return (
      Math.hypot(a.x - b.x, a.y - b.y) <= tolerance.stillMove * latest.height &&
      Math.abs(face.box.height - now.height) <= tolerance.stillScale * now.height
    );
  });
  return still ? 'ready' : 'hold_still';
}
