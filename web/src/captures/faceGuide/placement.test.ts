import type { Detection } from '../../../../domain/face-detection';
import { frameHint, guideOval, placementHint, type GuideFrame } from './placement';

const width = 640;
const height = 480;
const oval = guideOval(width, height);

/** A face of `size` (box height) centred at (x, y), eyes level unless `roll` (degrees), nose `turn` aside. */
function face({ x = oval.cx, y = oval.cy, size = 1.6 * oval.ry, roll = 0, turn = 0 } = {}): Detection {
  const w = size / 1.25;
  const eye = w * 0.2;
  const r = (roll * Math.PI) / 180;
  const eyeY = y - size * 0.1;
  return {
    box: { x: x - w / 2, y: y - size / 2, width: w, height: size },
    score: 0.95,
    landmarks: [
      { x: x - eye * Math.cos(r), y: eyeY - eye * Math.sin(r) },
      { x: x + eye * Math.cos(r), y: eyeY + eye * Math.sin(r) },
      { x: x + turn * 2 * eye, y: y + size * 0.05 },
      { x: x - eye * 0.8, y: y + size * 0.25 },
      { x: x + eye * 0.8, y: y + size * 0.25 },
    ],
  };
}

const frame = (faces: Detection[], at = 0): GuideFrame => ({ at, width, height, faces });

test('a face inside the guide, level and facing the camera, is well placed', () => {
  expect(frameHint(frame([face()]))).toBe('ready');
});

test.each([
  ['no_face', []],
  ['several_faces', [face(), face({ x: oval.cx + 200, size: 1.2 * oval.ry })]],
  ['move_closer', [face({ size: oval.ry })]],
  ['move_back', [face({ size: 2.3 * oval.ry })]],
  ['centre', [face({ x: oval.cx + 0.5 * oval.rx })]],
  ['centre', [face({ y: oval.cy - 0.5 * oval.ry })]],
  ['level', [face({ roll: 9 })]],
  ['face_camera', [face({ turn: 0.4 })]],
] as const)('%s', (hint, faces) => {
  expect(frameHint(frame([...faces]))).toBe(hint);
});

test('a small face far behind does not stop the photo', () => {
  expect(frameHint(frame([face(), face({ x: 60, size: 0.3 * oval.ry })]))).toBe('ready');
});

test('ready only once the face has stayed still for the whole moment', () => {
  const still = [0, 150, 300, 450, 600].map((at) => frame([face()], at));
  expect(placementHint(still.slice(0, 4))).toBe('hold_still'); // not yet a whole moment
  expect(placementHint(still)).toBe('ready');
  const moving = [0, 150, 300, 450, 600].map((at) => frame([face({ x: oval.cx - 30 + at / 10 })], at));
  expect(placementHint(moving)).toBe('hold_still');
  const interrupted = [...still.slice(0, 3), frame([], 450), frame([face()], 600)];
  expect(placementHint(interrupted)).toBe('hold_still');
  expect(placementHint([])).toBe('no_face');
});
