/**
 * Container-level checks made on the raw bytes, before any decoder sees them: what the file claims to be
 * (magic bytes) and whether it is complete (the last marker/chunk is present). Both are cheap and exact,
 * which lets a truncated upload be told apart from a damaged one.
 */
export type SniffedFormat =
  'jpeg' | 'png' | 'webp' | 'heic' | 'avif' | 'gif' | 'tiff' | 'bmp' | 'svg' | 'pdf';

const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const avifBrands = new Set(['avif', 'avis']);

function ascii(buffer: Buffer, start: number, end: number): string {
  return buffer.toString('latin1', start, Math.min(end, buffer.length));
}

export function sniffFormat(buffer: Buffer): SniffedFormat | undefined {
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (ascii(buffer, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(buffer, 0, 4) === 'RIFF' && ascii(buffer, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buffer, 4, 8) === 'ftyp') {
    const brands = [ascii(buffer, 8, 12)];
    const boxSize = buffer.length >= 4 ? buffer.readUInt32BE(0) : 0;
    for (let at = 16; at + 4 <= Math.min(boxSize, buffer.length, 64); at += 4)
      brands.push(ascii(buffer, at, at + 4));
    if (brands.some((b) => avifBrands.has(b))) return 'avif';
    if (brands.some((b) => heicBrands.has(b))) return 'heic';
    return undefined;
  }
  const head = ascii(buffer, 0, 6);
  if (head.startsWith('GIF8')) return 'gif';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'tiff';
  if (head.startsWith('BM')) return 'bmp';
  if (head.startsWith('%PDF')) return 'pdf';
  const text = ascii(buffer, 0, 512).trimStart();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'svg';
  return undefined;
}

/**
 * JPEG: walk the header segments to the first scan, then look for EOI after it. EOI cannot occur inside
 * entropy-coded data (0xFF is always stuffed there), and trailers some cameras append after EOI are allowed.
 * A header that is not a marker chain is left for the decoder to call corrupt.
 */
function jpegComplete(buffer: Buffer): boolean {
  let at = 2;
  while (at + 4 <= buffer.length) {
    if (buffer[at] !== 0xff) return true;
    const marker = buffer[at + 1]!;
    if (marker === 0xda) return buffer.lastIndexOf(Buffer.from([0xff, 0xd9])) > at;
    at += marker === 0xff ? 1 : 2 + buffer.readUInt16BE(at + 2);
  }
  return false;
}

function pngComplete(buffer: Buffer): boolean {
  let at = 8;
  while (at + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(at);
    const type = ascii(buffer, at + 4, at + 8);
    const end = at + 12 + length;
    if (end > buffer.length) return false;
    if (type === 'IEND') return true;
    at = end;
  }
  return false;
}

function webpComplete(buffer: Buffer): boolean {
  return buffer.length >= 12 && buffer.length >= 8 + buffer.readUInt32LE(4);
}

/** True when the container reaches its end marker; formats without such a check count as complete. */
export function isComplete(format: SniffedFormat, buffer: Buffer): boolean {
  if (format === 'jpeg') return jpegComplete(buffer);
  if (format === 'png') return pngComplete(buffer);
  if (format === 'webp') return webpComplete(buffer);
  return true;
}
