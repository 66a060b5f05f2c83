/**
 * Face detection with YuNet (640x640 variant): the master is scaled to fit 640 px and padded with black, and
 * the outputs decoded as the console's live guide decodes them (domain/face-detection.ts). Coordinates come
 * back in master pixels.
 */
import { decodeYunet, type Detection } from '../../domain/face-detection';
import { type Pyramid } from '../image/pyramid';
import { type RgbImage } from '../image/raster';
import { modelInputs } from '../models/inputs';
import { type ModelSessions } from '../models/sessions';

const { max, min, round } = Math;

export { minDetectionScore, type Detection } from '../../domain/face-detection';

const inputSize = modelInputs.detector.width; // square

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
  return decodeYunet(outputs, inputSize, scale);
}
