/** Test images and helpers shared by the imaging tests, the benchmark and the calibration. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { encodePng } from '../image/codec';
import { loadMaster } from '../image/load';
import { type RgbImage } from '../image/raster';

const config = loadConfig();
export const modelsDir = config.TONGPAI_MODELS_DIR;
export const testdataDir = config.TONGPAI_TESTDATA_DIR;

/** Files of one testdata folder, sorted (faces-hr, faces, nonfaces). */
export function testImages(folder: 'faces-hr' | 'faces' | 'nonfaces'): string[] {
  const dir = path.join(testdataDir, folder);
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export const faceFiles = (): string[] => [...testImages('faces-hr'), ...testImages('faces')];

export function testImage(relative: string): Buffer {
  return readFileSync(path.join(testdataDir, relative));
}

export async function decodeTestImage(relative: string): Promise<RgbImage> {
  return (await loadMaster(testImage(relative), { maxBytes: 1e8, maxPixels: 1e8 })).image;
}

/** A synthetic master as a lossless PNG, so that the defect under test is the only one added. */
export const asPng = (image: RgbImage): Promise<Buffer> => encodePng(image);
