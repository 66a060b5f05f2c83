/**
 * Synthetic capture defects made from clean test faces, for the tests and the presentation-attack
 * calibration. Every function is deterministic (seeded noise), so a failing case can be reproduced.
 */
import { invert, similarity, type Affine } from '../geometry';
import { createRgb, type RgbImage } from '../image/raster';
import { warpRgb } from '../image/warp';

// Local aliases: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { cos, exp, floor, log, max, min, PI, round, sin, sqrt } = Math;

const clampByte = (v: number) => min(255, max(0, round(v)));

/** Small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mapPixels(
  image: RgbImage,
  f: (v: number, channel: number, x: number, y: number) => number,
): RgbImage {
  const out = createRgb(image.width, image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) out.data[i + c] = min(255, max(0, round(f(image.data[i + c]!, c, x, y))));
    }
  }
  return out;
}

/** Exposure change in linear light (factor < 1 darkens), then back to sRGB. */
export function exposure(image: RgbImage, factor: number): RgbImage {
  return mapPixels(image, (v) => 255 * min(1, ((v / 255) ** 2.2 * factor) ** (1 / 2.2)));
}

export function rotate(image: RgbImage, degrees: number): RgbImage {
  const radians = (degrees * Math.PI) / 180;
  const centre = { x: image.width / 2, y: image.height / 2 };
  const map: Affine = similarity(1, radians, centre, centre);
  return warpRgb(image, map, image.width, image.height);
}

/** Separable convolution with a 1-D kernel along (dx, dy) = (1, 0) or (0, 1); edges repeat. */
function convolve(image: RgbImage, kernel: number[], horizontal: boolean): RgbImage {
  const { width, height, data } = image;
  const out = createRgb(width, height);
  const r = (kernel.length - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < kernel.length; k++) {
        const xx = horizontal ? min(width - 1, max(0, x + k - r)) : x;
        const yy = horizontal ? y : min(height - 1, max(0, y + k - r));
        const i = (yy * width + xx) * 3;
        const w = kernel[k]!;
        s0 += w * data[i]!;
        s1 += w * data[i + 1]!;
        s2 += w * data[i + 2]!;
      }
      const o = (y * width + x) * 3;
      out.data[o] = clampByte(s0);
      out.data[o + 1] = clampByte(s1);
      out.data[o + 2] = clampByte(s2);
    }
  }
  return out;
}

/** Gaussian blur (separable), sigma in pixels. */
export function blur(image: RgbImage, sigma: number): RgbImage {
  const radius = max(1, Math.ceil(sigma * 3));
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / total);
  return convolve(convolve(image, k, true), k, false);
}

/** Linear motion blur: the mean of the image shifted along a line of `length` pixels at `degrees`. */
export function motionBlur(image: RgbImage, length: number, degrees: number): RgbImage {
  const { width, height, data } = image;
  const steps = max(2, Math.ceil(length) + 1);
  const dx = (cos((degrees * PI) / 180) * length) / (steps - 1);
  const dy = (sin((degrees * PI) / 180) * length) / (steps - 1);
  const out = createRgb(width, height);
  const acc = new Float32Array(width * height * 3);
  for (let s = 0; s < steps; s++) {
    const ox = (s - (steps - 1) / 2) * dx;
    const oy = (s - (steps - 1) / 2) * dy;
    for (let y = 0; y < height; y++) {
      const fy = min(height - 1, max(0, y + oy));
      const y0 = floor(fy);
      const y1 = min(height - 1, y0 + 1);
      const ty = fy - y0;
      for (let x = 0; x < width; x++) {
        const fx = min(width - 1, max(0, x + ox));
        const x0 = floor(fx);
        const x1 = min(width - 1, x0 + 1);
        const tx = fx - x0;
        for (let c = 0; c < 3; c++) {
          const a = data[(y0 * width + x0) * 3 + c]! * (1 - tx) + data[(y0 * width + x1) * 3 + c]! * tx;
          const b = data[(y1 * width + x0) * 3 + c]! * (1 - tx) + data[(y1 * width + x1) * 3 + c]! * tx;
          acc[(y * width + x) * 3 + c]! += a + (b - a) * ty;
        }
      }
    }
  }
  for (let i = 0; i < acc.length; i++) out.data[i] = clampByte(acc[i]! / steps);
  return out;
}

/** Gaussian sensor noise, independent per channel, standard deviation `sigma` (0..255 scale). */
export function addNoise(image: RgbImage, sigma: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const gauss = () => sqrt(-2 * log(1 - random())) * cos(2 * PI * random());
  return mapPixels(image, (v) => v + sigma * gauss());
}

/** Paints pixels whose `isBackground` is true with a colour (the mask comes from the caller). */
export function paintWhere(
  image: RgbImage,
  isBackground: (x: number, y: number) => boolean,
  colour: [number, number, number],
): RgbImage {
  return mapPixels(image, (v, c, x, y) => (isBackground(x, y) ? colour[c]! : v));
}

/** Places `image` scaled by `scale` at (left, top) on a canvas of the given size and colour. */
export function placeOnCanvas(
  image: RgbImage,
  width: number,
  height: number,
  scale: number,
  left: number,
  top: number,
  colour: [number, number, number],
): RgbImage {
  const canvas = createRgb(width, height);
  for (let i = 0; i < width * height; i++) canvas.data.set(colour, i * 3);
  const w = round(image.width * scale);
  const h = round(image.height * scale);
  const map: Affine = { a: 1 / scale, b: 0, c: 0, d: 0, e: 1 / scale, f: 0 };
  const placed = warpRgb(image, map, w, h, { samples: max(1, min(4, round(1 / scale))) });
  for (let y = 0; y < h; y++) {
    const ty = top + y;
    if (ty < 0 || ty >= height) continue;
    for (let x = 0; x < w; x++) {
      const tx = left + x;
      if (tx < 0 || tx >= width) continue;
      canvas.data.set(placed.data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), (ty * width + tx) * 3);
    }
  }
  return canvas;
}

/** Two copies side by side on one canvas. */
export function sideBySide(image: RgbImage): RgbImage {
  const out = createRgb(image.width * 2, image.height);
  for (let y = 0; y < image.height; y++) {
    const row = image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3);
    out.data.set(row, y * out.width * 3);
    out.data.set(row, (y * out.width + image.width) * 3);
  }
  return out;
}

/** Keeps the columns [left, left + width) and rows [top, top + height). */
export function cropRegion(
  image: RgbImage,
  left: number,
  top: number,
  width: number,
  height: number,
): RgbImage {
  const out = createRgb(width, height);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    out.data.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return out;
}

/**
 * Photographs a picture shown `zoom` times larger than `image` (a screen or a print of it): each output pixel
 * reads the enlarged picture bilinearly at the position `outToPicture` gives, without averaging over the
 * pixel, so the picture's fine structure beats against the camera's pixels (moire, aliasing). `texel`
 * gives the enlarged picture's pixel (X, Y) from the image's own colour there (`v`, 0..255 per channel).
 */
function photograph(
  image: RgbImage,
  zoom: number,
  outToPicture: Affine,
  texel: (X: number, Y: number, channel: number, v: number) => number,
): RgbImage {
  const { width, height } = image;
  const out = createRgb(width, height);
  const maxX = width * zoom - 1;
  const maxY = height * zoom - 1;
  // The enlarged picture's pixel X shows the image at X / zoom - 1/3 (as a bilinear enlargement would).
  const picture = (X: number, Y: number, c: number) => {
    const fx = min(max(X / zoom - 1 / 3, 0), width - 1);
    const fy = min(max(Y / zoom - 1 / 3, 0), height - 1);
    const x0 = fx | 0;
    const y0 = fy | 0;
    const x1 = min(x0 + 1, width - 1);
    const y1 = min(y0 + 1, height - 1);
    const tx = fx - x0;
    const ty = fy - y0;
    const d = image.data;
    const top = d[(y0 * width + x0) * 3 + c]! * (1 - tx) + d[(y0 * width + x1) * 3 + c]! * tx;
    const bottom = d[(y1 * width + x0) * 3 + c]! * (1 - tx) + d[(y1 * width + x1) * 3 + c]! * tx;
    const v = round(top + (bottom - top) * ty);
    return min(255, max(0, round(texel(X, Y, c, v))));
  };
  const m = outToPicture;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const fx = min(max(m.a * x + m.b * y + m.c, 0), maxX);
      const fy = min(max(m.d * x + m.e * y + m.f, 0), maxY);
      const x0 = fx | 0;
      const y0 = fy | 0;
      const x1 = min(x0 + 1, maxX);
      const y1 = min(y0 + 1, maxY);
      const tx = fx - x0;
      const ty = fy - y0;
      for (let c = 0; c < 3; c++) {
        const top = picture(x0, y0, c) * (1 - tx) + picture(x1, y0, c) * tx;
        const bottom = picture(x0, y1, c) * (1 - tx) + picture(x1, y1, c) * tx;
        out.data[(y * width + x) * 3 + c] = round(top + (bottom - top) * ty);
      }
    }
  }
  return out;
}

/**
 * A photo of a screen: the picture is shown on an RGB-stripe display (each pixel three sub-pixel columns
 * with a darker row gap, shown at 3x) and re-photographed slightly rotated at a scale that is not a whole
 * number (the camera's pixels beat against the sub-pixel grid: moire), with the screen's raised black
 * level, a cool tint, a glare patch, defocus and sensor noise.
 */
export function screenRecapture(image: RgbImage, seed = 1): RgbImage {
  const zoom = 3;
  const random = seededRandom(seed);
  const scale = 1 / (zoom * (0.93 + 0.04 * random()));
  const screenCentre = { x: (image.width * zoom) / 2, y: (image.height * zoom) / 2 };
  const map = similarity(scale, ((1.5 + random()) * Math.PI) / 180, screenCentre, {
    x: image.width / 2,
    y: image.height / 2,
  });
  const shot = photograph(
    image,
    zoom,
    invert(map),
    (X, Y, c, v) => v * (X % zoom === c ? 1.2 : 0.9) * (Y % zoom === zoom - 1 ? 0.85 : 1.075),
  );
  const glare = {
    x: image.width * (0.25 + 0.5 * random()),
    y: image.height * (0.2 + 0.3 * random()),
    r: image.width * 0.3,
  };
  const tint = [0.9, 0.97, 1.1];
  return mapPixels(blur(shot, 0.5), (v, c, x, y) => {
    const g = exp(-((x - glare.x) ** 2 + (y - glare.y) ** 2) / (2 * glare.r ** 2));
    return 14 + 0.8 * v * tint[c]! + 25 * g + (random() - 0.5) * 8;
  });
}

/**
 * A photo of a printed photo: the picture printed 3x larger as a colour halftone (dots on screens rotated
 * 15/75/0 degrees, period 6), on warm paper with reduced contrast, re-photographed slightly rotated back
 * to the original size (the dot screen aliases), with defocus and noise.
 */
export function printRecapture(image: RgbImage, seed = 2): RgbImage {
  const zoom = 3;
  const period = 6;
  const screens = [15, 75, 0].map(
    (d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)] as const,
  );
  const random = seededRandom(seed);
  const printCentre = { x: (image.width * zoom) / 2, y: (image.height * zoom) / 2 };
  const map = similarity(1 / (zoom * 1.02), ((1 + random()) * Math.PI) / 180, printCentre, {
    x: image.width / 2,
    y: image.height / 2,
  });
  const cell = (v: number) => {
    const f = v - floor(v);
    return f - 0.5;
  };
  const shot = photograph(image, zoom, invert(map), (X, Y, c, v) => {
    const [cos, sin] = screens[c]!;
    const du = cell((X * cos + Y * sin) / period);
    const dw = cell((-X * sin + Y * cos) / period);
    const ink = 1 - v / 255; // area of this colour's ink dot
    return du * du + dw * dw < ink / Math.PI ? 35 : 240;
  });
  const paper = [1.0, 0.96, 0.87];
  return mapPixels(blur(shot, 0.7), (v, c) => 22 + 0.82 * v * paper[c]! + (random() - 0.5) * 10);
}
