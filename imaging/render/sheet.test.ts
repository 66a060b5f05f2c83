import { PDFDocument } from 'pdf-lib';
import { encodeJpeg, resizeRgb } from '../image/codec';
import { readJpegSegments, withJfifDpi } from '../image/jfif';
import { ImagingError } from '../errors';
import { loadProfiles } from '../profiles/load';
import { decodeTestImage } from '../testing/fixtures';
import { makeSheet } from './sheet';

const profiles = loadProfiles();
let idCardPhoto: Buffer;
let oneInchPhoto: Buffer;

beforeAll(async () => {
  const face = await decodeTestImage('faces-hr/london_107_neutral.jpg');
  idCardPhoto = withJfifDpi(await encodeJpeg(await resizeRgb(face, 358, 441), 90), 350);
  oneInchPhoto = withJfifDpi(await encodeJpeg(await resizeRgb(face, 295, 413), 90), 300);
});

async function pdfPageSize(pdf: Buffer): Promise<[number, number]> {
  const doc = await PDFDocument.load(pdf);
  const { width, height } = doc.getPage(0).getSize();
  return [width, height];
}

describe('print sheets', () => {
  it('6-inch: 1800 x 1200 px at 300 dpi, the ID photo at its physical 26 x 32 mm, PDF of 152.4 x 101.6 mm', async () => {
    const sheet = await makeSheet(idCardPhoto, profiles.sheet('6inch'), { gapMm: 2.5, cutLines: true });
    expect([sheet.widthPx, sheet.heightPx]).toEqual([1800, 1200]);
    // 358 px at 350 dpi = 26 mm = 307 px at 300 dpi.
    expect(sheet.photoPx).toEqual({ width: 307, height: 378 });
    expect(sheet.copies).toBe(sheet.columns * sheet.rows);
    expect(sheet.copies).toBeGreaterThanOrEqual(10);
    const jpeg = readJpegSegments(sheet.jpeg);
    expect([jpeg.width, jpeg.height]).toEqual([1800, 1200]);
    expect(jpeg.jfifDensity).toEqual({ unit: 'dpi', x: 300, y: 300 });
    const [w, h] = await pdfPageSize(sheet.pdf);
    expect(w).toBeCloseTo((152.4 / 25.4) * 72, 3);
    expect(h).toBeCloseTo((101.6 / 25.4) * 72, 3);
  });

  it('5-inch and A4, any print size, with the count asked for', async () => {
    const five = await makeSheet(oneInchPhoto, profiles.sheet('5inch'), { count: 4, gapMm: 3 });
    expect([five.widthPx, five.heightPx]).toEqual([1500, 1050]);
    expect(five.photoPx).toEqual({ width: 295, height: 413 });
    expect(five.copies).toBe(4);
    const a4 = await makeSheet(oneInchPhoto, profiles.sheet('a4'));
    expect([a4.widthPx, a4.heightPx]).toEqual([3508, 2480]);
    expect(a4.copies).toBeGreaterThan(20);
    const [w, h] = await pdfPageSize(a4.pdf);
    expect(w).toBeCloseTo((297 / 25.4) * 72, 3);
    expect(h).toBeCloseTo((210 / 25.4) * 72, 3);
  });

  it('is byte-identical for the same inputs (JPEG and PDF)', async () => {
    const a = await makeSheet(idCardPhoto, profiles.sheet('6inch'), { cutLines: true });
    const b = await makeSheet(idCardPhoto, profiles.sheet('6inch'), { cutLines: true });
    expect(a.jpeg.equals(b.jpeg)).toBe(true);
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });

  it('refuses a photo without DPI, with a typed error', async () => {
    const noDpi = await encodeJpeg(await decodeTestImage('faces/nasa_aldrin.jpg'), 80);
    await expect(makeSheet(noDpi, profiles.sheet('6inch'))).rejects.toThrow(ImagingError);
    await expect(makeSheet(idCardPhoto, profiles.sheet('6inch'), { gapMm: -1 })).rejects.toMatchObject({
      code: 'sheet_invalid',
    });
  });
});
