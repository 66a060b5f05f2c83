import { createRgb, type RgbImage } from '../image/raster';
import { loadProfiles } from '../profiles/load';
import { addNoise, blur, motionBlur, seededRandom } from '../testing/defects';
import { sharpnessAndNoise } from './sharpness';

const size = 192;
const thresholds = loadProfiles().checkDefaults;

/** A chip-sized test card: soft-shaded skin-like ground with crisp dark discs and bars (known sharp). */
function card(): RgbImage {
  const image = createRgb(size, size);
  const random = seededRandom(3);
  const shapes = Array.from({ length: 40 }, () => ({
    x: random() * size,
    y: random() * size,
    r: 2 + random() * 7,
    v: 40 + random() * 60,
  }));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = 150 + 20 * Math.sin(x / 40) * Math.cos(y / 50);
      for (const s of shapes) if (Math.hypot(x - s.x, y - s.y) < s.r) v = s.v;
      if (y % 48 < 3 && x > 20 && x < 170) v = 60;
      image.data.fill(Math.round(v), (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return image;
}

function read(image: RgbImage) {
  const luma = new Float32Array(size * size);
  for (let i = 0; i < luma.length; i++) luma[i] = image.data[i * 3]!;
  const region = new Uint8Array(size * size).fill(1);
  return sharpnessAndNoise(luma, size, region);
}

describe('sharpness and noise on a test card with known truth', () => {
  const clean = card();
  const sharpMin = thresholds.sharpness.pass.min!;
  const noiseMax = thresholds.noise.pass.max!;

  it('the crisp card passes both', () => {
    const { sharpness, noise } = read(clean);
    expect(sharpness).toBeGreaterThan(sharpMin);
    expect(noise).toBeLessThan(noiseMax);
  });

  it('defocus (sigma 2.2 px) fails sharpness, whatever the contrast', () => {
    expect(read(blur(clean, 2.2)).sharpness).toBeLessThan(sharpMin);
  });

  it('a 6 px motion smear fails sharpness, in the direction of the smear', () => {
    const smeared = read(motionBlur(clean, 6, 0));
    expect(smeared.sharpness).toBeLessThan(sharpMin);
    expect(smeared.blurDirection).toBe(0);
  });

  it('heavy noise fails noise and does not make a blurred card look sharp', () => {
    const noisy = read(addNoise(clean, 12, 5));
    expect(noisy.noise).toBeGreaterThan(noiseMax);
    expect(read(addNoise(blur(clean, 2.2), 12, 5)).sharpness).toBeLessThan(sharpMin);
  });
});
