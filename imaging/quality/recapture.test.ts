/**
 * The recapture pattern on generated images with known content: a smooth face-like patch has no peak, the
 * same patch seen through a screen's colour moire has one, and a JPEG's own 8 / 16-pixel chroma grid is
 * left out.
 */
import { createRgb, type RgbImage } from '../image/raster';
import { addNoise, seededRandom } from '../testing/defects';
import { recapturePattern } from './recapture';

function paint(width: number, f: (x: number, y: number) => [number, number, number]): RgbImage {
  const image = createRgb(width, width);
  for (let y = 0; y < width; y++)
    for (let x = 0; x < width; x++) image.data.set(f(x, y).map(Math.round), (y * width + x) * 3);
  return image;
}

/** Skin-coloured shading, as smooth as a cheek, with sensor noise. */
const skin = (x: number, y: number): [number, number, number] => {
  const shade = 0.85 + 0.15 * Math.sin(x / 40) * Math.cos(y / 55);
  return [190 * shade, 140 * shade, 115 * shade];
};

it('a smooth skin patch with noise has no spectral peak', () => {
  const image = addNoise(
    paint(256, (x, y) => skin(x, y)),
    3,
    1,
  );
  expect(recapturePattern(image, 128, 128)).toBeLessThan(200);
});

it('the same patch through a screen’s colour moire (red and blue stripes beating, period 5.3 px) reads far above the limit', () => {
  const moire = (x: number, y: number): [number, number, number] => {
    const [r, g, b] = skin(x, y);
    const phase = (2 * Math.PI * (x * Math.cos(0.3) + y * Math.sin(0.3))) / 5.3;
    return [r + 12 * Math.sin(phase), g, b + 12 * Math.sin(phase + 2.1)];
  };
  const image = addNoise(paint(256, moire), 3, 1);
  expect(recapturePattern(image, 128, 128)).toBeGreaterThan(2000);
});

it('chroma steps on a 16-pixel block grid (a JPEG’s 4:2:0 blocks) stay under the limit of 800', () => {
  const random = seededRandom(5);
  const offsets = Array.from({ length: 256 }, () => (random() - 0.5) * 12);
  const blocky = (x: number, y: number): [number, number, number] => {
    const [r, g, b] = skin(x, y);
    const step = offsets[Math.floor(y / 16) * 16 + Math.floor(x / 16)]!;
    return [r + step, g, b - step];
  };
  const image = addNoise(paint(256, blocky), 3, 1);
  expect(recapturePattern(image, 128, 128)).toBeLessThan(800);
});
