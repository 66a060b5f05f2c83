/**
 * Presentation-attack score with the two MiniFASNet models (Silent-Face-Anti-Spoofing): each sees an 80x80
 * crop of the face box scaled 2.7x (V2) or 4.0x (V1SE) about its centre, shrunk and shifted to stay inside
 * the image as the reference implementation does. The score is the mean "live" probability of both.
 */
import { type Box } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { modelInputs } from '../models/inputs';
import { type ModelSessions } from '../models/sessions';

export interface LivenessScore {
  /** Mean live probability of both models, 0..1 (higher = more likely a real person in front of the camera). */
  live: number;
  v2: number;
  v1se: number;
}

const inputSize = modelInputs.padV2.width; // both models: 80 x 80

/** The reference `_get_new_box`: scale about the centre, limited by the image, then shifted inside it. */
export function livenessBox(box: Box, scale: number, imageWidth: number, imageHeight: number): Box {
  const s = Math.min((imageHeight - 1) / box.height, (imageWidth - 1) / box.width, scale);
  const width = box.width * s;
  const height = box.height * s;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let x = cx - width / 2;
  let y = cy - height / 2;
  x = Math.min(Math.max(x, 0), imageWidth - 1 - width);
  y = Math.min(Math.max(y, 0), imageHeight - 1 - height);
  return { x, y, width, height };
}

async function liveProbability(
  models: ModelSessions,
  model: 'padV2' | 'padV1se',
  pyramid: Pyramid,
  box: Box,
  scale: number,
): Promise<number> {
  const { width, height } = pyramid.master;
  const crop = livenessBox(box, scale, width, height);
  const sx = inputSize / crop.width;
  const sy = inputSize / crop.height;
  const pixels = await pyramid.sample(
    { a: sx, b: 0, c: -crop.x * sx, d: 0, e: sy, f: -crop.y * sy },
    inputSize,
    inputSize,
    {
      antialias: false,
    },
  );
  const out = await models.infer(model, pixels);
  const logits = Array.from(out['output']!.data);
  const peak = Math.max(...logits);
  const exp = logits.map((v) => Math.exp(v - peak));
  return exp[1]! / exp.reduce((a, b) => a + b, 0);
}

export async function scoreLiveness(
  models: ModelSessions,
  pyramid: Pyramid,
  faceBox: Box,
): Promise<LivenessScore> {
  const v2 = await liveProbability(models, 'padV2', pyramid, faceBox, 2.7);
  const v1se = await liveProbability(models, 'padV1se', pyramid, faceBox, 4.0);
  return { live: (v2 + v1se) / 2, v2, v1se };
}
