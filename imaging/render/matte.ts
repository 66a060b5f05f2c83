/**
 * Background replacement. The segmentation mask is coarse (256 px over the head and shoulders), so the
 * edge is settled from the photo's own colours: a trimap from the mask, then per-pixel alpha from the
 * local person and background colours, then the person's colours along the edge are decontaminated (the
 * old background's share removed), which is what prevents a light or dark halo around hair and ears.
 */
import { createPlane, type Plane, type RgbImage } from '../image/raster';

/** At or below `background` a pixel shows the new background, at or above `person` the photo itself. */
export const alphaLimits = { background: 0.02, person: 0.98 } as const;
const { background: backgroundAlpha, person: personAlpha } = alphaLimits;

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { ceil, floor, max, min, round, sqrt } = Math;

/**
 * Mean over a (2r+1)^2 window, the image edge repeated, via running sums (O(1) per pixel). `out` may be
 * `src` itself (src is read whole before out is written), never `tmp`, scratch of the same size: the
 * matte's many means share their buffers instead of allocating two planes each.
 */
function boxMean(
  src: Float32Array,
  width: number,
  height: number,
  r: number,
  out: Float32Array,
  tmp: Float32Array,
): Float32Array {
  const lastX = width - 1;
  // Where x + r + 1 stays inside and x - r stays at or past 0, no index needs clamping.
  const addInside = max(0, min(width, width - r - 1));
  const removeFrom = min(width, r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = src[row]!;
    const last = src[row + lastX]!;
    // Window sum at x = 0, the left edge repeated r times.
    let sum = r * first;
    for (let k = 0; k <= r; k++) sum += src[row + min(k, lastX)]!;
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum;
      const added = x < addInside ? src[row + x + r + 1]! : last;
      const removed = x > removeFrom ? src[row + x - r]! : first;
      sum += added - removed;
    }
  }
  // Vertical pass row by row (cache-friendly): a running column sum.
  const column = new Float64Array(width);
  const lastY = height - 1;
  for (let k = -r; k <= r; k++) {
    const row = min(max(k, 0), lastY) * width;
    for (let x = 0; x < width; x++) column[x]! += tmp[row + x]!;
  }
  const scale = 1 / (2 * r + 1) ** 2;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const addRow = min(y + r + 1, lastY) * width;
    const removeRow = max(y - r, 0) * width;
    for (let x = 0; x < width; x++) {
      out[row + x] = column[x]! * scale;
      column[x]! += tmp[addRow + x]! - tmp[removeRow + x]!;
    }
  }
  return out;
}

export interface Matte {
  /** The person's share of each pixel, 0..1. */
  alpha: Plane;
  /** Local old-background colour at half resolution (-1 where no settled background pixel is near). */
  background: { width: number; height: number; rgb: [Float32Array, Float32Array, Float32Array] };
}

/** Half-resolution sums of the colours of the pixels selected by `take` (and their count), one pass. */
function halfSums(image: RgbImage, take: Uint8Array) {
  const { width, height, data } = image;
  const w = width >> 1;
  const h = height >> 1;
  const count = new Float32Array(w * h);
  const red = new Float32Array(w * h);
  const green = new Float32Array(w * h);
  const blue = new Float32Array(w * h);
  for (let y = 0; y < 2 * h; y++) {
    const cellRow = (y >> 1) * w;
    for (let x = 0; x < 2 * w; x++) {
      const i = y * width + x;
      if (!take[i]) continue;
      const j = cellRow + (x >> 1);
      count[j]! += 1;
      red[j]! += data[i * 3]!;
      green[j]! += data[i * 3 + 1]!;
      blue[j]! += data[i * 3 + 2]!;
    }
  }
  return { w, h, count, red, green, blue };
}

/** Local mean colour of the pixels selected by `take`, over a (2r+1)^2 window, at half resolution. */
function localColour(image: RgbImage, take: Uint8Array, r: number) {
  const { w, h, count, red, green, blue } = halfSums(image, take);
  const radius = max(1, round(r / 2));
  const tmp = new Float32Array(w * h);
  for (const sums of [count, red, green, blue]) boxMean(sums, w, h, radius, sums, tmp);
  // Means where some selected pixel is near, -1 where none is (one pass for the three channels).
  for (let i = 0; i < count.length; i++) {
    const n = count[i]!;
    if (n > 1e-3) {
      red[i] = red[i]! / n;
      green[i] = green[i]! / n;
      blue[i] = blue[i]! / n;
    } else {
      red[i] = -1;
      green[i] = -1;
      blue[i] = -1;
    }
  }
  return { width: w, height: h, rgb: [red, green, blue] as [Float32Array, Float32Array, Float32Array] };
}

/**
 * Turns the coarse mask into the final matte. A trimap first: pixels whose whole window (`band` px) is
 * person or background in the coarse mask are settled (so is `solid`, the face), the rest is the
 * band where the edge really lies. In the band, alpha is the projection of the pixel's colour onto the
 * line between the local person colour F and the local background colour B, alpha = (I-B).(F-B)/|F-B|^2,
 * as far as the two differ; where they do not, the coarse mask's own (smooth) value. The projection is
 * what removes a dark or light rim of old background that the coarse mask lets through around the head.
 * (A colour guided filter in place of the coarse value was tried: no visible difference on the test set,
 * for a third more time.)
 */
export function buildMatte(image: RgbImage, coarse: Plane, band: number, solid: Uint8Array): Matte {
  const { width, height, data } = image;
  const n = width * height;
  const local = new Float32Array(n);
  for (let i = 0; i < n; i++) local[i] = coarse.data[i]! > 0.5 ? 1 : 0;
  boxMean(local, width, height, band, local, new Float32Array(n));
  const isPerson = new Uint8Array(n);
  const isBackground = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (solid[i] || local[i]! > 0.999) isPerson[i] = 1;
    else if (local[i]! < 0.001) isBackground[i] = 1;
  }
  // The person colour comes from the nearest settled person pixels (hair at the hairline, not the face),
  // the background colour from a wider window, so that every band pixel sees some.
  const person = localColour(image, isPerson, band + 1);
  const background = localColour(image, isBackground, 2 * band);
  const alpha = createPlane(width, height);
  const [fr, fg, fb] = person.rgb;
  const [br, bg, bb] = background.rgb;
  for (let y = 0; y < height; y++) {
    const row = min(y >> 1, person.height - 1) * person.width;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (isPerson[i]) {
        alpha.data[i] = 1;
        continue;
      }
      if (isBackground[i]) continue;
      let a = coarse.data[i]!;
      const j = row + min(x >> 1, person.width - 1);
      if (fr[j]! >= 0 && br[j]! >= 0) {
        const dr = fr[j]! - br[j]!;
        const dg = fg[j]! - bg[j]!;
        const db = fb[j]! - bb[j]!;
        const dot =
          (data[i * 3]! - br[j]!) * dr + (data[i * 3 + 1]! - bg[j]!) * dg + (data[i * 3 + 2]! - bb[j]!) * db;
        const norm = dr * dr + dg * dg + db * db;
        // Trust the projection in proportion to how far apart the two colours are (20..60 in RGB distance).
        const separation = min(1, max(0, (sqrt(norm) - 20) / 40));
        const projected = min(1, max(0, dot / max(norm, 1e-6)));
        a = separation * projected + (1 - separation) * a;
      }
      alpha.data[i] = a;
    }
  }
  return { alpha, background };
}

/** Rasterises a closed polygon (even-odd rule, pixel centres) into a 0/1 mask. */
export function fillPolygon(
  points: readonly { x: number; y: number }[],
  width: number,
  height: number,
): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const xs: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const q = points[(i + 1) % points.length]!;
      if ((p.y <= y && q.y > y) || (q.y <= y && p.y > y))
        xs.push(p.x + ((y - p.y) * (q.x - p.x)) / (q.y - p.y));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      for (let x = max(0, ceil(xs[k]!)); x <= min(width - 1, floor(xs[k + 1]!)); x++) out[y * width + x] = 1;
    }
  }
  return out;
}

/**
 * The person's own colour along the edge: the observed colour still holds the old background's share, so
 * it is recovered as (I - (1 - alpha) B) / alpha (B: the local old background colour). Laying this, not
 * the observed colour, over a new background is what prevents a halo. Elsewhere the observed colour.
 * Changes `image` in place.
 */
export function personColour(image: RgbImage, matte: Matte): RgbImage {
  const { width, height, data } = image;
  const { alpha, background } = matte;
  const [br, bg, bb] = background.rgb;
  for (let y = 0; y < height; y++) {
    const row = min(y >> 1, background.height - 1) * background.width;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = alpha.data[i]!;
      const j = row + min(x >> 1, background.width - 1);
      if (!(a > backgroundAlpha && a < personAlpha && br[j]! >= 0)) continue;
      const o = i * 3;
      data[o] = round(min(255, max(0, (data[o]! - (1 - a) * br[j]!) / a)));
      data[o + 1] = round(min(255, max(0, (data[o + 1]! - (1 - a) * bg[j]!) / a)));
      data[o + 2] = round(min(255, max(0, (data[o + 2]! - (1 - a) * bb[j]!) / a)));
    }
  }
  return image;
}
