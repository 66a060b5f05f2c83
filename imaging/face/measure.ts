/**
 * Everything measured on the one face of a master, from the same oriented pixels: detection, mesh, pose,
 * segmentation and the derived ID-photo quantities (eye centres, inter-eye distance, chin, crown, face
 * width), expressed both in master pixels and in the levelled frame the crops are solved in.
 */
import { apply, distance, invert, midpoint, similarity, type Affine, type Point } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { type Plane, type RgbImage } from '../image/raster';
import { type ModelSessions } from '../models/sessions';
import { type Detection } from './detect';
import * as lm from './landmarks';
import { runMesh, runMirroredMesh, type Mesh, type Point3 } from './mesh';
import { averageWithMirror, estimateRotation, type HeadRotation } from './pose';
import { confirmHead, keepConnected, runSegmentation, segmentationSize } from './segment';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { abs, ceil, floor, max, min, round } = Math;

export interface HeadPose extends HeadRotation {
  /** Degrees: the eye line's angle before levelling, positive when the image-right eye is lower. */
  roll: number;
}

export interface Measurements {
  detection: Detection;
  mesh: Mesh;
  pose: HeadPose;
  /** Subject's right eye (image left) and left eye centres, master pixels. */
  rightEye: Point;
  leftEye: Point;
  interEyeDistance: number;
  chin: Point;
  crown: Point;
  /** True when the hair reaches the top edge of the master, so the real crown may be higher. */
  crownAtFrameTop: boolean;
  faceWidth: number;
  /** Widest span of the head including hair and ears (from the person mask). */
  headWidth: number;
  headHeight: number;
  /** Eye aspect ratios (lid gap / eye width), subject's right and left. */
  eyeOpenness: [number, number];
  /** Inner-lip gap / mouth width. */
  mouthOpenness: number;
  /** Master pixels to the levelled frame: eye midpoint at the origin, eye line along +x, scale 1. */
  masterToLevelled: Affine;
  /** Levelled-frame positions used by the crop solver (y down; eye line at y = 0). */
  levelled: { crownY: number; chinY: number; faceCentreX: number; faceLeftX: number; faceRightX: number };
  /** Person probability in the segmentation frame, and the map into it. */
  personMask: Plane;
  masterToMask: Affine;
  /** The master pixels of the segmentation frame (background measures read them). */
  maskFrame: RgbImage;
}

const centroid = (points: Point3[], ids: readonly number[]): Point => ({
  x: ids.reduce((s, i) => s + points[i]!.x, 0) / ids.length,
  y: ids.reduce((s, i) => s + points[i]!.y, 0) / ids.length,
});

function eyeAspect(points: Point3[], eye: typeof lm.rightEyeAspect | typeof lm.leftEyeAspect): number {
  const p = (i: number) => points[i]!;
  const vertical = distance(p(eye.upper[0]), p(eye.lower[0])) + distance(p(eye.upper[1]), p(eye.lower[1]));
  return vertical / (2 * distance(p(eye.outer), p(eye.inner)));
}

/** Width of the segmentation square, in face widths; it covers every profile's crop. */
const maskSpan = 3.2;
/** The tighter square that confirms the head, centred on the eye line. */
const confirmSpan = 2.2;

/**
 * Topmost person pixel over the head (columns within 30% of a face width of the face centre), with the
 * 0.5 crossing interpolated between rows. Rows above the master's top edge hold no person.
 */
function findCrownRow(
  mask: Plane,
  centreX: number,
  halfBand: number,
  firstRow: number,
): { row: number; atTop: boolean } {
  const { width, height, data } = mask;
  let best = height;
  const x0 = max(0, floor(centreX - halfBand));
  const x1 = min(width - 1, ceil(centreX + halfBand));
  const start = max(0, ceil(firstRow));
  for (let x = x0; x <= x1; x++) {
    for (let y = start; y < height; y++) {
      const v = data[y * width + x]!;
      if (v > 0.5) {
        const above = y > start ? data[(y - 1) * width + x]! : 0;
        const row = y > start ? y - 1 + (0.5 - above) / (v - above) : y;
        best = min(best, row);
        break;
      }
    }
  }
  return { row: best, atTop: best <= start + 0.5 };
}

/**
 * Widest span of the head (hair and ears included) from the mask: over the rows from the crown down to
 * the nose tip, the run of person pixels that contains the face centre column.
 */
function headSpan(mask: Plane, centreX: number, fromRow: number, toRow: number): number {
  const { width, data } = mask;
  const cx = min(width - 1, max(0, round(centreX)));
  let widest = 0;
  for (let y = max(0, ceil(fromRow)); y <= min(mask.height - 1, floor(toRow)); y++) {
    const row = y * width;
    if (data[row + cx]! <= 0.5) continue;
    let left = cx;
    while (left > 0 && data[row + left - 1]! > 0.5) left--;
    let right = cx;
    while (right < width - 1 && data[row + right + 1]! > 0.5) right++;
    // Sub-pixel ends: where the probability crosses 0.5 beyond the last person pixel.
    const edge = (inner: number, outer: number) =>
      outer < 0 || outer >= width
        ? 0
        : (data[row + inner]! - 0.5) / (data[row + inner]! - data[row + outer]!);
    widest = max(widest, right - left + edge(left, left - 1) + edge(right, right + 1));
  }
  return widest;
}

export async function measureFace(
  models: ModelSessions,
  pyramid: Pyramid,
  detection: Detection,
): Promise<Measurements> {
  const mesh = await runMesh(models, pyramid, detection);
  const points = mesh.points;
  const rightEye = centroid(points, lm.rightEyeContour);
  const leftEye = centroid(points, lm.leftEyeContour);
  const eyeMid = midpoint(rightEye, leftEye);
  const angle = Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x);
  const masterToLevelled = similarity(1, angle, eyeMid, { x: 0, y: 0 });
  const lv = (i: number) => apply(masterToLevelled, points[i]!);
  const faceRightX = lv(lm.cheekRight).x;
  const faceLeftX = lv(lm.cheekLeft).x;
  const faceWidth = abs(faceLeftX - faceRightX);
  const faceCentreX = (faceLeftX + faceRightX) / 2;
  const chinL = lv(lm.chin);

  // Segmentation square: maskSpan face widths, eye midpoint a quarter face width above its centre.
  const scale = segmentationSize / (maskSpan * faceWidth);
  const masterToMask = similarity(
    scale,
    angle,
    apply(invert(masterToLevelled), { x: faceCentreX, y: 0.25 * faceWidth }),
    {
      x: segmentationSize / 2,
      y: segmentationSize / 2,
    },
  );
  const segmentation = await runSegmentation(models, pyramid, masterToMask);
  const masterToHead = similarity(
    segmentationSize / (confirmSpan * faceWidth),
    angle,
    apply(invert(masterToLevelled), { x: faceCentreX, y: 0 }),
    { x: segmentationSize / 2, y: segmentationSize / 2 },
  );
  const chinRow = apply(masterToMask, points[lm.chin]!).y;
  const agreed = await confirmHead(models, pyramid, segmentation, masterToMask, masterToHead, chinRow);
  // Queued behind the segmentation on the inference thread; awaited when the mask has been read.
  const mirrorMesh = runMirroredMesh(models, pyramid, detection);
  mirrorMesh.catch(() => undefined);
  const faceInMask = apply(masterToMask, midpoint(eyeMid, points[lm.noseTip]!));
  const personMask = keepConnected(agreed, faceInMask);

  // The master's top edge in mask rows, at the face centre column (the frame is levelled, so it may slope).
  const maskToMaster = invert(masterToMask);
  const centreColumn = segmentationSize / 2;
  const topEdgeRow = (() => {
    // Solve master y = -0.5 along the centre column: y_master is affine in the mask row.
    const at = (row: number) => apply(maskToMaster, { x: centreColumn, y: row }).y;
    const y0 = at(0);
    const slope = at(1) - y0;
    return (-0.5 - y0) / slope;
  })();
  const crownSearch = findCrownRow(personMask, centreColumn, 0.3 * faceWidth * scale, topEdgeRow);
  const crownMaster = apply(maskToMaster, { x: centreColumn, y: crownSearch.row });
  const crownL = apply(masterToLevelled, crownMaster);
  const noseRow = apply(masterToMask, points[lm.noseTip]!).y;
  const headWidth = headSpan(personMask, centreColumn, crownSearch.row, noseRow) / scale;

  const rotation = averageWithMirror(estimateRotation(points), estimateRotation(await mirrorMesh));
  const pose: HeadPose = { ...rotation, roll: (angle * 180) / Math.PI };
  return {
    detection,
    mesh,
    pose,
    rightEye,
    leftEye,
    interEyeDistance: distance(rightEye, leftEye),
    chin: points[lm.chin]!,
    crown: crownMaster,
    crownAtFrameTop: crownSearch.atTop,
    faceWidth,
    headWidth,
    headHeight: chinL.y - crownL.y,
    eyeOpenness: [eyeAspect(points, lm.rightEyeAspect), eyeAspect(points, lm.leftEyeAspect)],
    mouthOpenness:
      distance(points[lm.innerLipUpper]!, points[lm.innerLipLower]!) /
      distance(points[lm.mouthRightCorner]!, points[lm.mouthLeftCorner]!),
    masterToLevelled,
    levelled: { crownY: crownL.y, chinY: chinL.y, faceCentreX, faceLeftX, faceRightX },
    personMask,
    masterToMask,
    maskFrame: segmentation.frame,
  };
}
