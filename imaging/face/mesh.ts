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

/** The crop map followed by a left-right mirror of the crop. */
const mirrored = (m: Affine): Affine => ({ a: -m.a, b: -m.b, c: cropSize - m.c, d: m.d, e: m.e, f: m.f });

export async function runMesh(models: ModelSessions, pyramid: Pyramid, detection: Detection): Promise<Mesh> {
  return meshThrough(models, pyramid, meshCropMap(detection));
}

/**
 * The mesh of the mirror image of the same crop, as a face of its own (a point's x negated after mapping it
 * back to the master: translation does not matter to the pose). Its yaw is the opposite of the face's, its
 * pitch the same: the pose of both views, averaged, cancels what the model reads differently in a face and
 * its mirror image, and halves the jitter of the estimate (`docs/quality.md`, pose stability).
 */
export async function runMirroredMesh(
  models: ModelSessions,
  pyramid: Pyramid,
  detection: Detection,
): Promise<Point3[]> {
  const { points } = await meshThrough(models, pyramid, mirrored(meshCropMap(detection)));
  return points.map((p) => ({ x: -p.x, y: p.y, z: p.z }));
}

async function meshThrough(models: ModelSessions, pyramid: Pyramid, masterToCrop: Affine): Promise<Mesh> {
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
