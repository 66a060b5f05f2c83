/**
 * JPEG marker-level helpers: libvips writes no JFIF header, so the DPI is written here as the standard
 * 16-byte APP0 segment right after SOI. Readers below let tests and sheets inspect what a file carries.
 */
export interface JpegSegments {
  /** Markers in file order up to the first scan, e.g. ['APP0', 'DQT', 'SOF0', 'DHT', 'SOS']. */
  markers: string[];
  jfifDensity: { unit: 'none' | 'dpi' | 'dpcm'; x: number; y: number } | undefined;
  width: number;
  height: number;
  components: number;
}

export function withJfifDpi(jpeg: Buffer, dpi: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const app0 = Buffer.alloc(18);
  app0.writeUInt16BE(0xffe0, 0);
  app0.writeUInt16BE(16, 2);
  app0.write('JFIF\0', 4, 'latin1');
  app0.writeUInt8(1, 9); // version 1.02
  app0.writeUInt8(2, 10);
  app0.writeUInt8(1, 11); // units: dots per inch
  app0.writeUInt16BE(dpi, 12);
  app0.writeUInt16BE(dpi, 14);
  app0.writeUInt16BE(0, 16); // no thumbnail
  const rest =
    jpeg[2] === 0xff && jpeg[3] === 0xe0 ? jpeg.subarray(4 + jpeg.readUInt16BE(4)) : jpeg.subarray(2);
  return Buffer.concat([jpeg.subarray(0, 2), app0, rest]);
}

const names: Record<number, string> = {
  0xc0: 'SOF0',
  0xc1: 'SOF1',
  0xc2: 'SOF2',
  0xc4: 'DHT',
  0xdb: 'DQT',
  0xdd: 'DRI',
  0xda: 'SOS',
  0xfe: 'COM',
};

function markerName(code: number): string {
  if (code >= 0xe0 && code <= 0xef) return `APP${code - 0xe0}`;
  return names[code] ?? `0x${code.toString(16)}`;
}

export function readJpegSegments(jpeg: Buffer): JpegSegments {
  const out: JpegSegments = { markers: [], jfifDensity: undefined, width: 0, height: 0, components: 0 };
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const code = jpeg[at + 1]!;
    const length = jpeg.readUInt16BE(at + 2);
    out.markers.push(markerName(code));
    if (code === 0xe0 && jpeg.toString('latin1', at + 4, at + 9) === 'JFIF\0') {
      const unit = jpeg[at + 11];
      out.jfifDensity = {
        unit: unit === 1 ? 'dpi' : unit === 2 ? 'dpcm' : 'none',
        x: jpeg.readUInt16BE(at + 12),
        y: jpeg.readUInt16BE(at + 14),
      };
    }
    if (code >= 0xc0 && code <= 0xc2) {
      out.height = jpeg.readUInt16BE(at + 5);
      out.width = jpeg.readUInt16BE(at + 7);
      out.components = jpeg[at + 9]!;
    }
    if (code === 0xda) break;
    at += 2 + length;
  }
  return out;
}

/**
 * Segments before the first scan that carry metadata rather than the picture: EXIF (with GPS and device
 * tags) and XMP in APP1, ICC in APP2, IPTC in APP13, the other application segments, comments. APP0
 * (JFIF: the DPI) and APP14 (Adobe: the colour transform) describe the picture itself and are not listed.
 */
export function metadataSegments(jpeg: Buffer): string[] {
  return readJpegSegments(jpeg).markers.filter(
    (m) => m === 'COM' || (/^APP\d+$/.test(m) && m !== 'APP0' && m !== 'APP14'),
  );
}

/** Offset just past the EOI marker of the last scan (anything after it would be padding). */
export function jpegEndOffset(jpeg: Buffer): number {
  for (let at = jpeg.length - 2; at >= 2; at--) {
    if (jpeg[at] === 0xff && jpeg[at + 1] === 0xd9) return at + 2;
  }
  return -1;
}

/** Segments that describe the picture itself: frames (baseline, extended, progressive), tables, restarts. */
const pictureMarkers = new Set([0xc0, 0xc1, 0xc2, 0xc4, 0xdb, 0xdd]);
/** APP1–APP15 (APP14, Adobe, is looked at before this) and comments. */
const isMetadataMarker = (code: number) => (code >= 0xe1 && code <= 0xef) || code === 0xfe;

/**
 * The same JPEG without metadata: the picture's segments (a JFIF header without thumbnail, the Adobe colour
 * transform of standard length, tables, frame, every scan) byte for byte, the EXIF, XMP, ICC, IPTC, MPF and
 * comment segments dropped, and nothing after the end marker (phones append previews and depth maps there).
 * Undefined when the file holds a marker this walk does not follow (arithmetic or lossless coding, DNL) or ends
 * inside a scan; the caller re-encodes such a file instead.
 */
export function withoutMetadata(jpeg: Buffer): Buffer | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const kept: Buffer[] = [jpeg.subarray(0, 2)];
  let at = 2;
  for (;;) {
    while (at + 1 < jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] === 0xff) at++; // fill bytes
    if (at + 2 > jpeg.length || jpeg[at] !== 0xff) return undefined;
    const code = jpeg[at + 1]!;
    if (code === 0xd9) return Buffer.concat([...kept, jpeg.subarray(at, at + 2)]);
    if (at + 4 > jpeg.length) return undefined;
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    if (end > jpeg.length || end < at + 4) return undefined;
    if (code === 0xda) {
      const scanEnd = entropyCodedEnd(jpeg, end);
      if (scanEnd < 0) return undefined;
      kept.push(jpeg.subarray(at, scanEnd));
      at = scanEnd;
      continue;
    }
    const segment = jpeg.subarray(at, end);
    if (code === 0xe0) {
      const jfif = jfifWithoutThumbnail(segment);
      if (jfif) kept.push(jfif);
    } else if (code === 0xee) {
      // Adobe's colour transform, kept at its standard 12 bytes; a longer one could carry anything.
      if (segment.length !== 16 || segment.toString('latin1', 4, 9) !== 'Adobe') return undefined;
      kept.push(segment);
    } else if (pictureMarkers.has(code)) kept.push(segment);
    else if (!isMetadataMarker(code)) return undefined;
    at = end;
  }
}

/** Where a scan's entropy-coded data ends: the next marker that is neither a stuffed 0xFF nor a restart. */
function entropyCodedEnd(jpeg: Buffer, from: number): number {
  for (let i = from; i + 1 < jpeg.length; i++) {
    if (jpeg[i] !== 0xff) continue;
    const next = jpeg[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i++;
    else if (next !== 0xff) return i;
  }
  return -1;
}

/** An APP0 JFIF header kept with its density, its thumbnail (if any) dropped; other APP0 kinds go. */
function jfifWithoutThumbnail(segment: Buffer): Buffer | undefined {
  if (segment.length < 18 || segment.toString('latin1', 4, 9) !== 'JFIF\0') return undefined;
  if (segment.length === 18) return segment;
  const header = Buffer.from(segment.subarray(0, 18));
  header.writeUInt16BE(16, 2);
  header.writeUInt16BE(0, 16); // no thumbnail
  return header;
}
