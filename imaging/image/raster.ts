/** In-memory pixels shared by every stage: 8-bit sRGB, 3 channels, row-major, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 8-bit RGBA, straight alpha (an overlay drawn by librsvg). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** One float channel (a probability mask or a luminance plane). */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

export function createRgb(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}

export function createPlane(width: number, height: number): Plane {
  return { width, height, data: new Float32Array(width * height) };
}
