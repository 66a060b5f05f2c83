/**
 * JPEG output of a profile: baseline, 4:2:0, standard tables, no metadata, DPI in the JFIF header. When the
 * profile has a KB range, the quality is found by bisection: the highest quality (within the profile's
 * quality range) whose file fits under the maximum. A file that cannot reach the minimum is reported,
 * never padded.
 *
 * The bisection starts from a tight bracket rather than the whole quality range: the file size at the
 * highest quality predicts where the answer lies (size falls about as the quantiser scale to the power
 * 0.52 on the test faces' photos, exact or one off for most), the bracket is closed around that
 * prediction by probes 1, 2, 4... qualities away, and then halved. Same answer as halving the whole range
 * (sizes grow with quality), in about 4 encodings instead of 7.
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

  const maxBytes = kb ? kb.max * bytesPerKb : Infinity;
  const fits = async (q: number) => (await encode(q)).length <= maxBytes;
  const best = await encode(quality.max);
  if (best.length <= maxBytes) return done(quality.max, best);
  // Invariant: hi does not fit under the maximum; lo fits (or is the range's floor, checked at the end).
  let lo = quality.min;
  let hi = quality.max;
  if (hi - lo > 1) {
    const guess = predictQuality(best.length / maxBytes, lo, hi);
    if (await fits(guess)) {
      lo = guess;
      for (let step = 1; lo + step < hi; step *= 2) {
        if (!(await fits(lo + step))) {
          hi = lo + step;
          break;
        }
        lo += step;
      }
    } else {
      hi = guess;
      for (let step = 1; hi - step > lo; step *= 2) {
        if (await fits(hi - step)) {
          lo = hi - step;
          break;
        }
        hi -= step;
      }
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return done(lo, await encode(lo));
}

/** libjpeg's quantiser scale for a quality, in percent of the standard tables. */
const quantiserScale = (q: number) => (q < 50 ? 5000 / q : 200 - 2 * q);
/** File size falls about as the quantiser scale to this power (fitted on the test faces' photos). */
const sizeExponent = 0.52;

/** The highest quality below `max` predicted to fit, from how far the file at `max` is over (`over` > 1). */
function predictQuality(over: number, min: number, max: number): number {
  const scale = quantiserScale(max) * over ** (1 / sizeExponent);
  let q = max - 1;
  while (q > min && quantiserScale(q) < scale) q--;
  return q;
}
