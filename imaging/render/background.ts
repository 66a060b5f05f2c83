/**
 * A photo over its profile's background colour, through the shared matte (./render): the photo where the
 * matte says person, the colour where it says background, and along the edge the matte's decontaminated
 * person colour blended over the new colour. Only the person's own pixels are sampled from the master.
 */
import { compose, invert, type Affine } from '../geometry';
import { type RgbImage } from '../image/raster';
import { alphaLimits } from './matte';
import { solid, type SharedMatte } from './render';
import { type CropPlan } from './solve';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's), and an
// imported binding is a getter call per use once compiled to CommonJS.
const { fround, max, min, round } = Math;
const { person: onPerson, edge: onEdge } = solid;
const { background: backgroundBelow, person: personAbove } = alphaLimits;

export interface PhotoCover {
  /** Per output pixel: solid.background, solid.person (1: warp `only` these) or solid.edge. */
  cover: Uint8Array;
  /** The edge pixels (indices) and the matte's alpha there (bilinear, float32, the matte's edge repeated). */
  edges: number[];
  edgeAlpha: number[];
  /** Output pixels to the matte's frame. */
  outToFrame: Affine;
}

/** Where the photo shows the person, the new background, or the edge between them. */
export function photoCover(plan: CropPlan, matte: SharedMatte): PhotoCover {
  const { width, height } = plan;
  const m = compose(matte.masterToFrame, invert(plan.masterToOutput));
  const { data, width: fw, height: fh } = matte.alpha;
  const { cells } = matte;
  const maxX = fw - 1;
  const maxY = fh - 1;
  const cover = new Uint8Array(width * height);
  const edges: number[] = [];
  const edgeAlpha: number[] = [];
  const { a: stepX, d: stepY } = m;
  for (let y = 0, i = 0; y < height; y++) {
    // The frame position steps along the row (as in warpRgb) rather than being mapped afresh per pixel.
    let sx = m.b * y + m.c;
    let sy = m.e * y + m.f;
    for (let x = 0; x < width; x++, i++, sx += stepX, sy += stepY) {
      const fx = sx < 0 ? 0 : sx > maxX ? maxX : sx;
      const fy = sy < 0 ? 0 : sy > maxY ? maxY : sy;
      const x0 = fx | 0;
      const y0 = fy | 0;
      const q00 = y0 * fw + x0;
      const cell = cells[q00]!;
      if (cell !== onEdge) {
        cover[i] = cell;
        continue;
      }
      const tx = fx - x0;
      const ty = fy - y0;
      const q01 = x0 < maxX ? q00 + 1 : q00;
      const q10 = y0 < maxY ? q00 + fw : q00;
      const q11 = x0 < maxX ? q10 + 1 : q10;
      const a = fround(
        (1 - ty) * ((1 - tx) * data[q00]! + tx * data[q01]!) + ty * ((1 - tx) * data[q10]! + tx * data[q11]!),
      );
      if (a >= personAbove) cover[i] = onPerson;
      else if (a > backgroundBelow) {
        cover[i] = onEdge;
        edges.push(i);
        edgeAlpha.push(a);
      }
    }
  }
  return { cover, edges, edgeAlpha, outToFrame: m };
}

/**
 * Finishes a photo warped with `only: cover` and `fill: colour` (`image`, changed in place): along the
 * edge, the matte's decontaminated person colour (bilinear) blended over the new background. (The edge
 * needs nothing from the warp, which is why `only` leaves it out.)
 */
export function blendEdges(
  image: RgbImage,
  { edges, edgeAlpha, outToFrame: m }: PhotoCover,
  colour: readonly [number, number, number],
  matte: SharedMatte,
): RgbImage {
  const { width } = image;
  const [r0, g0, b0] = colour;
  const dst = image.data;
  const pd = matte.person.data;
  const pw = matte.person.width;
  const maxX = matte.person.width - 1;
  const maxY = matte.person.height - 1;
  for (let k = 0; k < edges.length; k++) {
    const i = edges[k]!;
    const a = edgeAlpha[k]!;
    const x = i % width;
    const y = (i - x) / width;
    const fx = min(max(m.a * x + m.b * y + m.c, 0), maxX);
    const fy = min(max(m.d * x + m.e * y + m.f, 0), maxY);
    const x0 = fx | 0;
    const y0 = fy | 0;
    const tx = fx - x0;
    const ty = fy - y0;
    const p00 = (y0 * pw + x0) * 3;
    const p01 = x0 < maxX ? p00 + 3 : p00;
    const p10 = y0 < maxY ? p00 + pw * 3 : p00;
    const p11 = x0 < maxX ? p10 + 3 : p10;
    const w00 = (1 - tx) * (1 - ty);
    const w01 = tx * (1 - ty);
    const w10 = (1 - tx) * ty;
    const w11 = tx * ty;
    const r = w00 * pd[p00]! + w01 * pd[p01]! + w10 * pd[p10]! + w11 * pd[p11]!;
    const g = w00 * pd[p00 + 1]! + w01 * pd[p01 + 1]! + w10 * pd[p10 + 1]! + w11 * pd[p11 + 1]!;
    const b = w00 * pd[p00 + 2]! + w01 * pd[p01 + 2]! + w10 * pd[p10 + 2]! + w11 * pd[p11 + 2]!;
    const o = i * 3;
    dst[o] = round(a * r + (1 - a) * r0);
    dst[o + 1] = round(a * g + (1 - a) * g0);
    dst[o + 2] = round(a * b + (1 - a) * b0);
  }
  return image;
}
