/**
 * The defects the quality evaluation makes from each clean face, at two levels: `mild` (still acceptable
 * under ICAO 9303 and the Chinese guides: the photo must pass) and `severe` (must be refused). Each kind
 * names the checks whose job it is to catch it. Placement uses the clean face's own measurements (eyes,
 * face width, person mask), so an occlusion covers the eye it claims to cover.
 */
import { apply, invert, type Point } from '../geometry';
import { encodeJpeg, resizeRgb } from '../image/codec';
import { loadMaster } from '../image/load';
import { createRgb, type RgbImage } from '../image/raster';
import * as lm from '../face/landmarks';
import { type Measurements } from '../face/measure';
import {
  addNoise,
  blur,
  exposure,
  motionBlur,
  printRecapture,
  rotate,
  screenRecapture,
  seededRandom,
} from '../testing/defects';

const { abs, exp, floor, hypot, max, min, round } = Math;

export type Level = 'mild' | 'severe';

export interface FaceContext {
  image: RgbImage;
  m: Measurements;
  /** Seed for this face (noise and textures differ between faces, not between runs). */
  seed: number;
}

export interface DefectKind {
  id: string;
  label: string;
  /** The checks whose job it is to catch the severe level (any of them failing counts). */
  intended: string[];
  /** Makes the defect at a level; undefined when the level does not apply to this face. */
  make: (face: FaceContext, level: Level) => Promise<RgbImage | undefined> | RgbImage | undefined;
}

const clamp = (v: number) => min(255, max(0, round(v)));
const toLinear = (v: number) => (v / 255) ** 2.2;
const toSrgb = (v: number) => 255 * min(1, max(0, v)) ** (1 / 2.2);

function mapRgb(
  image: RgbImage,
  f: (rgb: [number, number, number], x: number, y: number) => [number, number, number],
) {
  const out = createRgb(image.width, image.height);
  const d = image.data;
  for (let y = 0, i = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++, i += 3) {
      const [r, g, b] = f([d[i]!, d[i + 1]!, d[i + 2]!], x, y);
      out.data[i] = clamp(r);
      out.data[i + 1] = clamp(g);
      out.data[i + 2] = clamp(b);
    }
  }
  return out;
}

/** A low-resolution photo enlarged back to the original size (face `faceWidth` pixels wide before). */
async function reupscaled(face: FaceContext, faceWidth: number): Promise<RgbImage | undefined> {
  const f = faceWidth / face.m.faceWidth;
  if (f >= 0.95) return undefined;
  const { width, height } = face.image;
  const small = await resizeRgb(face.image, max(8, round(width * f)), max(8, round(height * f)));
  return resizeRgb(small, width, height);
}

async function jpeg(image: RgbImage, quality: number): Promise<RgbImage> {
  return (await loadMaster(await encodeJpeg(image, quality), { maxBytes: 1e8, maxPixels: 1e8 })).image;
}

const eyeCentre = (m: Measurements, side: 'right' | 'left'): Point =>
  side === 'right' ? m.rightEye : m.leftEye;

/** Paints `colour(x, y)` where `inside(x, y)`; `colour` may return the pixel unchanged. */
function paint(
  image: RgbImage,
  inside: (x: number, y: number) => boolean,
  colour: (rgb: [number, number, number], x: number, y: number) => [number, number, number],
) {
  return mapRgb(image, (rgb, x, y) => (inside(x, y) ? colour(rgb, x, y) : rgb));
}

/** Coordinates along and across the eye line, in inter-eye distances, from a point. */
function eyeFrame(m: Measurements, origin: Point) {
  const ux = (m.leftEye.x - m.rightEye.x) / m.interEyeDistance;
  const uy = (m.leftEye.y - m.rightEye.y) / m.interEyeDistance;
  return (x: number, y: number) => ({
    u: ((x - origin.x) * ux + (y - origin.y) * uy) / m.interEyeDistance,
    v: (-(x - origin.x) * uy + (y - origin.y) * ux) / m.interEyeDistance,
  });
}

/** Sunglasses (severe: dark lenses over both eyes, a dark band) or clear glasses' frames (mild). */
function glasses(face: FaceContext, level: Level): RgbImage {
  const { m } = face;
  const lenses = (['right', 'left'] as const).map((s) => eyeFrame(m, eyeCentre(m, s)));
  const mid = eyeFrame(m, { x: (m.rightEye.x + m.leftEye.x) / 2, y: (m.rightEye.y + m.leftEye.y) / 2 });
  const ellipse = (p: { u: number; v: number }) => hypot(p.u / 0.3, p.v / 0.21);
  if (level === 'severe') {
    const inside = (x: number, y: number) =>
      lenses.some((f) => ellipse(f(x, y)) <= 1) ||
      (abs(mid(x, y).u) < 0.22 && abs(mid(x, y).v + 0.08) < 0.03);
    return paint(face.image, inside, (_rgb, x, y) => {
      const shade = 22 + 10 * max(0, 1 - ellipse(lenses[0]!(x, y)));
      return [shade, shade, shade + 4];
    });
  }
  const rim = (x: number, y: number) => lenses.some((f) => abs(ellipse(f(x, y)) - 1.12) < 0.05);
  return paint(face.image, rim, () => [30, 30, 34]);
}

/** Dark hair: over the subject's right eye (severe) or a fringe on the forehead ending above the brow (mild). */
function hair(face: FaceContext, level: Level): RgbImage {
  const { m } = face;
  const f = eyeFrame(m, m.rightEye);
  const random = seededRandom(face.seed);
  const strands = Array.from({ length: 64 }, () => 0.75 + 0.5 * random());
  const bottom = level === 'severe' ? 0.35 : -0.42;
  const inside = (x: number, y: number) => {
    const { u, v } = f(x, y);
    const lower = bottom - 0.25 * (u + 0.45);
    return v > -1.1 && v < lower && u > -0.55 && u < 0.55 - 0.3 * (v + 1.1);
  };
  return paint(face.image, inside, (_rgb, x, y) => {
    const strand = strands[floor((f(x, y).u + 1) * 40) & 63]!;
    return [48 * strand, 36 * strand, 30 * strand];
  });
}

/** Mean colour of the cheeks, from the mesh's cheek patches (for a hand of the subject's own skin). */
function cheekColour(face: FaceContext): [number, number, number] {
  const pts = [...lm.rightCheekPatch, ...lm.leftCheekPatch].map((i) => face.m.mesh.points[i]!);
  const sum = [0, 0, 0];
  for (const p of pts) {
    const i = (round(p.y) * face.image.width + round(p.x)) * 3;
    for (let c = 0; c < 3; c++) sum[c]! += face.image.data[i + c]!;
  }
  return sum.map((v) => v / pts.length) as [number, number, number];
}

/** A hand over the subject's left eye: skin of the subject's tone, shaded, with finger gaps. */
function hand(face: FaceContext, level: Level): RgbImage | undefined {
  if (level === 'mild') return undefined;
  const { m } = face;
  const f = eyeFrame(m, m.leftEye);
  const skin = cheekColour(face);
  const inside = (x: number, y: number) => {
    const { u, v } = f(x, y);
    return hypot((u - 0.15) / 0.55, (v + 0.05) / 0.42) <= 1;
  };
  return paint(face.image, inside, (_rgb, x, y) => {
    const { u, v } = f(x, y);
    const gap = abs((((v + 1) * 5) % 1) - 0.5) > 0.45 ? 0.7 : 1; // the lines between fingers
    const shade = gap * (0.92 + 0.1 * u);
    return skin.map((c) => c * shade) as [number, number, number];
  });
}

/** Linear-light channel gains, over the whole photo or only on the face and neck (coloured light). */
function cast(face: FaceContext, gains: [number, number, number], faceOnly: boolean): RgbImage {
  const { m } = face;
  const centre = apply(invert(m.masterToLevelled), { x: m.levelled.faceCentreX, y: m.levelled.chinY * 0.4 });
  const weight = (x: number, y: number) =>
    faceOnly
      ? exp(
          -(
            (((x - centre.x) / (0.7 * m.faceWidth)) ** 2 + ((y - centre.y) / (0.95 * m.faceWidth)) ** 2) **
            2
          ),
        )
      : 1;
  return mapRgb(face.image, (rgb, x, y) => {
    const w = weight(x, y);
    return rgb.map((v, c) => toSrgb(toLinear(v) * (1 + w * (gains[c]! - 1)))) as [number, number, number];
  });
}

function contrast(image: RgbImage, k: number): RgbImage {
  return mapRgb(image, (rgb) => rgb.map((v) => 128 + (v - 128) * k) as [number, number, number]);
}

/** Mean luma of the master at the mesh points of one cheek patch. */
function cheekLuma(face: FaceContext, patch: readonly number[]): number {
  let sum = 0;
  for (const p of patch.map((i) => face.m.mesh.points[i]!)) {
    const i = (round(p.y) * face.image.width + round(p.x)) * 3;
    const d = face.image.data;
    sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
  }
  return sum / patch.length;
}

/**
 * Light falling off across the face toward the cheek that is already the darker one (the key light moved
 * further to the other side): linear gain `far` at that side, 1 at the other. Falling off toward the brighter
 * cheek would even out a face lit from one side instead of making its light uneven.
 */
function uneven(face: FaceContext, far: number): RgbImage {
  const { m } = face;
  const toLevelled = m.masterToLevelled;
  const towardLeft = cheekLuma(face, lm.leftCheekPatch) <= cheekLuma(face, lm.rightCheekPatch);
  return mapRgb(face.image, (rgb, x, y) => {
    const lx = apply(toLevelled, { x, y }).x;
    const t = min(1, max(0, (lx - m.levelled.faceRightX) / (m.levelled.faceLeftX - m.levelled.faceRightX)));
    const gain = 1 + (far - 1) * (towardLeft ? t : 1 - t);
    return rgb.map((v) => toSrgb(toLinear(v) * gain)) as [number, number, number];
  });
}

/** Master pixels that are surely background (the clean face's person mask; below the chin only if outside it). */
function backgroundMask(face: FaceContext): (x: number, y: number) => boolean {
  const { m } = face;
  const { width, height, data } = m.personMask;
  return (x, y) => {
    const p = apply(m.masterToMask, { x, y });
    const px = round(p.x);
    const py = round(p.y);
    if (px < 0 || py < 0 || px >= width || py >= height) return y < m.chin.y;
    return data[py * width + px]! < 0.05;
  };
}

/** The same scene photographed from farther away: the whole photo reduced so the eyes are `interEye` apart. */
async function smallFace(face: FaceContext, interEye: number): Promise<RgbImage | undefined> {
  const scale = interEye / face.m.interEyeDistance;
  if (scale >= 0.95) return undefined;
  const { width, height } = face.image;
  return resizeRgb(face.image, round(width * scale), round(height * scale));
}

/** Face-width scale: blur lengths are given at a face 128 px wide (the checks' chip) and scaled to the face. */
const atFace = (face: FaceContext, chipPixels: number) => (chipPixels * face.m.faceWidth) / 128;

export const defectKinds: DefectKind[] = [
  {
    id: 'defocus',
    label: 'defocus blur',
    intended: ['sharpness'],
    make: (f, l) => blur(f.image, atFace(f, l === 'mild' ? 0.4 : 2.2)),
  },
  {
    id: 'motion',
    label: 'motion blur',
    intended: ['sharpness'],
    make: (f, l) => motionBlur(f.image, atFace(f, l === 'mild' ? 1 : 6), 20),
  },
  {
    id: 'reupscaled',
    label: 're-upscaled low-resolution photo',
    intended: ['sharpness'],
    make: (f, l) => reupscaled(f, l === 'mild' ? 0.8 * f.m.faceWidth : 40),
  },
  {
    id: 'noise',
    label: 'sensor noise',
    intended: ['noise'],
    make: (f, l) => addNoise(f.image, l === 'mild' ? 2.5 : 22, f.seed),
  },
  {
    id: 'sunglasses',
    label: 'dark band over both eyes (sunglasses) / clear frames',
    intended: ['eyes_visible'],
    make: glasses,
  },
  { id: 'hair', label: 'hair over one eye / fringe above the brows', intended: ['eyes_visible'], make: hair },
  { id: 'hand', label: 'hand over one eye', intended: ['eyes_visible'], make: hand },
  {
    id: 'cast_face',
    label: 'warm colour cast on the face',
    intended: ['colour_cast', 'natural_colour'],
    make: (f, l) => cast(f, l === 'mild' ? [1.04, 1, 0.94] : [1.35, 1, 0.55], true),
  },
  {
    id: 'cast_photo',
    label: 'warm colour cast, whole photo',
    intended: ['colour_cast', 'natural_colour', 'background_colour'],
    make: (f, l) => cast(f, l === 'mild' ? [1.04, 1, 0.94] : [1.35, 1, 0.55], false),
  },
  {
    id: 'dark',
    label: 'under-exposed',
    intended: ['luminance_mean', 'under_exposure', 'dynamic_range'],
    make: (f, l) => exposure(f.image, l === 'mild' ? 0.7 : 0.08),
  },
  {
    id: 'bright',
    label: 'over-exposed',
    intended: ['luminance_mean', 'over_exposure'],
    make: (f, l) => exposure(f.image, l === 'mild' ? 1.2 : 3.5),
  },
  {
    id: 'backlit',
    label: 'light behind the person (face darker than the background)',
    intended: ['exposure_balance', 'luminance_mean', 'under_exposure', 'dynamic_range'],
    make: (f, l) => {
      const bg = backgroundMask(f);
      const gain = l === 'mild' ? 0.7 : 0.05;
      return paint(
        f.image,
        (x, y) => !bg(x, y),
        (rgb) => rgb.map((v) => toSrgb(toLinear(v) * gain)) as [number, number, number],
      );
    },
  },
  {
    id: 'flat',
    label: 'low contrast',
    intended: ['dynamic_range'],
    make: (f, l) => contrast(f.image, l === 'mild' ? 0.88 : 0.3),
  },
  {
    id: 'uneven',
    label: 'uneven light',
    intended: ['illumination_uniformity'],
    make: (f, l) => uneven(f, l === 'mild' ? 0.85 : 0.22),
  },
  {
    id: 'jpeg',
    label: 'heavy JPEG compression',
    intended: ['compression_artefacts'],
    make: (f, l) => jpeg(f.image, l === 'mild' ? 70 : 6),
  },
  {
    id: 'small',
    label: 'small face',
    intended: ['inter_eye_distance'],
    make: (f, l) => smallFace(f, l === 'mild' ? max(72, 0.85 * f.m.interEyeDistance) : 32),
  },
  {
    id: 'roll',
    label: 'head tilted sideways',
    intended: ['roll'],
    make: (f, l) => rotate(f.image, l === 'mild' ? 2.5 : 12),
  },
  {
    id: 'background_colour',
    label: 'coloured background',
    intended: ['background_colour'],
    make: (f, l) => {
      const bg = backgroundMask(f);
      return paint(f.image, bg, (rgb) =>
        l === 'mild' ? [rgb[0] * 1.0, rgb[1] * 0.99, rgb[2] * 0.97] : [40, 110, 220],
      );
    },
  },
  {
    id: 'door',
    label: 'door behind the subject',
    intended: ['background_uniformity', 'background_objects'],
    make: (f, l) => {
      const bg = backgroundMask(f);
      const doorRight = f.m.detection.box.x - 0.25 * f.m.faceWidth;
      if (l === 'mild') return undefined;
      return paint(
        f.image,
        (x, y) => x < doorRight && x > doorRight - 1.2 * f.m.faceWidth && bg(x, y),
        () => [92, 58, 36],
      );
    },
  },
  {
    id: 'screen',
    label: 'photo of a screen',
    intended: ['presentation_attack', 'recapture_pattern'],
    make: (f, l) => (l === 'severe' ? screenRecapture(f.image, f.seed) : undefined),
  },
  {
    id: 'print',
    label: 'photo of a print',
    intended: ['presentation_attack', 'recapture_pattern'],
    make: (f, l) => (l === 'severe' ? printRecapture(f.image, f.seed) : undefined),
  },
];
