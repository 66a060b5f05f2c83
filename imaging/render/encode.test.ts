import { resizeRgb } from '../image/codec';
import { jpegEndOffset, readJpegSegments } from '../image/jfif';
import { type RgbImage } from '../image/raster';
import { loadProfiles } from '../profiles/load';
import { decodeTestImage } from '../testing/fixtures';
import { bytesPerKb, encodeProfilePhoto } from './encode';

const profiles = loadProfiles();
let photo: RgbImage;

beforeAll(async () => {
  photo = await resizeRgb(await decodeTestImage('faces-hr/london_002_neutral.jpg'), 358, 441);
});

describe('profile JPEG', () => {
  it('id_card: bisection lands the file inside 14-20 KB, at the highest quality that fits', async () => {
    const profile = profiles.get('id_card');
    const encoded = await encodeProfilePhoto(photo, profile);
    expect(encoded.sizeInRange).toBe(true);
    expect(encoded.bytes).toBeGreaterThanOrEqual(14 * bytesPerKb);
    expect(encoded.bytes).toBeLessThanOrEqual(20 * bytesPerKb);
    // Bisection: a handful of tries, not a scan of every quality.
    expect(encoded.tried.length).toBeLessThanOrEqual(9);
    const oneUp = await encodeProfilePhoto(photo, {
      ...profile,
      output: { ...profile.output, quality: { min: encoded.quality + 1, max: encoded.quality + 1 } },
    });
    expect(oneUp.bytes).toBeGreaterThan(20 * bytesPerKb);
  });

  it('is baseline, 3-component, carries the DPI in JFIF and no other metadata, and ends at EOI', async () => {
    const encoded = await encodeProfilePhoto(photo, profiles.get('id_card'));
    const segments = readJpegSegments(encoded.jpeg);
    expect(segments.markers[0]).toBe('APP0');
    expect(segments.markers).toContain('SOF0'); // baseline
    expect(segments.markers).not.toContain('SOF2'); // not progressive
    expect(segments.markers.filter((m) => m.startsWith('APP'))).toEqual(['APP0']); // no EXIF, XMP or ICC
    expect(segments.jfifDensity).toEqual({ unit: 'dpi', x: 350, y: 350 });
    expect([segments.width, segments.height, segments.components]).toEqual([358, 441, 3]);
    expect(jpegEndOffset(encoded.jpeg)).toBe(encoded.jpeg.length); // nothing padded after the end marker
  });

  it('never pads: a minimum it cannot reach is reported, not faked', async () => {
    const profile = profiles.get('id_card');
    const flat: RgbImage = { width: 358, height: 441, data: new Uint8Array(358 * 441 * 3).fill(255) };
    const encoded = await encodeProfilePhoto(flat, profile);
    expect(encoded.sizeInRange).toBe(false);
    expect(encoded.bytes).toBeLessThan(14 * bytesPerKb);
    expect(jpegEndOffset(encoded.jpeg)).toBe(encoded.jpeg.length);
  });

  it('is byte-identical for the same pixels and settings', async () => {
    const profile = profiles.get('exit_entry');
    const [a, b] = await Promise.all([
      encodeProfilePhoto(photo, profile),
      encodeProfilePhoto(photo, profile),
    ]);
    expect(a.jpeg.equals(b.jpeg)).toBe(true);
  });
});
