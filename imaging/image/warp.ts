/**
 * Resampling through an affine map, in plain JS so that levelling, scaling and cropping happen in one
 * interpolation with sub-pixel placement. Callers pass the map from output pixels to source pixels and
 * pick the pyramid level so that the map never shrinks by more than 2x (supersampling covers 1-2x).
 */
import { type Affine } from '../geometry';
import { createPlane, createRgb, type Plane, type RgbImage } from './raster';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { round } = Math;

/** Source samples per output pixel along each axis, for a map that shrinks by `shrink` (> 1). */
export function supersamplingFor(shrink: number): number {
  return shrink > 1.25 ? 2 : 1;
}

/** Mirrors a coordinate that fell outside [0, max] back inside (a canvas extended past the sides or bottom). */
function reflect(v: number, max: number): number {
  const r = v < 0 ? -v : v > max ? 2 * max - v : v;
  return r < 0 ? 0 : r > max ? max : r;
}

/** A source coordinate brought inside [0, max]: mirrored, or the edge repeated. */
function inside(v: number, max: number, mirror: boolean): number {
  if (v >= 0 && v <= max) return v;
  return mirror ? reflect(v, max) : v < 0 ? 0 : max;
}

/** What a warp shows outside its source: the source mirrored at its edges, or its edge pixels repeated. */
export type Outside = 'mirror' | 'repeat';

export interface WarpOptions {
  /** Source samples per output pixel along each axis (supersampling for maps that shrink). */
  samples?: number;
  outside?: Outside;
  /** 1 marks the output pixels to compute; the others get `fill` (a replaced background, say). */
  only?: Uint8Array;
  fill?: readonly [number, number, number];
}

/**
 * Bilinear warp with `samples`x`samples` supersampling. Outside the source, 'mirror' lets a body continue
 * naturally past the sides and bottom of a photo (for renders; what lies above the head is decided by the
 * matte); 'repeat' draws plain streaks, which no model mistakes for another person (for model inputs).
 */
export function warpRgb(
  src: RgbImage,
  outToSrc: Affine,
  width: number,
  height: number,
  options: WarpOptions = {},
): RgbImage {
  const { samples = 1, outside = 'mirror', only, fill = [0, 0, 0] } = options;
  const mirror = outside === 'mirror';
  if (samples === 1) return warpRgbSingle(src, outToSrc, width, height, mirror, only, fill);
  return warpRgbSupersampled(src, outToSrc, width, height, samples, mirror, only, fill);
}

/** warpRgb with `samples` x `samples` bilinear samples per output pixel, averaged. */
function warpRgbSupersampled(
  src: RgbImage,
  m: Affine,
  width: number,
  height: number,
  samples: number,
  mirror: boolean,
  only: Uint8Array | undefined,
  [r0, g0, b0]: readonly [number, number, number],
): RgbImage {
  const out = createRgb(width, height);
  const { a, b, c, d, e, f } = m;
  const { data, width: sw, height: sh } = src;
  const maxX = sw - 1;
  const maxY = sh - 1;
  const weight = 1 / (samples * samples);
  const stride = sw * 3;
  const outData = out.data;
  // Sub-sample offsets within the output pixel (kept in the form y + (j + 0.5) / samples - 0.5).
  const steps = Array.from({ length: samples }, (_, j) => (j + 0.5) / samples);
  let o = 0;
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++, o += 3) {
      if (only && only[i] !== 1) {
        outData[o] = r0;
        outData[o + 1] = g0;
        outData[o + 2] = b0;
        continue;
      }
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let j = 0; j < samples; j++) {
        const oy = y + steps[j]! - 0.5;
        for (let i = 0; i < samples; i++) {
          const ox = x + steps[i]! - 0.5;
          let fy = d * ox + e * oy + f;
          let fx = a * ox + b * oy + c;
          let p01 = 3;
          let p10 = stride;
          if (!(fx >= 0 && fx < maxX && fy >= 0 && fy < maxY)) {
            fx = inside(fx, maxX, mirror);
            fy = inside(fy, maxY, mirror);
            p01 = (fx | 0) < maxX ? 3 : 0;
            p10 = (fy | 0) < maxY ? stride : 0;
          }
          const x0 = fx | 0;
          const y0 = fy | 0;
          const tx = fx - x0;
          const ty = fy - y0;
          const q00 = y0 * stride + x0 * 3;
          const q01 = q00 + p01;
          const q10 = q00 + p10;
          const q11 = q10 + p01;
          const w00 = (1 - tx) * (1 - ty);
          const w01 = tx * (1 - ty);
          const w10 = (1 - tx) * ty;
          const w11 = tx * ty;
          r += w00 * data[q00]! + w01 * data[q01]! + w10 * data[q10]! + w11 * data[q11]!;
          g += w00 * data[q00 + 1]! + w01 * data[q01 + 1]! + w10 * data[q10 + 1]! + w11 * data[q11 + 1]!;
          bl += w00 * data[q00 + 2]! + w01 * data[q01 + 2]! + w10 * data[q10 + 2]! + w11 * data[q11 + 2]!;
        }
      }
      outData[o] = round(r * weight);
      outData[o + 1] = round(g * weight);
      outData[o + 2] = round(bl * weight);
    }
  }
  return out;
}

/**
 * The one-sample case of warpRgb, with the source position stepped incrementally along each row. Inside
 * the source (the usual case) the four neighbours need no edge handling.
 */
function warpRgbSingle(
  src: RgbImage,
  m: Affine,
  width: number,
  height: number,
  mirror: boolean,
  only: Uint8Array | undefined,
  [r0, g0, b0]: readonly [number, number, number],
): RgbImage {
  const out = createRgb(width, height);
  const { data, width: sw, height: sh } = src;
  const maxX = sw - 1;
  const maxY = sh - 1;
  const stride = sw * 3;
  const outData = out.data;
  const { a, d } = m;
  let i = 0;
  for (let y = 0; y < height; y++) {
    let sx = m.b * y + m.c;
    let sy = m.e * y + m.f;
    for (let x = 0; x < width; x++, i++, sx += a, sy += d) {
      const o = i * 3;
      if (only && only[i] !== 1) {
        outData[o] = r0;
        outData[o + 1] = g0;
        outData[o + 2] = b0;
        continue;
      }
      if (sx >= 0 && sx < maxX && sy >= 0 && sy < maxY) {
        const x0 = sx | 0;
        const y0 = sy | 0;
        const tx = sx - x0;
        const ty = sy - y0;
        const p00 = y0 * stride + x0 * 3;
        const p10 = p00 + stride;
        const w00 = (1 - tx) * (1 - ty);
        const w01 = tx * (1 - ty);
        const w10 = (1 - tx) * ty;
        const w11 = tx * ty;
        outData[o] =
          (w00 * data[p00]! + w01 * data[p00 + 3]! + w10 * data[p10]! + w11 * data[p10 + 3]! + 0.5) | 0;
        outData[o + 1] =
          (w00 * data[p00 + 1]! + w01 * data[p00 + 4]! + w10 * data[p10 + 1]! + w11 * data[p10 + 4]! + 0.5) |
          0;
        outData[o + 2] =
          (w00 * data[p00 + 2]! + w01 * data[p00 + 5]! + w10 * data[p10 + 2]! + w11 * data[p10 + 5]! + 0.5) |
          0;
        continue;
      }
      const fx = inside(sx, maxX, mirror);
      const fy = inside(sy, maxY, mirror);
      const x0 = fx | 0;
      const y0 = fy | 0;
      const tx = fx - x0;
      const ty = fy - y0;
      const p00 = y0 * stride + x0 * 3;
      const p01 = x0 < maxX ? p00 + 3 : p00;
      const p10 = y0 < maxY ? p00 + stride : p00;
      const p11 = x0 < maxX ? p10 + 3 : p10;
      const w00 = (1 - tx) * (1 - ty);
      const w01 = tx * (1 - ty);
      const w10 = (1 - tx) * ty;
      const w11 = tx * ty;
      outData[o] = (w00 * data[p00]! + w01 * data[p01]! + w10 * data[p10]! + w11 * data[p11]! + 0.5) | 0;
      outData[o + 1] =
        (w00 * data[p00 + 1]! + w01 * data[p01 + 1]! + w10 * data[p10 + 1]! + w11 * data[p11 + 1]! + 0.5) | 0;
      outData[o + 2] =
        (w00 * data[p00 + 2]! + w01 * data[p01 + 2]! + w10 * data[p10 + 2]! + w11 * data[p11 + 2]! + 0.5) | 0;
    }
  }
  return out;
}

/** Bilinear warp of a float plane; samples outside the source read `outside` (or the nearest edge when null). */
export function warpPlane(
  src: Plane,
  outToSrc: Affine,
  width: number,
  height: number,
  outside: number | null,
): Plane {
  const out = createPlane(width, height);
  const { a, b, c, d, e, f } = outToSrc;
  const { data, width: sw, height: sh } = src;
  const maxX = sw - 1;
  const maxY = sh - 1;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o++) {
      let fx = a * x + b * y + c;
      let fy = d * x + e * y + f;
      if (outside !== null && (fx < -0.5 || fy < -0.5 || fx > sw - 0.5 || fy > sh - 0.5)) {
        out.data[o] = outside;
        continue;
      }
      fx = fx < 0 ? 0 : fx > maxX ? maxX : fx;
      fy = fy < 0 ? 0 : fy > maxY ? maxY : fy;
      const x0 = fx | 0;
      const y0 = fy | 0;
      const tx = fx - x0;
      const ty = fy - y0;
      const p00 = y0 * sw + x0;
      const p01 = x0 < maxX ? p00 + 1 : p00;
      const p10 = y0 < maxY ? p00 + sw : p00;
      const p11 = x0 < maxX ? p10 + 1 : p10;
      out.data[o] =
        (1 - ty) * ((1 - tx) * data[p00]! + tx * data[p01]!) + ty * ((1 - tx) * data[p10]! + tx * data[p11]!);
    }
  }
  return out;
}
