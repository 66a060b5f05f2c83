/**
 * Face detection with YuNet (640x640 variant): the master is scaled to fit 640 px and padded with black,
 * anchors are decoded per MODELS.md, then non-maximum suppression. Coordinates come back in master pixels.
 */
import { iou, type Box, type Point } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { type RgbImage } from '../image/raster';
import { modelInputs } from '../models/inputs';
import { type ModelSessions } from '../models/sessions';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { exp, floor, max, min, round, sqrt } = Math;

export interface Detection {
  box: Box;
  score: number;
  /** Image-left eye, image-right eye, nose tip, image-left mouth corner, image-right mouth corner. */
  landmarks: [Point, Point, Point, Point, Point];
}

const inputSize = modelInputs.detector.width; // square
const strides = [8, 16, 32] as const;
/** Below this YuNet produces small false boxes on textured backgrounds (MODELS.md). */
export const minDetectionScore = 0.8;
const nmsIou = 0.3;

function decode(outputs: Record<string, { data: Float32Array }>, scale: number): Detection[] {
  const found: Detection[] = [];
  for (const stride of strides) {
    const cols = inputSize / stride;
    const cls = outputs[`cls_${stride}`]!.data;
    const obj = outputs[`obj_${stride}`]!.data;
    const bbox = outputs[`bbox_${stride}`]!.data;
    const kps = outputs[`kps_${stride}`]!.data;
    for (let i = 0; i < cls.length; i++) {
      const score = sqrt(min(max(cls[i]!, 0), 1) * min(max(obj[i]!, 0), 1));
      if (score < minDetectionScore) continue;
      const col = i % cols;
      const row = floor(i / cols);
      const cx = (col + bbox[i * 4]!) * stride;
      const cy = (row + bbox[i * 4 + 1]!) * stride;
      const w = exp(bbox[i * 4 + 2]!) * stride;
      const h = exp(bbox[i * 4 + 3]!) * stride;
      // Input pixel centres sit at (i + 0.5) / scale - 0.5 in the master (area-preserving resize).
      const toMaster = (v: number) => (v + 0.5) / scale - 0.5;
      const point = (k: number): Point => ({
        x: toMaster((col + kps[i * 10 + 2 * k]!) * stride),
        y: toMaster((row + kps[i * 10 + 2 * k + 1]!) * stride),
      });
      found.push({
        box: { x: toMaster(cx - w / 2), y: toMaster(cy - h / 2), width: w / scale, height: h / scale },
        score,
        landmarks: [point(0), point(1), point(2), point(3), point(4)],
      });
    }
  }
  found.sort((p, q) => q.score - p.score);
  const kept: Detection[] = [];
  for (const d of found) if (kept.every((k) => iou(k.box, d.box) < nmsIou)) kept.push(d);
  return kept.sort((p, q) => q.box.width * q.box.height - p.box.width * p.box.height);
}

/** The master fitted into the detector's input, and the scale it was fitted at. */
export interface DetectorInput {
  pixels: RgbImage;
  scale: number;
}

export async function detectorInput(pyramid: Pyramid): Promise<DetectorInput> {
  const { width, height } = pyramid.master;
  const scale = inputSize / max(width, height);
  const w = min(inputSize, round(width * scale));
  const h = min(inputSize, round(height * scale));
  return { pixels: await pyramid.resize(w, h), scale };
}

/** All faces scoring at least `minDetectionScore`, largest first. */
export async function detectFaces(
  models: ModelSessions,
  pyramid: Pyramid,
  input?: DetectorInput,
): Promise<Detection[]> {
  const { pixels, scale } = input ?? (await detectorInput(pyramid));
  const outputs = await models.infer('detector', pixels); // letterboxed: the rest of the input is black
  return decode(outputs, scale);
}
