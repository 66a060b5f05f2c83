/**
 * Person segmentation (MediaPipe Selfie Segmentation) in the levelled head-and-shoulders frame: a square
 * around the face, rotated so the eyes are level, is what the model sees, so the mask has its full
 * 256 px on the region every profile crops from. The model marks other objects as person too, so only
 * the part connected to the face is kept.
 */
import { compose, invert, type Affine } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { createPlane, type Plane, type RgbImage } from '../image/raster';
import { warpPlane } from '../image/warp';
import { modelInputs } from '../models/inputs';
import { type ModelSessions } from '../models/sessions';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { ceil, max, min, round } = Math;

export const segmentationSize = modelInputs.segmenter.width; // square

export interface Segmentation {
  /** What the model saw: the levelled head-and-shoulders square. */
  frame: RgbImage;
  /** Person probability over the frame, 0..1. */
  mask: Plane;
}

/**
 * Where the frame reaches past the master, the model sees the edge pixels repeated: a mirror would show it
 * more people, and a flat fill would draw an edge above the head that it takes for the top of the hair.
 */
export async function runSegmentation(
  models: ModelSessions,
  pyramid: Pyramid,
  masterToMask: Affine,
): Promise<Segmentation> {
  const crop = await pyramid.sample(masterToMask, segmentationSize, segmentationSize, {
    outside: 'repeat',
    antialias: false,
  });
  const out = await models.infer('segmenter', crop);
  const mask = { width: segmentationSize, height: segmentationSize, data: out['activation_10']!.data };
  return { frame: crop, mask };
}

/**
 * Second opinion on the head: the model's false positives depend on its field of view (a patch of
 * mottled backdrop above a bald head, a door jamb beside the hair), so the head is segmented again in a
 * tighter square and, above `lastHeadRow`, a pixel is person only if both views agree.
 */
export async function confirmHead(
  models: ModelSessions,
  pyramid: Pyramid,
  wide: Segmentation,
  masterToWide: Affine,
  masterToHead: Affine,
  lastHeadRow: number,
): Promise<Plane> {
  const head = await runSegmentation(models, pyramid, masterToHead);
  const wideToHead = compose(masterToHead, invert(masterToWide));
  const out = createPlane(wide.mask.width, wide.mask.height);
  out.data.set(wide.mask.data);
  const rows = min(wide.mask.height, max(0, ceil(lastHeadRow)));
  const seen = warpPlane(head.mask, wideToHead, wide.mask.width, rows, -1);
  for (let i = 0; i < seen.data.length; i++) {
    const other = seen.data[i]!;
    if (other >= 0) out.data[i] = min(out.data[i]!, other);
  }
  return out;
}

/**
 * Keeps the person region connected to `seed` (a point inside the face): flood fill over mask > 0.5,
 * then everything outside the filled region (and farther than a small band from it) is cleared, so the
 * soft edge around the person survives but detached objects (chair backs, flags, lamps) do not.
 */
export function keepConnected(mask: Plane, seed: { x: number; y: number }, band = 3): Plane {
  const { width, height, data } = mask;
  const inside = new Uint8Array(width * height);
  const sx = min(width - 1, max(0, round(seed.x)));
  const sy = min(height - 1, max(0, round(seed.y)));
  const stack = [sy * width + sx];
  if (data[stack[0]!]! <= 0.5) return mask;
  inside[stack[0]!] = 1;
  const neighbours = [-1, 1, -width, width];
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    for (let k = 0; k < 4; k++) {
      if (
        (k === 0 && x === 0) ||
        (k === 1 && x === width - 1) ||
        (k === 2 && y === 0) ||
        (k === 3 && y === height - 1)
      )
        continue;
      const j = i + neighbours[k]!;
      if (!inside[j] && data[j]! > 0.5) {
        inside[j] = 1;
        stack.push(j);
      }
    }
  }
  // Distance (chessboard) to the kept region, two passes; the soft edge within `band` is kept.
  const dist = new Float32Array(width * height);
  for (let i = 0; i < dist.length; i++) dist[i] = inside[i] ? 0 : 1e9;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x > 0) dist[i] = min(dist[i]!, dist[i - 1]! + 1);
      if (y > 0) dist[i] = min(dist[i]!, dist[i - width]! + 1);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (x < width - 1) dist[i] = min(dist[i]!, dist[i + 1]! + 1);
      if (y < height - 1) dist[i] = min(dist[i]!, dist[i + width]! + 1);
    }
  }
  const out = createPlane(width, height);
  for (let i = 0; i < dist.length; i++) out.data[i] = dist[i]! <= band ? data[i]! : 0;
  return out;
}
