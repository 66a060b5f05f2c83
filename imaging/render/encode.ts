/**
 * JPEG output of a profile: baseline, 4:2:0, standard tables, no metadata, DPI in the JFIF header. When the
 * profile has a KB range, the quality is found by bisection: the highest quality (within the profile's
 * quality range) whose file fits under the maximum. A file that cannot reach the minimum is reported,
 * never padded.
 */
import { encodeJpeg } from '../image/codec';
import { withJfifDpi } from '../image/jfif';
import { type RgbImage } from '../image/raster';
import { type Profile } from '../profiles/schema';

export const bytesPerKb = 1024;

export interface EncodedPhoto {
  jpeg: Buffer;
  quality: number;
  bytes: number;
  /** Qualities tried, in order (the bisection's trace). */
  tried: number[];
  /** False when the profile's KB range could not be reached within its quality range. */
  sizeInRange: boolean;
}

export async function encodeProfilePhoto(pixels: RgbImage, profile: Profile): Promise<EncodedPhoto> {
  const { dpi, kb, quality } = profile.output;
  const cache = new Map<number, Buffer>();
  const tried: number[] = [];
  const encode = async (q: number) => {
    let jpeg = cache.get(q);
    if (!jpeg) {
      jpeg = withJfifDpi(await encodeJpeg(pixels, q), dpi);
      cache.set(q, jpeg);
      tried.push(q);
    }
    return jpeg;
  };
  const done = (q: number, jpeg: Buffer): EncodedPhoto => ({
    jpeg,
    quality: q,
    bytes: jpeg.length,
    tried,
    sizeInRange: !kb || (jpeg.length >= kb.min * bytesPerKb && jpeg.length <= kb.max * bytesPerKb),
  });

  const best = await encode(quality.max);
  if (!kb || best.length <= kb.max * bytesPerKb) return done(quality.max, best);
  // Invariant: hi does not fit under the maximum; lo is assumed to (checked when the search ends there).
  let lo = quality.min;
  let hi = quality.max;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await encode(mid)).length <= kb.max * bytesPerKb) lo = mid;
    else hi = mid;
  }
  return done(lo, await encode(lo));
}
