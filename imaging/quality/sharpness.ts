/**
 * Sharpness and noise of a face, read on the levelled face chip (fixed face width, so the values do not
 * depend on the camera's resolution or the face's size in the master).
 *
 * Sharpness: an edge blurred by s (any cause: defocus, motion, a small photo enlarged) has a gradient peak
 * proportional to 1 / sqrt(s^2 + k^2) when read through a blur of k. The ratio of the gradient read at the
 * chip's own scale to the gradient read through a fixed blur, summed over the face's strongest edges,
 * therefore falls from about 2.5 for crisp edges toward 1 as s grows, whatever the edges' contrast and
 * whatever the skin tone. It is taken per direction (0, 45, 90, 135 degrees) and the lowest counts, so a
 * smear along one direction is caught as surely as defocus. The noise's own share of the gradient energy
 * (known from the noise estimate) is taken out, so noise does not make a blurred face look sharp.
 *
 * Noise: Immerkaer's 3x3 operator (which cancels smooth shading and straight edges) on the flattest half
 * of the face, its median absolute response scaled to a standard deviation.
 */
const { abs, max, min, sqrt, SQRT1_2 } = Math;

export interface SharpnessAndNoise {
  sharpness: number;
  /** Direction (degrees) of the softest edges. */
  blurDirection: number;
  noise: number;
}

/** Separable [1 4 6 4 1] / 16 binomial blur (sigma 1), applied `times` times; edges repeat. */
function binomial(src: Float32Array, size: number, times: number): Float32Array {
  let a = src;
  const tmp = new Float32Array(src.length);
  for (let t = 0; t < times; t++) {
    const out = new Float32Array(src.length);
    for (let y = 0; y < size; y++) {
      const row = y * size;
      for (let x = 0; x < size; x++) {
        const l2 = a[row + max(0, x - 2)]!;
        const l1 = a[row + max(0, x - 1)]!;
        const r1 = a[row + min(size - 1, x + 1)]!;
        const r2 = a[row + min(size - 1, x + 2)]!;
        tmp[row + x] = (l2 + r2 + 4 * (l1 + r1) + 6 * a[row + x]!) / 16;
      }
    }
    for (let y = 0; y < size; y++) {
      const u2 = max(0, y - 2) * size;
      const u1 = max(0, y - 1) * size;
      const d1 = min(size - 1, y + 1) * size;
      const d2 = min(size - 1, y + 2) * size;
      const row = y * size;
      for (let x = 0; x < size; x++)
        out[row + x] =
          (tmp[u2 + x]! + tmp[d2 + x]! + 4 * (tmp[u1 + x]! + tmp[d1 + x]!) + 6 * tmp[row + x]!) / 16;
    }
    a = out;
  }
  return a;
}

/**
 * The q-quantile of the first `count` values, from a histogram of `bins` bins of width `step` (values
 * beyond the last bin count in it): linear time, where a sort per direction would cost more than the rest.
 */
function quantile(values: Float32Array, count: number, q: number, step: number, bins = 4096): number {
  if (!count) return 0;
  const histogram = new Uint32Array(bins);
  for (let k = 0; k < count; k++) histogram[min(bins - 1, (values[k]! / step) | 0)]! += 1;
  const target = q * (count - 1);
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    seen += histogram[b]!;
    if (seen > target) return (b + 0.5) * step;
  }
  return bins * step;
}

/** Blur applied before the coarse gradient: three binomial passes, sigma sqrt(3) chip pixels. */
const coarsePasses = 3;
/** Share of the face's pixels, per direction, whose edges are read (the strongest). */
const edgeShare = 0.1;
const directions = [0, 45, 90, 135];

export function sharpnessAndNoise(luma: Float32Array, size: number, region: Uint8Array): SharpnessAndNoise {
  const coarse = binomial(luma, size, coarsePasses);
  // Pixels whose 3x3 neighbourhood lies in the region.
  const inner: number[] = [];
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      if (
        region[i - size - 1] &&
        region[i - size + 1] &&
        region[i + size - 1] &&
        region[i + size + 1] &&
        region[i]
      )
        inner.push(i);
    }
  }
  const n = inner.length;
  const fine = new Float32Array(n * 4);
  const blurred = new Float32Array(n * 4);
  const immerkaer = new Float32Array(n);
  const coarseMagnitude = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = inner[k]!;
    const gx = (luma[i + 1]! - luma[i - 1]!) / 2;
    const gy = (luma[i + size]! - luma[i - size]!) / 2;
    const cx = (coarse[i + 1]! - coarse[i - 1]!) / 2;
    const cy = (coarse[i + size]! - coarse[i - size]!) / 2;
    fine.set([abs(gx), abs(gx + gy) * SQRT1_2, abs(gy), abs(gx - gy) * SQRT1_2], k * 4);
    blurred.set([abs(cx), abs(cx + cy) * SQRT1_2, abs(cy), abs(cx - cy) * SQRT1_2], k * 4);
    coarseMagnitude[k] = sqrt(cx * cx + cy * cy);
    const corners = luma[i - size - 1]! + luma[i - size + 1]! + luma[i + size - 1]! + luma[i + size + 1]!;
    const sides = luma[i - 1]! + luma[i + 1]! + luma[i - size]! + luma[i + size]!;
    immerkaer[k] = abs(corners - 2 * sides + 4 * luma[i]!);
  }

  // Noise on the flattest half (the coarse gradient below its median): 36 = the operator's squared norm.
  const flatLimit = quantile(coarseMagnitude, n, 0.5, 0.25);
  const flat = new Float32Array(n);
  let flatCount = 0;
  for (let k = 0; k < n; k++) if (coarseMagnitude[k]! <= flatLimit) flat[flatCount++] = immerkaer[k]!;
  const noise = (1.4826 * quantile(flat, flatCount, 0.5, 0.25)) / 6;

  // Noise energy per pixel in a directional central difference: sigma^2 / 2 at the chip's scale; the
  // coarse blur leaves a small fraction of it (sum of the squared kernel differences), neglected here.
  const noiseEnergy = (noise * noise) / 2;
  let sharpness = Infinity;
  let blurDirection = 0;
  const column = new Float32Array(n);
  for (let d = 0; d < 4; d++) {
    for (let k = 0; k < n; k++) column[k] = blurred[k * 4 + d]!;
    const limit = quantile(column, n, 1 - edgeShare, 1 / 16);
    let fineEnergy = 0;
    let coarseEnergy = 0;
    let count = 0;
    for (let k = 0; k < n; k++) {
      if (column[k]! < limit) continue;
      fineEnergy += fine[k * 4 + d]! ** 2;
      coarseEnergy += column[k]! ** 2;
      count++;
    }
    const ratio = sqrt(max(0, fineEnergy - count * noiseEnergy) / max(1e-9, coarseEnergy));
    if (ratio < sharpness) {
      sharpness = ratio;
      blurDirection = directions[d]!;
    }
  }
  return { sharpness: Number.isFinite(sharpness) ? sharpness : 0, blurDirection, noise };
}
