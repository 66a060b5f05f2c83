/**
 * Individual typology angle (ITA, Chardon et al. 1991) of a face, from the mean CIELAB colour of the cheek
 * patches of the clean master: ITA = atan((L* - 50) / b*) in degrees. For the evaluation only, to report
 * false retakes per skin-tone group; the pipeline never computes or stores it.
 */
import * as lm from '../face/landmarks';
import { type Measurements } from '../face/measure';
import { type Point } from '../geometry';
import { type RgbImage } from '../image/raster';
import { rgbToLab } from '../quality/colour';

function insidePolygon(p: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function individualTypologyAngle(image: RgbImage, m: Measurements): number {
  const sum = [0, 0, 0];
  let n = 0;
  for (const patch of [lm.rightCheekPatch, lm.leftCheekPatch]) {
    const polygon = patch.map((i) => m.mesh.points[i]!);
    const xs = polygon.map((p) => p.x);
    const ys = polygon.map((p) => p.y);
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
        if (!insidePolygon({ x, y }, polygon)) continue;
        const i = (y * image.width + x) * 3;
        for (let c = 0; c < 3; c++) sum[c]! += image.data[i + c]!;
        n++;
      }
    }
  }
  const lab = rgbToLab(sum[0]! / n, sum[1]! / n, sum[2]! / n);
  return (Math.atan2(lab.L - 50, lab.b) * 180) / Math.PI;
}

export const skinToneGroups = [
  { id: 'light', label: 'light (ITA > 41°)', from: 41 },
  { id: 'intermediate', label: 'intermediate / tan (ITA 10° to 41°)', from: 10 },
  { id: 'dark', label: 'brown / dark (ITA < 10°)', from: -Infinity },
] as const;

export const skinToneGroup = (ita: number) => skinToneGroups.find((g) => ita > g.from)!.id;
