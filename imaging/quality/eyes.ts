/**
 * Whether each eye can be seen, on the levelled face chip: inside the eye opening a visible eye shows the
 * white of the eye against the iris, pupil and lashes, whatever the skin tone; a dark lens, a hand or hair
 * over it leaves it flat. Visibility is the spread between the 90th and 10th luma percentiles over the
 * 90th (0 = flat, about 0.7-0.9 for an open, visible eye). The whites (the eye's brightest fifth) also give
 * a neutral reference for colour casts.
 */
const { max } = Math;

export interface EyeReading {
  visibility: number;
  /** Mean colour of the eye's brightest fifth (the sclera when the eye is visible). */
  white: [number, number, number];
  glare: number;
}

export function readEye(rgb: Uint8Array, luma: Float32Array, mask: Uint8Array): EyeReading {
  const values: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) values.push(luma[i]!);
  if (values.length < 8) return { visibility: 0, white: [0, 0, 0], glare: 0 };
  const sorted = Float32Array.from(values).sort();
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
  const p90 = at(0.9);
  const whiteFrom = at(0.8);
  const white = [0, 0, 0];
  let whites = 0;
  let bright = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    if (luma[i]! >= 240) bright++;
    if (luma[i]! < whiteFrom) continue;
    whites++;
    for (let c = 0; c < 3; c++) white[c]! += rgb[i * 3 + c]!;
  }
  return {
    visibility: (p90 - at(0.1)) / max(p90, 24),
    white: white.map((v) => v / max(1, whites)) as [number, number, number],
    glare: bright / values.length,
  };
}
