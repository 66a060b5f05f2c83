/**
 * Photos as a phone stores them (device and GPS position in the EXIF, a colour profile, an orientation),
 * and what a file that leaves the system still carries of such metadata: for the tests of everything
 * that goes out (the master route, the standard photos, sheets, upstream submissions).
 */
import sharp from 'sharp';

export const testDevice = { make: 'TestPhoneMaker', model: 'TestPhone 7' };

/**
 * `image` re-encoded as a phone's JPEG: device and GPS position in its EXIF, a Display P3 profile; with
 * `sideways`, stored turned a quarter anticlockwise and tagged orientation 6, so a viewer that applies the
 * orientation shows `image` upright again.
 */
export async function withPhoneMetadata(image: Buffer, { sideways = false } = {}): Promise<Buffer> {
  const stored = sideways ? await sharp(image).rotate(270).toBuffer() : image;
  return sharp(stored)
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: testDevice.make, Model: testDevice.model },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 14/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 28/1 0/1',
      },
    })
    .withIccProfile('p3')
    .withMetadata({ orientation: sideways ? 6 : 1 })
    .toBuffer();
}

/** The metadata `file` carries (empty when none): EXIF (where GPS and device tags live), XMP, IPTC, ICC. */
export async function carriedMetadata(file: Buffer): Promise<string[]> {
  const found: string[] = [];
  if (file.includes(testDevice.model)) found.push('device name');
  if (file.includes('Exif\0\0')) found.push('EXIF header');
  // A PDF sheet embeds its JPEG as is: the byte checks above see any EXIF inside it.
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') return found;
  const m = await sharp(file).metadata();
  for (const key of ['exif', 'xmp', 'iptc', 'icc'] as const) if (m[key]) found.push(key);
  return found;
}
