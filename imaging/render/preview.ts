/**
 * preview.png: the master (at most 800 px on its long side) with the face box, the landmarks (face
 * oval, eyes and lips from the mesh, the detector's five points), the eye centres, crown and chin, and for
 * every rendered profile its crop outline and guide lines (crown, eye line, chin) where they fall.
 */
import { apply, invert, type Affine, type Point } from '../geometry';
import { encodePng, rasteriseSvg } from '../image/codec';
import { type Pyramid } from '../image/pyramid';
import { type RgbaImage, type RgbImage } from '../image/raster';
import * as lm from '../face/landmarks';
import { type Measurements } from '../face/measure';
import { type CropPlan } from './solve';

// Local alias: hot loops avoid a global lookup per call (slow inside vm contexts such as Jest's).
const { round } = Math;

const maxSide = 800;
const palette = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#9a6324',
  '#469990',
];

export interface PreviewCrop {
  id: string;
  plan: CropPlan;
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

function polyline(points: Point[], colour: string, width: number, closed: boolean, dash = ''): string {
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${fmt(p.x)},${fmt(p.y)}`).join('') + (closed ? 'Z' : '');
  return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/** Source-over blend of a straight-alpha overlay of the same size, in place (most of it is transparent). */
function drawOver(photo: RgbImage, overlay: RgbaImage): void {
  const dst = photo.data;
  const src = overlay.data;
  const n = photo.width * photo.height;
  for (let i = 0; i < n; i++) {
    const a = src[i * 4 + 3]!;
    if (a === 0) continue;
    const o = i * 3;
    const s = i * 4;
    const keep = 255 - a;
    dst[o] = round((a * src[s]! + keep * dst[o]!) / 255);
    dst[o + 1] = round((a * src[s + 1]! + keep * dst[o + 1]!) / 255);
    dst[o + 2] = round((a * src[s + 2]! + keep * dst[o + 2]!) / 255);
  }
}

function previewSize(master: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(master.width, master.height));
  return { width: Math.round(master.width * scale), height: Math.round(master.height * scale) };
}

/** The master at the preview's size: it needs no measurement, so libvips makes it while the face is found. */
export function previewBase(pyramid: Pyramid): Promise<RgbImage> {
  const { width, height } = previewSize(pyramid.master);
  return pyramid.resize(width, height);
}

/** Draws the overlay on `base` (previewBase of `master`, changed in place) and encodes the PNG. */
export async function renderPreview(
  base: Promise<RgbImage>,
  master: { width: number; height: number },
  face: Measurements,
  crops: PreviewCrop[],
): Promise<Buffer> {
  const { width, height } = previewSize(master);
  // Area-preserving resize: master point v lands at (v + 0.5) * scale - 0.5.
  const toPreview: Affine = {
    a: width / master.width,
    b: 0,
    c: 0.5 * (width / master.width) - 0.5,
    d: 0,
    e: height / master.height,
    f: 0.5 * (height / master.height) - 0.5,
  };
  const p = (q: Point) => apply(toPreview, q);
  const stroke = Math.max(1.5, width / 600);
  const parts: string[] = [];
  const box = face.detection.box;
  const corners = [
    { x: box.x, y: box.y },
    { x: box.x + box.width, y: box.y },
    { x: box.x + box.width, y: box.y + box.height },
    { x: box.x, y: box.y + box.height },
  ];
  parts.push(polyline(corners.map(p), '#ffff00', stroke, true));
  // Dense landmarks as outlines (face oval, eyes, lips), the detector's five points as dots.
  for (const outline of [lm.faceOval, lm.rightEyeContour, lm.leftEyeContour, lm.outerLips]) {
    parts.push(
      polyline(
        outline.map((i) => p(face.mesh.points[i]!)),
        '#00ff80',
        stroke * 0.6,
        true,
      ),
    );
  }
  for (const q of face.detection.landmarks) {
    const r = p(q);
    parts.push(`<circle cx="${fmt(r.x)}" cy="${fmt(r.y)}" r="${fmt(stroke * 1.2)}" fill="#00ff80"/>`);
  }
  for (const q of [face.rightEye, face.leftEye, face.crown, face.chin]) {
    const r = p(q);
    parts.push(
      `<circle cx="${fmt(r.x)}" cy="${fmt(r.y)}" r="${fmt(stroke * 2.5)}" fill="none" stroke="#ff0000" stroke-width="${stroke}"/>`,
    );
  }
  crops.forEach(({ id, plan }, k) => {
    const colour = palette[k % palette.length]!;
    const back = invert(plan.masterToOutput);
    const corner = (x: number, y: number) => p(apply(back, { x, y }));
    const { width: w, height: h } = plan;
    parts.push(polyline([corner(0, 0), corner(w, 0), corner(w, h), corner(0, h)], colour, stroke, true));
    // Guide lines across the crop at the crown, the eye line and the chin (output rows mapped back).
    const rowOf = (q: Point) => apply(plan.masterToOutput, q).y;
    const eyes = { x: (face.rightEye.x + face.leftEye.x) / 2, y: (face.rightEye.y + face.leftEye.y) / 2 };
    for (const y of [rowOf(face.crown), rowOf(eyes), rowOf(face.chin)]) {
      parts.push(
        polyline(
          [corner(0, y), corner(w, y)],
          colour,
          stroke * 0.7,
          false,
          `${fmt(stroke * 4)},${fmt(stroke * 3)}`,
        ),
      );
    }
    // A legend in the top-left corner names each outline in its colour.
    const size = stroke * 8;
    parts.push(
      `<text x="${fmt(size * 0.5)}" y="${fmt(size * (k + 1.2))}" font-family="sans-serif" font-size="${fmt(size)}" fill="${colour}" stroke="#000000" stroke-width="${fmt(stroke * 0.15)}">${id}</text>`,
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  // The overlay covers a few percent of the pixels: laid over here rather than by libvips' composite,
  // which blends every pixel in floating point (25-35 ms of a libvips thread at 800 x 800).
  const [photo, overlay] = await Promise.all([base, rasteriseSvg(svg)]);
  drawOver(photo, overlay);
  return encodePng(photo, 1);
}
