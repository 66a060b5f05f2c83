import sharp from 'sharp';
import { ImagingError, type ImagingErrorCode } from '../errors';
import { headerOnlyPng } from '../testing/crafted-png';
import { inspectUpload, loadMaster } from './load';

const limits = { maxBytes: 5_000_000, maxPixels: 20_000_000 };

const solid = (colour: string, width = 200, height = 120) =>
  sharp({ create: { width, height, channels: 3, background: colour } });

async function refusal(buffer: Buffer, custom = limits): Promise<ImagingError> {
  try {
    await inspectUpload(buffer, custom);
  } catch (err) {
    expect(err).toBeInstanceOf(ImagingError);
    return err as ImagingError;
  }
  throw new Error('expected a refusal');
}

async function expectRefused(buffer: Buffer, code: ImagingErrorCode, custom = limits): Promise<ImagingError> {
  const err = await refusal(buffer, custom);
  expect(err.code).toBe(code);
  expect(err.messages.zh.length).toBeGreaterThan(4);
  expect(err.messages.en.length).toBeGreaterThan(10);
  expect(err.messages.zh).not.toBe(err.messages.en);
  return err;
}

describe('accepted formats', () => {
  it.each([
    ['jpeg', 'image/jpeg', () => solid('#c03020').jpeg().toBuffer()],
    ['png', 'image/png', () => solid('#c03020').png().toBuffer()],
    ['webp', 'image/webp', () => solid('#c03020').webp().toBuffer()],
  ])('%s is accepted and described', async (format, mimeType, make) => {
    const info = await inspectUpload(await make(), limits);
    expect(info).toMatchObject({ format, mimeType, width: 200, height: 120, orientation: 1 });
  });

  it('applies EXIF orientation first: a sideways phone photo is reported and decoded upright', async () => {
    // Left half red, right half blue, stored with orientation 6 (rotate 90 degrees clockwise to view).
    const stored = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: { create: { width: 100, height: 120, channels: 3, background: '#0000ff' } },
          left: 100,
          top: 0,
        },
      ])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const info = await inspectUpload(stored, limits);
    expect(info).toMatchObject({
      width: 120,
      height: 200,
      storedWidth: 200,
      storedHeight: 120,
      orientation: 6,
    });
    const { image } = await loadMaster(stored, limits);
    expect([image.width, image.height]).toEqual([120, 200]);
    const at = (x: number, y: number) =>
      Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));
    // After rotating clockwise the stored left half (red) is on top.
    expect(at(60, 20)[0]).toBeGreaterThan(200);
    expect(at(60, 180)[2]).toBeGreaterThan(200);
  });
});

describe('conversion to 8-bit sRGB', () => {
  const pixel = async (buffer: Buffer) => {
    const { image } = await loadMaster(buffer, limits);
    expect(image.data.length).toBe(image.width * image.height * 3);
    return Array.from(image.data.subarray(0, 3));
  };

  it('CMYK JPEG', async () => {
    const cmyk = await solid('#ff0000').toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const [r, g, b] = await pixel(cmyk);
    expect(r).toBeGreaterThan(200);
    expect(Math.max(g!, b!)).toBeLessThan(60);
  });

  it('greyscale PNG', async () => {
    const grey = await solid('#808080').toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const [r, g, b] = await pixel(grey);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('16-bit PNG', async () => {
    const deep = await solid('#ff8000').toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    expect(await pixel(deep)).toEqual([255, 128, 0]);
  });

  it('alpha is flattened on white', async () => {
    const half = await sharp({
      create: { width: 100, height: 100, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const [r, g, b] = await pixel(half);
    expect(r).toBe(255);
    expect(g).toBeGreaterThan(120);
    expect(b).toBeGreaterThan(120);
  });
});

describe('refusals', () => {
  it('empty file', () => expectRefused(Buffer.alloc(0), 'empty_file'));

  it('not an image', () => expectRefused(Buffer.from('%% just some text, not a picture %%'), 'not_an_image'));

  it('a file over the byte limit, before anything else is read', async () => {
    const big = await solid('#123456').png().toBuffer();
    const err = await expectRefused(big, 'file_too_large', { maxBytes: big.length - 1, maxPixels: 1e9 });
    expect(err.messages.en).toContain(String(big.length));
  });

  it('a decompression bomb is refused from its header, never decoded', async () => {
    // 100000 x 100000 px claimed, about 1 KB of data: decoding would need 30 GB, or fail as corrupt.
    const bomb = headerOnlyPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2000);
    const started = Date.now();
    const err = await expectRefused(bomb, 'image_too_large');
    expect(err.details).toMatchObject({ width: 100_000, height: 100_000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a photo within the byte limit but over the pixel limit', () =>
    solid('#00ff00', 3000, 2000)
      .jpeg()
      .toBuffer()
      .then((jpeg) => expectRefused(jpeg, 'image_too_large', { maxBytes: 1e8, maxPixels: 5_000_000 })));

  it('an image too small to hold a face', async () =>
    expectRefused(await solid('#fff', 40, 40).png().toBuffer(), 'image_too_small'));

  it.each([
    ['JPEG', () => solid('#c03020', 400, 300).jpeg().toBuffer()],
    ['PNG', () => solid('#c03020', 400, 300).png().toBuffer()],
    ['WebP', () => solid('#c03020', 400, 300).webp().toBuffer()],
  ])('truncated %s', async (_name, make) => {
    const whole = await make();
    await expectRefused(whole.subarray(0, Math.floor(whole.length * 0.6)), 'truncated_image');
  });

  it('corrupt JPEG data (complete file, damaged scan)', async () => {
    const noise = await sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    const damaged = Buffer.from(noise);
    for (let i = 2000; i < 2600; i++) damaged[i] = (i * 37) & 0xff;
    await expectRefused(damaged, 'corrupt_image');
  });

  it('a PNG whose header is damaged', async () => {
    const png = Buffer.from(await solid('#c03020').png().toBuffer());
    png.write('XXXX', 12, 'latin1'); // the IHDR chunk type
    await expectRefused(png, 'corrupt_image');
  });

  it.each([
    ['GIF', () => solid('#c03020').gif().toBuffer()],
    ['TIFF', () => solid('#c03020').tiff().toBuffer()],
    ['AVIF', () => solid('#c03020').avif().toBuffer()],
    ['SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"/>')],
  ])('%s is refused as unsupported, naming the format', async (name, make) => {
    const err = await expectRefused(await make(), 'unsupported_format');
    expect(err.messages.en).toContain(name);
  });

  it('HEIC: accepted only if the installed libvips decodes HEVC, otherwise a clear unsupported-format error', async () => {
    // A HEIF container with the HEIC brand and an HEVC item (built from an AVIF by renaming its brand and
    // codec boxes). sharp's prebuilt libvips ships without an HEVC decoder, so this must be refused.
    const avif = Buffer.from(await solid('#c03020').avif().toBuffer());
    const rename = (from: string, to: string) => {
      for (let at = avif.indexOf(from); at >= 0; at = avif.indexOf(from, at + 1))
        avif.write(to, at, 'latin1');
    };
    rename('avif', 'heic');
    rename('av01', 'hvc1');
    rename('av1C', 'hvcC');
    const err = await expectRefused(avif, 'unsupported_format');
    expect(err.messages.en).toContain('HEIC');
    expect(err.messages.zh).toContain('HEIC');
  });
});
