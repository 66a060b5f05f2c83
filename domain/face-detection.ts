/**
 * YuNet's outputs decoded into faces: anchors per MODELS.md, then non-maximum suppression. Shared by the
 * worker's pipeline (the 640 px model, imaging/face/detect.ts) and the console's live face guide (the 320 px
 * model in the browser), so both read the model the same way. Pure arithmetic: no runtime imports.
 */

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { exp, floor, max, min, sqrt } = Math;

export interface FacePoint {
  x: number;
  y: number;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Detection {
  box: FaceBox;
  score: number;
  /** Image-left eye, image-right eye, nose tip, image-left mouth corner, image-right mouth corner. */
  landmarks: [FacePoint, FacePoint, FacePoint, FacePoint, FacePoint];
}

/** Below this YuNet produces small false boxes on textured backgrounds (MODELS.md). */
export const minDetectionScore = 0.8;
const nmsIou = 0.3;
const strides = [8, 16, 32] as const;

export interface YunetOutputs {
  [name: string]: { data: ArrayLike<number> } | undefined;
}

/**
 * All faces scoring at least `minDetectionScore`, largest first, in the coordinates of an image that was
 * scaled by `scale` into the top-left corner of the square `inputSize` input.
 */
export function decodeYunet(outputs: YunetOutputs, inputSize: number, scale: number): Detection[] {
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
      // Input pixel centres sit at (i + 0.5) / scale - 0.5 in the image (area-preserving resize).
      const toImage = (v: number) => (v + 0.5) / scale - 0.5;
      const point = (k: number): FacePoint => ({
        x: toImage((col + kps[i * 10 + 2 * k]!) * stride),
        y: toImage((row + kps[i * 10 + 2 * k + 1]!) * stride),
      });
      found.push({
        box: { x: toImage(cx - w / 2), y: toImage(cy - h / 2), width: w / scale, height: h / scale },
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

export function iou(p: FaceBox, q: FaceBox): number {
  const x0 = max(p.x, q.x);
  const y0 = max(p.y, q.y);
  const x1 = min(p.x + p.width, q.x + q.width);
  const y1 = min(p.y + p.height, q.y + q.height);
  const inter = max(0, x1 - x0) * max(0, y1 - y0);
  const union = p.width * p.height + q.width * q.height - inter;
  return union > 0 ? inter / union : 0;
}
