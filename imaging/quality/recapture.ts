/**
 * A recaptured photo's pattern: a photo of a screen or of a print carries the screen's sub-pixel grid or
 * the print's dot screen, aliased by the camera into moire: a few sharp peaks in the spectrum of the
 * colour (chroma) planes, where a face and its backdrop have a smooth spectrum. Read on the master's own
 * pixels (resampling would change the pattern), on a square patch at the face centre.
 */
import { type RgbImage } from '../image/raster';

const { cos, floor, hypot, max, min, PI, round, sin } = Math;

/** Patch side (a power of two). */
const size = 128;

/** Twiddle factors e^(-2 pi i k / size), k < size / 2. */
const twiddleRe = Float64Array.from({ length: size / 2 }, (_, k) => cos((-2 * PI * k) / size));
const twiddleIm = Float64Array.from({ length: size / 2 }, (_, k) => sin((-2 * PI * k) / size));

/** In-place radix-2 FFT of one row or column (`size` values). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const stride = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = twiddleRe[k * stride]!;
        const wi = twiddleIm[k * stride]!;
        const a = i + k;
        const b = a + len / 2;
        const vr = re[b]! * wr - im[b]! * wi;
        const vi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - vr;
        im[b] = im[a]! - vi;
        re[a] = re[a]! + vr;
        im[a] = im[a]! + vi;
      }
    }
  }
}

/** Power spectrum of a size x size plane. */
function powerSpectrum(plane: Float64Array): Float64Array {
  const re = Float64Array.from(plane);
  const im = new Float64Array(size * size);
  const rowRe = new Float64Array(size);
  const rowIm = new Float64Array(size);
  for (let y = 0; y < size; y++) {
    rowRe.set(re.subarray(y * size, (y + 1) * size));
    rowIm.fill(0);
    fft(rowRe, rowIm);
    re.set(rowRe, y * size);
    im.set(rowIm, y * size);
  }
  for (let x = 0; x < size; x++) {
    for (let y = 0; y < size; y++) {
      rowRe[y] = re[y * size + x]!;
      rowIm[y] = im[y * size + x]!;
    }
    fft(rowRe, rowIm);
    for (let y = 0; y < size; y++) {
      re[y * size + x] = rowRe[y]!;
      im[y * size + x] = rowIm[y]!;
    }
  }
  const power = new Float64Array(size * size);
  for (let i = 0; i < power.length; i++) power[i] = re[i]! ** 2 + im[i]! ** 2;
  return power;
}

const signed = (k: number) => (k > size / 2 ? k - size : k);

/**
 * Frequencies a JPEG's own grid puts peaks on (the 8-pixel blocks, and the 16-pixel chroma blocks of
 * 4:2:0): left out, so that compression (judged by its own check) does not read as a recaptured pattern.
 */
const onCodingGrid = (fu: number, fv: number) =>
  (fu % (size / 16) === 0 && Math.abs(fv) <= 1) || (fv % (size / 16) === 0 && Math.abs(fu) <= 1);

/** Radii whose peaks count (the lowest frequencies hold the face's own shading). */
const minRadius = size / 16;
const maxRadius = size / 2;

/** For each counted radius, the spectrum bins on its ring; and the bins a peak may be read on. */
const rings: Int32Array[] = [];
const candidates: number[] = [];
{
  const members: number[][] = Array.from({ length: maxRadius + 1 }, () => []);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const r = round(hypot(signed(u), signed(v)));
      if (r < minRadius || r > maxRadius) continue;
      members[r]!.push(v * size + u);
      if (!onCodingGrid(signed(u), signed(v))) candidates.push(v * size + u);
    }
  }
  members.forEach((m, r) => (rings[r] = Int32Array.from(m)));
}
const ringOf = new Uint8Array(size * size);
rings.forEach((ring, r) => ring.forEach((bin) => (ringOf[bin] = r)));

/** Strongest spectral peak of one chroma plane over the median power at its radius. */
function peakiness(plane: Float64Array): number {
  const power = powerSpectrum(plane);
  const median = new Float64Array(maxRadius + 1);
  for (let r = minRadius; r <= maxRadius; r++) {
    const values = Float64Array.from(rings[r]!, (bin) => power[bin]!).sort();
    median[r] = values[floor(values.length / 2)]!;
  }
  let best = 0;
  for (const bin of candidates) best = max(best, power[bin]! / (median[ringOf[bin]!]! + 1e-9));
  return best;
}

/** The larger peakiness of the R - G and B - G planes of a patch at (cx, cy) of the master. */
export function recapturePattern(image: RgbImage, cx: number, cy: number): number {
  const hann = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * cos((2 * PI * (i + 0.5)) / size));
  const planes = [new Float64Array(size * size), new Float64Array(size * size)];
  const means = [0, 0];
  for (let y = 0; y < size; y++) {
    const sy = min(image.height - 1, max(0, round(cy - size / 2 + y)));
    for (let x = 0; x < size; x++) {
      const sx = min(image.width - 1, max(0, round(cx - size / 2 + x)));
      const i = (sy * image.width + sx) * 3;
      const g = image.data[i + 1]!;
      planes[0]![y * size + x] = image.data[i]! - g;
      planes[1]![y * size + x] = image.data[i + 2]! - g;
    }
  }
  for (let p = 0; p < 2; p++) {
    for (const v of planes[p]!) means[p]! += v / (size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        planes[p]![y * size + x] = (planes[p]![y * size + x]! - means[p]!) * hann[x]! * hann[y]!;
  }
  return max(peakiness(planes[0]!), peakiness(planes[1]!));
}
