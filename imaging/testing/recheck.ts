/**
 * Independent re-measurement of a rendered photo: decode the JPEG, find the face again with the same
 * detector, mesh and segmentation as for a master, and express every geometric measure in the output's
 * pixels. Tests compare these with the profile's rules; they do not trust the solver's own numbers.
 */
import { detectFaces } from '../face/detect';
import { measureFace } from '../face/measure';
import { apply, invert } from '../geometry';
import { loadMaster } from '../image/load';
import { Pyramid } from '../image/pyramid';
import { type ModelSessions } from '../models/sessions';
import { type GeometryMeasure } from '../profiles/schema';

export interface Remeasured {
  width: number;
  height: number;
  faces: number;
  values: Record<GeometryMeasure, number>;
  roll: number;
}

export async function remeasure(models: ModelSessions, jpeg: Buffer): Promise<Remeasured> {
  const { image } = await loadMaster(jpeg, { maxBytes: 50_000_000, maxPixels: 50_000_000 });
  const pyramid = new Pyramid(image);
  const faces = await detectFaces(models, pyramid);
  if (faces.length === 0)
    return {
      width: image.width,
      height: image.height,
      faces: 0,
      values: {} as Remeasured['values'],
      roll: 0,
    };
  const m = await measureFace(models, pyramid, faces[0]!);
  // The output is level, so image rows are the levelled frame's rows (up to the residual roll).
  const toImage = invert(m.masterToLevelled);
  const eyeY = apply(toImage, { x: m.levelled.faceCentreX, y: 0 }).y;
  const crownY = apply(toImage, { x: m.levelled.faceCentreX, y: m.levelled.crownY }).y;
  const chinY = apply(toImage, { x: m.levelled.faceCentreX, y: m.levelled.chinY }).y;
  return {
    width: image.width,
    height: image.height,
    faces: faces.length,
    roll: m.pose.roll,
    values: {
      face_width: m.faceWidth,
      head_width: m.headWidth,
      head_height: m.headHeight,
      inter_eye_distance: m.interEyeDistance,
      crown_margin: crownY,
      eye_line_from_bottom: image.height - eyeY,
      chin_margin: image.height - chinY,
    },
  };
}
