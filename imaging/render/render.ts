/**
 * The shared matte of the profile photos whose background is replaced. Each photo is one high-quality
 * resampling through its planned map (Pyramid.reduce and warp: levelling, scale and crop together); the
 * matte is made once per master, in a levelled frame covering every such crop at their mean scale, and
 * each photo takes its alpha and edge colours from it (./background): one matte, the same edge in every
 * photo, a quarter of the work.
 */
import { apply, compose, invert, scaleOf, type Affine, type Point } from '../geometry';
import { type Plane, type RgbImage } from '../image/raster';
import { warpPlane } from '../image/warp';
import { faceOval } from '../face/landmarks';
import { type Measurements } from '../face/measure';
import { alphaLimits, buildMatte, fillPolygon, personColour } from './matte';
import { type CropPlan } from './solve';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's), and an
// imported binding is a getter call per use once compiled to CommonJS.
const { ceil, max, min, sqrt } = Math;
const { background: backgroundBelow, person: personAbove } = alphaLimits;

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export interface SharedMatte {
  masterToFrame: Affine;
  alpha: Plane;
  /** Decontaminated person colour (meaningful where 0 < alpha < 1). */
  person: RgbImage;
  /**
   * Per frame pixel, what bilinear sampling from there (it and its right, lower and lower-right
   * neighbours, edges repeated) can give: `solid.background` when all four are background, `solid.person`
   * when all four are person, else `solid.edge`. Lets a photo skip the interpolation where it cannot matter.
   */
  cells: Uint8Array;
}

export const solid = { background: 0, person: 1, edge: 2 } as const;

function cellsOf(alpha: Plane): Uint8Array {
  const { width, height, data } = alpha;
  const n = width * height;
  // Each pixel's own class first; a cell is solid when its four pixels share a solid class.
  const kind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = data[i]!;
    kind[i] = a <= backgroundBelow ? solid.background : a >= personAbove ? solid.person : solid.edge;
  }
  const cells = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    const below = y < height - 1 ? width : 0;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const right = x < width - 1 ? 1 : 0;
      const k = kind[i]!;
      cells[i] =
        k === kind[i + right] && k === kind[i + below] && k === kind[i + below + right] ? k : solid.edge;
    }
  }
  return cells;
}

/** Where the shared matte is made: a levelled frame covering every replaced-background crop. */
export interface MatteFrame {
  masterToFrame: Affine;
  width: number;
  height: number;
  /** Frame pixels per master pixel. */
  scale: number;
}

/** The frame never needs more pixels than this; finer scales are capped. */
const maxFramePixels = 1_500_000;

/** The mask's person share below which the face oval is not forced to person (see solidFace). */
const minFacePersonShare = 0.2;

export function matteFrameFor(face: Measurements, plans: CropPlan[]): MatteFrame {
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
  // At the crops' mean scale: the finest photo takes its edge from a matte at most a little coarser. Never
  // finer than the master itself, whose pixels hold all there is to know about the edge: for an enlarged
  // photo the matte is enlarged with it, as its pixels are.
  const area = (maxX - minX) * (maxY - minY);
  const meanScale = plans.reduce((sum, p) => sum + p.scale, 0) / plans.length;
  const scale = min(meanScale, 1, sqrt(maxFramePixels / area));
  const margin = 2 / scale;
  const masterToFrame = compose(
    { a: scale, b: 0, c: -scale * (minX - margin), d: 0, e: scale, f: -scale * (minY - margin) },
    face.masterToLevelled,
  );
  return {
    masterToFrame,
    width: ceil((maxX - minX + 2 * margin) * scale),
    height: ceil((maxY - minY + 2 * margin) * scale),
    scale,
  };
}

/**
 * Where the face is person whatever the colours say: inside the mesh's face oval, so that bright skin on a
 * bright backdrop keeps no hole; but only where the mask gives the pixel some chance of being person. A
 * phone held close distorts the face, the mesh oval then reaches past the cheeks, and forcing all of it
 * kept the door beside the face (zoom_15cm) and dark smudges along the jaw (zoom_60cm).
 */
function solidFace(oval: Point[], coarse: Plane): Uint8Array {
  const solid = fillPolygon(oval, coarse.width, coarse.height);
  for (let i = 0; i < solid.length; i++) if (coarse.data[i]! < minFacePersonShare) solid[i] = 0;
  return solid;
}

/** One matte per master for every replaced background, from the frame's pixels (`image`, consumed). */
export function buildSharedMatte(face: Measurements, frame: MatteFrame, image: RgbImage): SharedMatte {
  const { masterToFrame, width, height, scale } = frame;
  const frameToMaster = invert(masterToFrame);
  const coarse = warpPlane(face.personMask, compose(face.masterToMask, frameToMaster), width, height, null);
  // Nothing of the person exists above the master's top edge: an extended canvas there is background.
  // (Master y is affine in the frame, so when no corner lies above the edge, no pixel does.)
  const m = frameToMaster;
  const corners = [0, width - 1].flatMap((x) => [0, height - 1].map((y) => m.d * x + m.e * y + m.f));
  if (min(...corners) < -0.5) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (m.d * x + m.e * y + m.f < -0.5) coarse.data[y * width + x] = 0;
    }
  }
  // One mask pixel spans this many frame pixels; the edge band is three of them wide on each side.
  const maskPixel = scale / scaleOf(face.masterToMask);
  const oval = faceOval.map((i) => apply(masterToFrame, face.mesh.points[i]!));
  const matte = buildMatte(image, coarse, ceil(3 * maskPixel), solidFace(oval, coarse));
  return {
    masterToFrame,
    alpha: matte.alpha,
    person: personColour(image, matte),
    cells: cellsOf(matte.alpha),
  };
}
