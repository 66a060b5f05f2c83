/**
 * Renders the profile photos from the master. Each photo is one high-quality resampling through its
 * planned map (levelling, scale and crop together). For replaced backgrounds the matte is made once per
 * master, in a levelled frame covering every such crop at their mean scale, and each photo
 * takes its alpha and edge colours from it: one matte, the same edge in every photo, a quarter of the work.
 */
import { apply, compose, invert, scaleOf, type Affine } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { createRgb, type Plane, type RgbImage } from '../image/raster';
import { warpPlane } from '../image/warp';
import { faceOval } from '../face/landmarks';
import { type Measurements } from '../face/measure';
import { type Profile } from '../profiles/schema';
import { buildMatte, fillPolygon, personColour } from './matte';
import { type CropPlan } from './solve';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { ceil, max, min, round, sqrt } = Math;

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export interface SharedMatte {
  masterToFrame: Affine;
  alpha: Plane;
  /** Decontaminated person colour (meaningful where 0 < alpha < 1). */
  person: RgbImage;
}

/** The frame never needs more pixels than this; finer scales are capped. */
const maxFramePixels = 1_500_000;

export async function buildSharedMatte(
  pyramid: Pyramid,
  face: Measurements,
  plans: CropPlan[],
): Promise<SharedMatte> {
  // Union of the crops in the levelled frame.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const plan of plans) {
    const toLevelled = compose(face.masterToLevelled, invert(plan.masterToOutput));
    for (const [x, y] of [
      [0, 0],
      [plan.width, 0],
      [0, plan.height],
      [plan.width, plan.height],
    ] as const) {
      const p = apply(toLevelled, { x, y });
      minX = min(minX, p.x);
      minY = min(minY, p.y);
      maxX = max(maxX, p.x);
      maxY = max(maxY, p.y);
    }
  }
  // At the crops' mean scale: the finest photo takes its edge from a matte at most a little coarser.
  const area = (maxX - minX) * (maxY - minY);
  const meanScale = plans.reduce((sum, p) => sum + p.scale, 0) / plans.length;
  const scale = min(meanScale, sqrt(maxFramePixels / area));
  const margin = 2 / scale;
  const width = ceil((maxX - minX + 2 * margin) * scale);
  const height = ceil((maxY - minY + 2 * margin) * scale);
  const masterToFrame = compose(
    { a: scale, b: 0, c: -scale * (minX - margin), d: 0, e: scale, f: -scale * (minY - margin) },
    face.masterToLevelled,
  );
  const image = await pyramid.render(masterToFrame, width, height);

  const frameToMaster = invert(masterToFrame);
  const coarse = warpPlane(face.personMask, compose(face.masterToMask, frameToMaster), width, height, null);
  // Nothing of the person exists above the master's top edge: an extended canvas there is background.
  const m = frameToMaster;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (m.d * x + m.e * y + m.f < -0.5) coarse.data[y * width + x] = 0;
  }
  // One mask pixel spans this many frame pixels; the edge band is three of them wide on each side.
  const maskPixel = scale / scaleOf(face.masterToMask);
  const oval = faceOval.map((i) => apply(masterToFrame, face.mesh.points[i]!));
  const matte = buildMatte(image, coarse, ceil(3 * maskPixel), fillPolygon(oval, width, height));
  return { masterToFrame, alpha: matte.alpha, person: personColour(image, matte) };
}

export async function renderPixels(
  pyramid: Pyramid,
  plan: CropPlan,
  profile: Profile,
  matte: SharedMatte | undefined,
): Promise<RgbImage> {
  const { width, height, masterToOutput } = plan;
  const image = await pyramid.render(masterToOutput, width, height);
  if (profile.background.mode === 'keep') return image;
  if (!matte) throw new Error('a replaced background needs the shared matte');

  const outToFrame = compose(matte.masterToFrame, invert(masterToOutput));
  const alpha = warpPlane(matte.alpha, outToFrame, width, height, null);
  const [r0, g0, b0] = hexToRgb(profile.background.colour);
  const out = createRgb(width, height);
  const src = image.data;
  const dst = out.data;
  const person = matte.person;
  const pd = person.data;
  const pw = person.width;
  const maxX = person.width - 1;
  const maxY = person.height - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const o = i * 3;
      const a = alpha.data[i]!;
      if (a >= 0.98) {
        dst[o] = src[o]!;
        dst[o + 1] = src[o + 1]!;
        dst[o + 2] = src[o + 2]!;
        continue;
      }
      if (a <= 0.02) {
        dst[o] = r0;
        dst[o + 1] = g0;
        dst[o + 2] = b0;
        continue;
      }
      // Along the edge: the matte's decontaminated person colour (bilinear), over the new background.
      const fx = min(max(outToFrame.a * x + outToFrame.b * y + outToFrame.c, 0), maxX);
      const fy = min(max(outToFrame.d * x + outToFrame.e * y + outToFrame.f, 0), maxY);
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
      dst[o] = round(a * r + (1 - a) * r0);
      dst[o + 1] = round(a * g + (1 - a) * g0);
      dst[o + 2] = round(a * b + (1 - a) * b0);
    }
  }
  return out;
}
