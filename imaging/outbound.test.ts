import sharp from 'sharp';
import { metadataSegments, readJpegSegments, withoutMetadata } from './image/jfif';
import { outboundMaster } from './outbound';
import { carriedMetadata, testDevice, withPhoneMetadata } from './testing/metadata';

/** Top half red, bottom half blue, as a phone stores it sideways with its EXIF, GPS and profile. */
async function sidewaysPhonePhoto(): Promise<Buffer> {
  const upright = await sharp({ create: { width: 120, height: 200, channels: 3, background: '#ff0000' } })
    .composite([
      {
        input: { create: { width: 120, height: 100, channels: 3, background: '#0000ff' } },
        left: 0,
        top: 100,
      },
    ])
    .png()
    .toBuffer();
  return withPhoneMetadata(upright, { sideways: true });
}

describe('outboundMaster', () => {
  it('leaves no location, device or colour-profile metadata, applies the orientation and keeps the picture', async () => {
    const original = await sidewaysPhonePhoto();
    expect(await carriedMetadata(original)).toEqual(['device name', 'EXIF header', 'exif', 'icc']);
    expect(await sharp(original).metadata()).toMatchObject({ orientation: 6, width: 200, height: 120 });

    const out = await outboundMaster(original);
    expect(await carriedMetadata(out.jpeg)).toEqual([]);
    expect(metadataSegments(out.jpeg)).toEqual([]);
    const after = await sharp(out.jpeg).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 120, height: 200, space: 'srgb' });
    expect(after.orientation).toBeUndefined();
    expect(readJpegSegments(out.jpeg)).toMatchObject({ width: 120, height: 200 });
    expect([out.width, out.height]).toEqual([120, 200]);

    // Upright again: red on top, blue below.
    const { data, info } = await sharp(out.jpeg).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    expect(at(60, 20)[0]).toBeGreaterThan(200);
    expect(at(60, 180)[2]).toBeGreaterThan(200);
  });

  it('is deterministic, so a resubmission carries the same bytes and hash', async () => {
    const original = await sidewaysPhonePhoto();
    const [a, b] = await Promise.all([outboundMaster(original), outboundMaster(original)]);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** A camera's upright JPEG: device and GPS in its EXIF, no colour profile; `progressive` as some cameras save. */
async function cameraPhoto(progressive = false): Promise<Buffer> {
  const gradient = Buffer.alloc(96 * 64 * 3);
  for (let i = 0; i < gradient.length; i++) gradient[i] = (i * 7) % 251;
  return sharp(gradient, { raw: { width: 96, height: 64, channels: 3 } })
    .jpeg({ quality: 90, progressive })
    .withExif({
      IFD0: { Make: testDevice.make, Model: testDevice.model },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1' },
    })
    .toBuffer();
}

/** `jpeg` with segments inserted after SOI (comment, XMP, MPF, a JFIF with a thumbnail) and a preview after EOI. */
function withMoreMetadata(jpeg: Buffer): Buffer {
  const segment = (code: number, body: Buffer) => {
    const head = Buffer.from([0xff, code, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const jfifWithThumbnail = Buffer.concat([
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([1, 2, 1, 0, 72, 0, 72, 1, 1]),
    Buffer.from([255, 0, 0]), // a 1x1 red thumbnail
  ]);
  return Buffer.concat([
    jpeg.subarray(0, 2),
    segment(0xe0, jfifWithThumbnail),
    segment(0xfe, Buffer.from(`shot on ${testDevice.model}`)),
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${testDevice.model}</x:xmpmeta>`)),
    segment(0xe2, Buffer.from('MPF\0II*\0')),
    jpeg.subarray(2),
    Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0, 6, 0x54, 0x65, 0x73, 0x74, 0xff, 0xd9]), // an appended "preview"
  ]);
}

const pixels = async (jpeg: Buffer) => sharp(jpeg).raw().toBuffer();

describe('outboundMaster of an upright sRGB JPEG', () => {
  it.each([
    ['baseline', false],
    ['progressive', true],
  ])(
    '(%s) goes out as encoded, pixel for pixel, with every metadata segment and appended data dropped',
    async (_, progressive) => {
      const original = withMoreMetadata(await cameraPhoto(progressive));
      expect(await carriedMetadata(original)).toEqual(['device name', 'EXIF header', 'exif', 'xmp']);

      const out = await outboundMaster(original);
      expect(await carriedMetadata(out.jpeg)).toEqual([]);
      expect(metadataSegments(out.jpeg)).toEqual([]);
      expect(out.jpeg.includes('Test')).toBe(false);
      expect(readJpegSegments(out.jpeg)).toMatchObject({
        jfifDensity: { unit: 'dpi', x: 72, y: 72 },
        width: 96,
        height: 64,
      });
      expect([out.width, out.height]).toEqual([96, 64]);
      expect((await pixels(out.jpeg)).equals(await pixels(original))).toBe(true);
      expect(out.jpeg.length).toBeLessThan(original.length);
    },
  );

  it('is re-encoded in sRGB when it carries a colour profile', async () => {
    const profiled = await withPhoneMetadata(await cameraPhoto());
    const out = await outboundMaster(profiled);
    expect(await carriedMetadata(out.jpeg)).toEqual([]);
    expect(await sharp(out.jpeg).metadata()).toMatchObject({ space: 'srgb', chromaSubsampling: '4:4:4' });
  });
});

describe('withoutMetadata', () => {
  const soi = [0xff, 0xd8];
  const eoi = [0xff, 0xd9];
  const exif = [0xff, 0xe1, 0, 8, ...Buffer.from('Exif\0\0')];
  // A scan header, then entropy-coded data holding a stuffed 0xFF, a restart marker and fill bytes.
  const scan = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff];

  it('keeps the scans byte for byte, restarts and stuffed bytes included, and stops at the end marker', () => {
    const file = Buffer.from([...soi, ...exif, ...scan, ...eoi, 0x00, 0x01]);
    expect(withoutMetadata(file)).toEqual(Buffer.from([...soi, ...scan, ...eoi]));
  });

  it('keeps a standard Adobe segment and gives up on one long enough to carry something else', () => {
    const adobe = [0xff, 0xee, 0, 14, ...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1];
    const file = Buffer.from([...soi, ...adobe, ...scan, ...eoi]);
    expect(withoutMetadata(file)).toEqual(file);
    // The same segment, four bytes longer.
    const padded = [0xff, 0xee, 0, 18, ...adobe.slice(4), ...Buffer.from('N31.')];
    expect(withoutMetadata(Buffer.from([...soi, ...padded, ...scan, ...eoi]))).toBeUndefined();
  });

  it('gives up on what it does not follow: arithmetic coding, a scan without end, not a JPEG', () => {
    const arithmeticFrame = [0xff, 0xc9, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0];
    expect(withoutMetadata(Buffer.from([...soi, ...arithmeticFrame, ...scan, ...eoi]))).toBeUndefined();
    expect(withoutMetadata(Buffer.from([...soi, ...scan.slice(0, 14)]))).toBeUndefined();
    expect(withoutMetadata(Buffer.from('GIF89a'))).toBeUndefined();
  });
});
