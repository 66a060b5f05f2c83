import sharp from 'sharp';
import { metadataSegments, readJpegSegments } from './image/jfif';
import { outboundMaster } from './outbound';
import { carriedMetadata, withPhoneMetadata } from './testing/metadata';

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
