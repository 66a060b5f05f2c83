/**
 * The model files and their check against the folder's SHA256SUMS, apart from onnxruntime, so that a
 * process which only needs to know the weights are there (npm start's pre-flight) does not load it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ImagingError } from '../errors';

export const modelFiles = {
  detector: 'yunet_s_640_640.onnx',
  mesh: 'face_mesh_468.onnx',
  segmenter: 'selfie_segmentation.onnx',
  padV2: 'minifasnet_v2.onnx',
  padV1se: 'minifasnet_v1se.onnx',
} as const;

export type ModelName = keyof typeof modelFiles;

/** The small YuNet that the console runs in the browser for its live face guide (served by the API). */
export const faceGuideModelFile = 'yunet_n_320_320.onnx';

export async function readChecksums(dir: string): Promise<Map<string, string>> {
  const file = path.join(dir, 'SHA256SUMS');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ImagingError('model_missing', { file: 'SHA256SUMS', dir }, { file }, { cause });
  }
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
    if (match) sums.set(match[2]!, match[1]!);
  }
  return sums;
}

export async function readVerified(dir: string, file: string, sums: Map<string, string>): Promise<Buffer> {
  const full = path.join(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch (cause) {
    throw new ImagingError('model_missing', { file, dir }, { file: full }, { cause });
  }
  const expected = sums.get(file);
  if (!expected) throw new ImagingError('model_not_listed', { file, dir }, { file: full });
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new ImagingError(
      'model_checksum_mismatch',
      { file, expected, actual },
      { file: full, expected, actual },
    );
  }
  return bytes;
}

/** Checks every model file against the folder's SHA256SUMS without loading it (a start-up pre-flight). */
export async function verifyModelFiles(modelsDir: string): Promise<void> {
  const dir = path.resolve(modelsDir);
  const sums = await readChecksums(dir);
  for (const file of [...Object.values(modelFiles), faceGuideModelFile]) await readVerified(dir, file, sums);
}

export async function readFaceGuideModel(modelsDir: string): Promise<Buffer> {
  const dir = path.resolve(modelsDir);
  return readVerified(dir, faceGuideModelFile, await readChecksums(dir));
}
