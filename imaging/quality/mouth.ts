/**
 * How far the mouth is open, confirmed in the pixels. The mesh's inner-lip points drift apart on full lips
 * that are closed (a closed mouth with full lips read 0.13-0.19 of the mouth width, like a smile), so the
 * gap it gives is weighed by what the pixels between the inner-lip points show: an open mouth shows teeth
 * (brighter and whiter than the cheeks' skin) or the mouth's inside (far darker); closed lips show lip.
 * Value: the mesh gap over the mouth width, counted whole when teeth or the inside fill a third of it or
 * more, half when none is seen.
 */
import { apply, distance, type Affine, type Point } from '../geometry';
import * as lm from '../face/landmarks';

const { floor, max, min } = Math;

/** Bilinear value of one plane (stride channels) at a chip position. */
function sampleAt(plane: ArrayLike<number>, size: number, p: Point, channels = 1, channel = 0): number {
  const x = min(size - 1.001, max(0, p.x));
  const y = min(size - 1.001, max(0, p.y));
  const x0 = floor(x);
  const y0 = floor(y);
  const tx = x - x0;
  const ty = y - y0;
  const at = (dx: number, dy: number) => plane[((y0 + dy) * size + x0 + dx) * channels + channel]!;
  const top = at(0, 0) * (1 - tx) + at(1, 0) * tx;
  const bottom = at(0, 1) * (1 - tx) + at(1, 1) * tx;
  return top + (bottom - top) * ty;
}

const lerp = (a: Point, b: Point, t: number): Point => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
});

/** A gap in which neither teeth nor the mouth's inside is seen counts this much (the mesh may be wrong). */
const unconfirmed = 0.5;
/** Teeth or the inside over this share of the gap confirm it wholly. */
const confirmed = 1 / 3;
/** Samples along each gap, its ends (on the lips' inner edges) left out. */
const gapSamples = 9;
/** Teeth are brighter than the cheeks' skin by this factor or more, the mouth's inside darker than this. */
const teeth = 1.1;
/** Teeth are also whiter than skin and lips: their channel spread under this share of the skin's. */
const whiteness = 0.75;
const inside = 0.5;

export function mouthOpening(
  points: readonly Point[],
  masterToChip: Affine,
  rgb: Uint8Array,
  luma: Float32Array,
  size: number,
  skinLuma: number,
  skinSpread: number,
): number {
  const chip = (i: number) => apply(masterToChip, points[i]!);
  const skin = max(8, skinLuma);
  let notLip = 0;
  let samples = 0;
  for (const [, innerUpper, innerLower] of lm.lipProfiles) {
    for (let k = 1; k <= gapSamples; k++) {
      const p = lerp(chip(innerUpper), chip(innerLower), k / (gapSamples + 1));
      const v = sampleAt(luma, size, p);
      const [r, g, b] = [0, 1, 2].map((c) => sampleAt(rgb, size, p, 3, c)) as [number, number, number];
      const whitish = v > teeth * skin && Math.max(r, g, b) - Math.min(r, g, b) < whiteness * skinSpread;
      if (whitish || v < inside * skin) notLip++;
      samples++;
    }
  }
  const gap =
    distance(points[lm.innerLipUpper]!, points[lm.innerLipLower]!) /
    distance(points[lm.mouthRightCorner]!, points[lm.mouthLeftCorner]!);
  return gap * min(1, max(unconfirmed, notLip / samples / confirmed));
}
