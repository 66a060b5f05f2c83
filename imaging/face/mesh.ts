/**
 * Dense landmarks with MediaPipe Face Mesh: a 192x192 crop, square, 1.4x the YuNet box about its centre and
 * rotated so the YuNet eyes are level (the model was trained on upright faces). The 468 points come back
 * in master pixels, with z in the same scale (depth, smaller = nearer the camera).
 */
import { apply, invert, similarity, type Affine } from '../geometry';
import { type Pyramid } from '../image/pyramid';
import { modelInputs } from '../models/inputs';
import { type ModelSessions } from '../models/sessions';
import { type Detection } from './detect';

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export interface Mesh {
  points: Point3[];
  /** Probability that the crop holds a face (the model's presence logit through a sigmoid). */
  presence: number;
}

const cropSize = modelInputs.mesh.width; // square
const cropScale = 1.4;

export function meshCropMap(detection: Detection): Affine {
  const [left, right] = detection.landmarks;
  const angle = Math.atan2(right.y - left.y, right.x - left.x);
  const { box } = detection;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const side = Math.max(box.width, box.height) * cropScale;
  return similarity(cropSize / side, angle, centre, { x: cropSize / 2, y: cropSize / 2 });
}

export async function runMesh(models: ModelSessions, pyramid: Pyramid, detection: Detection): Promise<Mesh> {
  const masterToCrop = meshCropMap(detection);
  const crop = await pyramid.sample(masterToCrop, cropSize, cropSize, {
    outside: 'repeat',
    antialias: false,
  });
  const out = await models.infer('mesh', crop);
  const raw = out['conv2d_20']!.data;
  const logit = out['conv2d_30']!.data[0]!;
  const cropToMaster = invert(masterToCrop);
  const zScale = Math.hypot(cropToMaster.a, cropToMaster.d);
  const points: Point3[] = [];
  for (let i = 0; i < 468; i++) {
    const p = apply(cropToMaster, { x: raw[i * 3]!, y: raw[i * 3 + 1]! });
    points.push({ x: p.x, y: p.y, z: raw[i * 3 + 2]! * zScale });
  }
  return { points, presence: 1 / (1 + Math.exp(-logit)) };
}
