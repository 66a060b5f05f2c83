/**
 * What each model reads (MODELS.md): its input's name, size, layout, channel order and value scaling, and
 * the one conversion from 8-bit RGB pixels to that tensor. Pixels smaller than the input sit at its
 * top-left corner and the rest is black (YuNet's letterbox).
 */
import { type RgbImage } from '../image/raster';
import { type ModelName } from './checksums';

export interface ModelInput {
  name: string;
  width: number;
  height: number;
  /** Planes (N, C, H, W) or interleaved (N, H, W, C). */
  layout: 'nchw' | 'nhwc';
  order: 'rgb' | 'bgr';
  /** Tensor value = pixel value (0..255) * scale + offset. */
  scale: number;
  offset: number;
}

export const modelInputs: Record<ModelName, ModelInput> = {
  detector: { name: 'input', width: 640, height: 640, layout: 'nchw', order: 'bgr', scale: 1, offset: 0 },
  mesh: {
    name: 'input_1',
    width: 192,
    height: 192,
    layout: 'nchw',
    order: 'rgb',
    scale: 1 / 127.5,
    offset: -1,
  },
  segmenter: {
    name: 'input_1:0',
    width: 256,
    height: 256,
    layout: 'nhwc',
    order: 'rgb',
    scale: 1 / 255,
    offset: 0,
  },
  padV2: { name: 'input', width: 80, height: 80, layout: 'nchw', order: 'bgr', scale: 1, offset: 0 },
  padV1se: { name: 'input', width: 80, height: 80, layout: 'nchw', order: 'bgr', scale: 1, offset: 0 },
};

export function inputDims({ width, height, layout }: ModelInput): number[] {
  return layout === 'nchw' ? [1, 3, height, width] : [1, height, width, 3];
}

/** Writes `pixels` into `tensor` (3 x width x height floats) as `input` expects; every value is written. */
export function fillTensor(input: ModelInput, pixels: RgbImage, tensor: Float32Array): void {
  const { width, height, scale, offset } = input;
  const { data, width: pw, height: ph } = pixels;
  if (pw > width || ph > height) throw new Error(`${pw}x${ph} pixels do not fit a ${width}x${height} input`);
  // Source channel of tensor channels 0, 1, 2.
  const [c0, c1, c2] = input.order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  if (input.layout === 'nhwc') {
    for (let y = 0; y < ph; y++) {
      for (let x = 0, s = y * pw * 3, d = y * width * 3; x < pw; x++, s += 3, d += 3) {
        tensor[d] = data[s + c0]! * scale + offset;
        tensor[d + 1] = data[s + c1]! * scale + offset;
        tensor[d + 2] = data[s + c2]! * scale + offset;
      }
      tensor.fill(offset, (y * width + pw) * 3, (y + 1) * width * 3);
    }
    tensor.fill(offset, ph * width * 3);
    return;
  }
  const plane = width * height;
  for (let y = 0; y < ph; y++) {
    for (let x = 0, s = y * pw * 3, d = y * width; x < pw; x++, s += 3, d++) {
      tensor[d] = data[s + c0]! * scale + offset;
      tensor[plane + d] = data[s + c1]! * scale + offset;
      tensor[2 * plane + d] = data[s + c2]! * scale + offset;
    }
  }
  // Black beyond the pixels: the right of each row and the rows below, in each plane.
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < ph; y++) tensor.fill(offset, c * plane + y * width + pw, c * plane + (y + 1) * width);
    tensor.fill(offset, c * plane + ph * width, (c + 1) * plane);
  }
}
