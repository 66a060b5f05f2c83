/**
 * Print sheets for self-service printing: copies of one rendered photo at its physical size (from its
 * pixels and the DPI in its JFIF header) on a 6-inch, 5-inch or A4 sheet, landscape, with a chosen gap
 * and optional cut lines. Output: a JPEG with the sheet's DPI and a PDF of the sheet's exact size.
 */
import { PDFDocument } from 'pdf-lib';
import { ImagingError } from '../errors';
import { decodeToSrgb, encodeJpeg, resizeRgb } from '../image/codec';
import { readJpegSegments, withJfifDpi } from '../image/jfif';
import { sniffFormat } from '../image/formats';
import { createRgb, type RgbImage } from '../image/raster';
import { type SheetLayout } from '../profiles/schema';

export interface SheetOptions {
  /** Copies wanted; default as many as fit. */
  count?: number;
  /** Gap between copies and around the grid, mm (2-3 mm is usual). */
  gapMm?: number;
  cutLines?: boolean;
}

export interface Sheet {
  jpeg: Buffer;
  pdf: Buffer;
  widthPx: number;
  heightPx: number;
  columns: number;
  rows: number;
  copies: number;
  photoPx: { width: number; height: number };
}

const mmPerInch = 25.4;
const pointsPerInch = 72;
/** PDF dates are fixed so that the same inputs give the same bytes. */
const fixedDate = new Date(Date.UTC(2000, 0, 1));

function fill(image: RgbImage, x0: number, y0: number, w: number, h: number, value: number): void {
  for (let y = Math.max(0, y0); y < Math.min(image.height, y0 + h); y++) {
    image.data.fill(
      value,
      (y * image.width + Math.max(0, x0)) * 3,
      (y * image.width + Math.min(image.width, x0 + w)) * 3,
    );
  }
}

export async function makeSheet(
  photo: Buffer,
  layout: SheetLayout,
  options: SheetOptions = {},
): Promise<Sheet> {
  const gapMm = options.gapMm ?? 2.5;
  if (!(gapMm >= 0 && gapMm <= 20))
    throw new ImagingError('sheet_invalid', { reason: `gap ${gapMm} mm is outside 0-20 mm` });
  const segments = sniffFormat(photo) === 'jpeg' ? readJpegSegments(photo) : undefined;
  const density = segments?.jfifDensity;
  if (!segments || !density || density.unit !== 'dpi' || density.x <= 0) {
    throw new ImagingError('sheet_invalid', {
      reason: 'the photo must be a JPEG with its DPI in the JFIF header (a rendered profile photo)',
    });
  }
  const dpi = layout.dpi;
  const sheetWidth = Math.round((layout.widthMm / mmPerInch) * dpi);
  const sheetHeight = Math.round((layout.heightMm / mmPerInch) * dpi);
  const photoWidth = Math.round((segments.width / density.x) * dpi);
  const photoHeight = Math.round((segments.height / density.y) * dpi);
  const gap = Math.round((gapMm / mmPerInch) * dpi);
  const columns = Math.floor((sheetWidth + gap) / (photoWidth + gap));
  const rows = Math.floor((sheetHeight + gap) / (photoHeight + gap));
  if (columns < 1 || rows < 1)
    throw new ImagingError('sheet_invalid', { reason: `the photo does not fit on a ${layout.id} sheet` });
  const capacity = columns * rows;
  const copies = Math.min(options.count ?? capacity, capacity);
  if (copies < 1) throw new ImagingError('sheet_invalid', { reason: 'at least one copy is needed' });

  // Decoded with its own header's pixel count as the limit: a photo is never larger than it says.
  const copy = await resizeRgb(
    await decodeToSrgb(photo, segments.width * segments.height),
    photoWidth,
    photoHeight,
  );
  const sheet = createRgb(sheetWidth, sheetHeight);
  sheet.data.fill(255);
  // The grid is centred on the sheet; copies fill it row by row.
  const usedColumns = Math.min(columns, copies);
  const usedRows = Math.ceil(copies / columns);
  const left = Math.round((sheetWidth - usedColumns * photoWidth - (usedColumns - 1) * gap) / 2);
  const top = Math.round((sheetHeight - usedRows * photoHeight - (usedRows - 1) * gap) / 2);
  if (options.cutLines) {
    // Thin grey lines across the sheet in the middle of every gap; the photos are laid over them.
    const grey = 160;
    for (let c = 0; c <= usedColumns; c++)
      fill(sheet, Math.round(left + c * (photoWidth + gap) - gap / 2), 0, 1, sheetHeight, grey);
    for (let r = 0; r <= usedRows; r++)
      fill(sheet, 0, Math.round(top + r * (photoHeight + gap) - gap / 2), sheetWidth, 1, grey);
  }
  for (let k = 0; k < copies; k++) {
    const x0 = left + (k % columns) * (photoWidth + gap);
    const y0 = top + Math.floor(k / columns) * (photoHeight + gap);
    for (let y = 0; y < photoHeight; y++) {
      sheet.data.set(
        copy.data.subarray(y * photoWidth * 3, (y + 1) * photoWidth * 3),
        ((y0 + y) * sheetWidth + x0) * 3,
      );
    }
  }
  const jpeg = withJfifDpi(await encodeJpeg(sheet, 95), dpi);

  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setCreationDate(fixedDate);
  pdf.setModificationDate(fixedDate);
  const image = await pdf.embedJpg(jpeg);
  const widthPt = (layout.widthMm / mmPerInch) * pointsPerInch;
  const heightPt = (layout.heightMm / mmPerInch) * pointsPerInch;
  pdf.addPage([widthPt, heightPt]).drawImage(image, { x: 0, y: 0, width: widthPt, height: heightPt });
  const pdfBytes = await pdf.save({ useObjectStreams: false });

  return {
    jpeg,
    pdf: Buffer.from(pdfBytes),
    widthPx: sheetWidth,
    heightPx: sheetHeight,
    columns,
    rows,
    copies,
    photoPx: { width: photoWidth, height: photoHeight },
  };
}
