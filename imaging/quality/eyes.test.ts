import { loadProfiles } from '../profiles/load';
import { readEye } from './eyes';

const minimum = loadProfiles().checkDefaults.eyes_visible.pass.min!;

/** A 40 x 16 eye opening whose pixel at (x, y) has the grey `v(x, y)`. */
function eye(v: (x: number, y: number) => number) {
  const n = 40 * 16;
  const luma = new Float32Array(n);
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    luma[i] = v(i % 40, Math.floor(i / 40));
    rgb.fill(luma[i]!, i * 3, i * 3 + 3);
  }
  return readEye(rgb, luma, new Uint8Array(n).fill(1));
}

/** White of the eye, with the iris (dark) in the middle: the same for light and dark skin. */
const visible = (white: number) => (x: number) => (Math.abs(x - 20) < 7 ? 35 : white);

describe('eyes visible, per eye', () => {
  it('an open eye passes, with a bright or a shadowed white', () => {
    expect(eye(visible(205)).visibility).toBeGreaterThan(minimum);
    expect(eye(visible(120)).visibility).toBeGreaterThan(minimum);
  });

  it('a dark lens over it (a dark band) fails', () => {
    expect(eye((x) => 24 + x / 8).visibility).toBeLessThan(minimum);
  });

  it('a hand over it (skin with the lines between fingers) fails, for light and dark skin', () => {
    for (const skin of [170, 70]) {
      expect(eye((_x, y) => (y % 5 === 0 ? 0.75 * skin : skin)).visibility).toBeLessThan(minimum);
    }
  });

  it('dark hair over it (strands 0.8-1.2 of a dark brown) fails', () => {
    expect(eye((x) => 48 * (1 + 0.2 * Math.sin(x * 1.7))).visibility).toBeLessThan(minimum);
  });
});
