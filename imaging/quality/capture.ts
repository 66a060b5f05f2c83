/**
 * Capture-related measures (ISO/IEC 29794-5 names), read from the same oriented pixels as everything else:
 * face measures on a levelled face chip at a fixed scale (so values do not depend on the camera's
 * resolution), compression on the master's own 8x8 grid, background on the segmentation frame.
 */
import { apply, compose, invert, similarity, type Point } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { type RgbImage } from '../image/raster';
import * as lm from '../face/landmarks';
import { type Measurements } from '../face/measure';
import { fillPolygon } from '../render/matte';
import { chroma, hue, rgbToLab } from './colour';
import { readEye } from './eyes';
import { mouthOpening } from './mouth';
import { recapturePattern } from './recapture';
import { sharpnessAndNoise } from './sharpness';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { abs, ceil, floor, max, min, round, sqrt } = Math;

export interface CaptureMeasures {
  /** Mean luma over the face oval, 0..255. */
  luminanceMean: number;
  /**
   * Share of face pixels with any channel at 250 or above (blown out: a warm face clips in red long before
   * its luma reaches white, whatever the skin tone).
   */
  overExposure: number;
  /** Share of face pixels with luma at 15 or below. */
  underExposure: number;
  /** 99th minus 1st percentile of face luma. */
  dynamicRange: number;
  /**
   * Face-to-background balance: mean linear luminance of the face oval over that of the background (1 when
   * no background is seen). Low when the light is behind the person (a window, a lit backdrop and an unlit
   * face); skin tone moves it far less than that: the darkest face of the test set reads 0.1 on light grey.
   */
  exposureBalance: number;
  /** Darker cheek's mean luma over the brighter one's (1 = even). */
  illuminationUniformity: number;
  /** Which of the subject's cheeks is darker. */
  darkerSide: 'right' | 'left';
  /**
   * Edge sharpness at a fixed face scale: on the face's strongest edges, the gradient at the chip's own
   * resolution over the gradient after a fixed blur, in the direction where that ratio is lowest (so
   * motion blur, which smears one direction, counts as much as defocus). Contrast cancels out; about 1
   * for a face with no detail finer than the blur, higher the sharper.
   */
  sharpness: number;
  /** Direction (degrees, image x toward y) in which the edges are softest. */
  blurDirection: number;
  /** Standard deviation of the luma noise on the face chip (0..255), from the flat skin. */
  noise: number;
  /**
   * How well the less visible eye can be seen: the spread of luma inside the eye opening (sclera against
   * iris and lashes) over its bright end (`eyes.ts`). A dark lens, a hand or hair over the eye leaves it flat.
   */
  eyeVisibility: number;
  /** Which eye is less visible. */
  hiddenEye: 'right' | 'left';
  /** CIELAB chroma of the whites of the visible eyes (neutral in a photo without a colour cast; 0 if none). */
  scleraChroma: number;
  /** Inner-lip gap over the mouth width, weighed by whether teeth or the mouth's inside show in it (`mouth.ts`). */
  mouthOpening: number;
  /**
   * Strongest peak in the colour spectrum of the master's pixels at the face centre, over the spectrum's
   * median at that frequency (`recapture.ts`): a screen's or a print's pattern, aliased into moire.
   */
  recapturePattern: number;
  /** Strength of the 8x8 block grid in the master (1 = none). */
  compressionArtefacts: number;
  /** Skin colour of the cheeks: CIELAB hue angle (degrees) and chroma. */
  skinHue: number;
  skinChroma: number;
  /** Share of near-white pixels inside the eye openings (glare, e.g. on glasses). */
  eyeGlare: number;
  /** Which eye shows more glare. */
  glareEye: 'right' | 'left';
  /** Standard deviation of background luma in the head-and-shoulders frame. */
  backgroundUniformity: number;
  /**
   * Colour difference (CIELAB, CIE76) between parts of the background: the 90th percentile over blocks of
   * the frame that are wholly background, from their median colour. An object beside the head (a door, a
   * flag) raises it whatever its brightness; a plain backdrop with a mild fall-off of light stays low.
   * 0 when fewer than 16 of the 256 blocks are wholly background.
   */
  backgroundObjects: number;
  /** Chroma (CIELAB) of the mean background colour, and its lightness. */
  backgroundChroma: number;
  backgroundLightness: number;
}

/** Linear light of an 8-bit sRGB value (gamma 2.2, as the exposure defects use). */
const linearOf = Float64Array.from({ length: 256 }, (_, v) => (v / 255) ** 2.2);

const chipSize = 192;
const chipFaceWidth = 128;
/** An eye this visible (`eyes.ts`) shows its white: only such eyes give the neutral reference for casts. */
const visibleEye = 0.42;
/** Blockiness is read on a central patch of the face at most this many master pixels wide. */
const blockPatch = 320;

function lumaPlane(image: RgbImage): Float32Array {
  const out = new Float32Array(image.width * image.height);
  const d = image.data;
  for (let i = 0; i < out.length; i++)
    out[i] = 0.299 * d[i * 3]! + 0.587 * d[i * 3 + 1]! + 0.114 * d[i * 3 + 2]!;
  return out;
}

/** Percentile from a 256-bin histogram. */
function percentile(histogram: Uint32Array, total: number, q: number): number {
  const target = q * (total - 1);
  let seen = 0;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v]!;
    if (seen > target) return v;
  }
  return histogram.length - 1;
}

/** Mean colour and luma statistics of the pixels selected by `mask`. */
function regionStats(image: RgbImage, luma: Float32Array, mask: Uint8Array) {
  const sum = [0, 0, 0];
  let lumaSum = 0;
  let lumaSq = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    n++;
    for (let c = 0; c < 3; c++) sum[c]! += image.data[i * 3 + c]!;
    lumaSum += luma[i]!;
    lumaSq += luma[i]! * luma[i]!;
  }
  const count = max(1, n);
  const mean = lumaSum / count;
  return {
    count: n,
    colour: sum.map((v) => v / count) as [number, number, number],
    luma: mean,
    lumaStd: sqrt(max(0, lumaSq / count - mean * mean)),
  };
}

/** Channel spread (max - min) of the mean of two colours: how far from grey the skin is. */
const spread = (a: readonly number[], b: readonly number[]) => {
  const mean = a.map((v, c) => (v + b[c]!) / 2);
  return max(...mean) - min(...mean);
};

/** Max over the 8 grid phases of the mean step across columns (rows), over its median: JPEG blockiness. */
function blockiness(pyramid: Pyramid, m: Measurements): number {
  const image = pyramid.master;
  const box = m.detection.box;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const half = min(box.width, box.height, blockPatch) / 2;
  const x0 = max(1, floor(cx - half));
  const y0 = max(1, floor(cy - half));
  const x1 = min(image.width - 1, ceil(cx + half));
  const y1 = min(image.height - 1, ceil(cy + half));
  const d = image.data;
  // Luma of the patch and of the row and column before it, computed once (each pixel is read three times).
  const w = x1 - x0 + 1;
  const luma = new Float64Array(w * (y1 - y0 + 1));
  for (let y = y0 - 1, k = 0; y < y1; y++) {
    for (let x = x0 - 1; x < x1; x++, k++) {
      const i = (y * image.width + x) * 3;
      luma[k] = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    }
  }
  const columnSums = new Float64Array(8);
  const rowSums = new Float64Array(8);
  const columnCounts = new Float64Array(8);
  const rowCounts = new Float64Array(8);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const k = (y - y0 + 1) * w + (x - x0 + 1);
      const v = luma[k]!;
      columnSums[x % 8]! += abs(v - luma[k - 1]!);
      columnCounts[x % 8]! += 1;
      rowSums[y % 8]! += abs(v - luma[k - w]!);
      rowCounts[y % 8]! += 1;
    }
  }
  const sums = [columnSums, rowSums];
  const counts = [columnCounts, rowCounts];
  const ratio = (k: number) => {
    const means = Array.from(sums[k]!, (s, phase) => s / max(1, counts[k]![phase]!));
    const sorted = [...means].sort((a, b) => a - b);
    const median = (sorted[3]! + sorted[4]!) / 2;
    return median > 0 ? max(...means) / median : 1;
  };
  return (ratio(0) + ratio(1)) / 2;
}

/** Blocks per side of the segmentation frame for `backgroundObjects`. */
const backgroundGrid = 16;

/**
 * Fewer blocks wholly background than this (a face close to the camera fills the frame) leave no backdrop
 * to compare parts of: `backgroundObjects` is then 0 and `background_uniformity` judges what is seen.
 */
const minBackgroundBlocks = 16;

/** `CaptureMeasures.backgroundObjects`: block colours, not pixels, so texture and noise do not count. */
function backgroundObjects(frame: RgbImage, background: Uint8Array): number {
  const size = floor(frame.width / backgroundGrid);
  const labs: { L: number; a: number; b: number }[] = [];
  for (let by = 0; by < backgroundGrid; by++) {
    for (let bx = 0; bx < backgroundGrid; bx++) {
      const sum = [0, 0, 0];
      let whole = true;
      for (let y = by * size; y < (by + 1) * size && whole; y++) {
        for (let x = bx * size; x < (bx + 1) * size; x++) {
          const i = y * frame.width + x;
          if (!background[i]) {
            whole = false;
            break;
          }
          for (let c = 0; c < 3; c++) sum[c]! += frame.data[i * 3 + c]!;
        }
      }
      if (whole) labs.push(rgbToLab(...(sum.map((v) => v / (size * size)) as [number, number, number])));
    }
  }
  if (labs.length < minBackgroundBlocks) return 0;
  const median = (k: 'L' | 'a' | 'b') => {
    const v = labs.map((l) => l[k]).sort((p, q) => p - q);
    return v[floor(v.length / 2)]!;
  };
  const centre = { L: median('L'), a: median('a'), b: median('b') };
  const distances = labs
    .map((l) => sqrt((l.L - centre.L) ** 2 + (l.a - centre.a) ** 2 + (l.b - centre.b) ** 2))
    .sort((p, q) => p - q);
  return distances[floor(0.9 * (distances.length - 1))]!;
}

export async function measureCapture(pyramid: Pyramid, m: Measurements): Promise<CaptureMeasures> {
  // Face chip: levelled, face width 128 px, centred between the eyes and the chin.
  const scale = chipFaceWidth / m.faceWidth;
  const levelledCentre = { x: m.levelled.faceCentreX, y: m.levelled.chinY * 0.35 };
  const levelledToChip = similarity(scale, 0, levelledCentre, { x: chipSize / 2, y: chipSize / 2 });
  const masterToChip = compose(levelledToChip, m.masterToLevelled);
  const chip = await pyramid.sample(masterToChip, chipSize, chipSize, { outside: 'repeat' });
  const luma = lumaPlane(chip);
  const region = (ids: readonly number[]) =>
    fillPolygon(
      ids.map((i): Point => apply(masterToChip, m.mesh.points[i]!)),
      chipSize,
      chipSize,
    );
  const oval = region(lm.faceOval);

  // Exposure over the face oval: a luma histogram gives the mean, the clipped shares and the percentiles.
  const histogram = new Uint32Array(256);
  let faceCount = 0;
  let faceSum = 0;
  let faceLinear = 0;
  for (let i = 0; i < oval.length; i++) {
    if (!oval[i]) continue;
    const v = min(255, round(luma[i]!));
    histogram[v]! += 1;
    faceSum += luma[i]!;
    faceLinear += linearOf[v]!;
    faceCount++;
  }
  const n = max(1, faceCount);
  let over = 0;
  let under = 0;
  for (let i = 0; i < oval.length; i++) {
    if (oval[i] && max(chip.data[i * 3]!, chip.data[i * 3 + 1]!, chip.data[i * 3 + 2]!) >= 250) over++;
  }
  for (let v = 0; v <= 15; v++) under += histogram[v]!;

  const rightCheek = regionStats(chip, luma, region(lm.rightCheekPatch));
  const leftCheek = regionStats(chip, luma, region(lm.leftCheekPatch));
  const skin = rgbToLab(
    ...([0, 1, 2].map((c) => (rightCheek.colour[c]! + leftCheek.colour[c]!) / 2) as [number, number, number]),
  );

  const { sharpness, blurDirection, noise } = sharpnessAndNoise(luma, chipSize, oval);
  const rightEye = readEye(chip.data, luma, region(lm.rightEyeContour));
  const leftEye = readEye(chip.data, luma, region(lm.leftEyeContour));
  const rightGlare = rightEye.glare;
  const leftGlare = leftEye.glare;
  const visibleEyes = [rightEye, leftEye].filter((e) => e.visibility >= visibleEye);
  const sclera = rgbToLab(
    ...(([0, 1, 2] as const).map(
      (c) => visibleEyes.reduce((sum, e) => sum + e.white[c], 0) / max(1, visibleEyes.length),
    ) as [number, number, number]),
  );

  // Background: frame pixels that are surely not person and lie inside the master.
  const frame = m.maskFrame;
  const back = invert(m.masterToMask);
  const background = new Uint8Array(frame.width * frame.height);
  const maxX = pyramid.master.width - 1;
  const maxY = pyramid.master.height - 1;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const i = y * frame.width + x;
      const px = back.a * x + back.b * y + back.c;
      const py = back.d * x + back.e * y + back.f;
      if (m.personMask.data[i]! < 0.05 && px >= 0 && py >= 0 && px <= maxX && py <= maxY) background[i] = 1;
    }
  }
  const frameLuma = lumaPlane(frame);
  const bg = regionStats(frame, frameLuma, background);
  let backgroundLinear = 0;
  for (let i = 0; i < background.length; i++)
    if (background[i]) backgroundLinear += linearOf[min(255, round(frameLuma[i]!))]!;
  const bgLab = rgbToLab(...bg.colour);

  return {
    luminanceMean: faceSum / n,
    overExposure: over / n,
    underExposure: under / n,
    dynamicRange: percentile(histogram, n, 0.99) - percentile(histogram, n, 0.01),
    exposureBalance: bg.count ? faceLinear / n / max(1e-6, backgroundLinear / bg.count) : 1,
    illuminationUniformity: min(rightCheek.luma, leftCheek.luma) / max(rightCheek.luma, leftCheek.luma, 1e-6),
    darkerSide: rightCheek.luma < leftCheek.luma ? 'right' : 'left',
    sharpness,
    blurDirection,
    noise,
    eyeVisibility: min(rightEye.visibility, leftEye.visibility),
    hiddenEye: rightEye.visibility <= leftEye.visibility ? 'right' : 'left',
    scleraChroma: visibleEyes.length ? chroma(sclera) : 0,
    mouthOpening: mouthOpening(
      m.mesh.points,
      masterToChip,
      chip.data,
      luma,
      chipSize,
      (rightCheek.luma + leftCheek.luma) / 2,
      spread(rightCheek.colour, leftCheek.colour),
    ),
    compressionArtefacts: blockiness(pyramid, m),
    recapturePattern: recapturePattern(
      pyramid.master,
      m.detection.box.x + m.detection.box.width / 2,
      m.detection.box.y + m.detection.box.height / 2,
    ),
    skinHue: hue(skin),
    skinChroma: chroma(skin),
    eyeGlare: max(rightGlare, leftGlare),
    glareEye: rightGlare >= leftGlare ? 'right' : 'left',
    backgroundUniformity: bg.count ? bg.lumaStd : 0,
    backgroundObjects: backgroundObjects(frame, background),
    backgroundChroma: chroma(bgLab),
    backgroundLightness: bgLab.L,
  };
}
