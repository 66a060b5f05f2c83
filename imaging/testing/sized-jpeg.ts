/** JPEGs of a given pixel size inside a given KB range, without the pipeline: for tests of what receives photos. */
import sharp from 'sharp';

const cache = new Map<string, Buffer>();

async function noiseJpeg(width: number, height: number, quality: number): Promise<Buffer> {
  const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise } })
    .blur(1.2)
    .jpeg({ quality })
    .toBuffer();
}

/** Textured noise of `width` x `height`, at the highest quality whose file fits `kb` (any size without one). */
export async function jpegOfSize(
  width: number,
  height: number,
  kb?: { min: number; max: number },
): Promise<Buffer> {
  const cacheKey = `${width}x${height}:${kb?.min}-${kb?.max}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let best = await noiseJpeg(width, height, kb ? 1 : 90);
  if (kb) {
    let lo = 1;
    let hi = 100;
    while (lo < hi) {
      const q = Math.ceil((lo + hi) / 2);
      const jpeg = await noiseJpeg(width, height, q);
      if (jpeg.length <= kb.max * 1024) [lo, best] = [q, jpeg];
      else hi = q - 1;
    }
    if (best.length < kb.min * 1024 || best.length > kb.max * 1024)
      throw new Error(`no noise JPEG of ${width}x${height} fits ${kb.min}-${kb.max} KB`);
  }
  cache.set(cacheKey, best);
  return best;
}
