/**
 * The only module that talks to sharp (libvips): header probing, the one full decode of a master, resizing,
 * and encoding. Everything else works on the plain pixel buffers of ./raster.
 */
import sharp, { type Sharp } from 'sharp';
import { type RgbaImage, type RgbImage } from './raster';

// One libvips worker per core is plenty; the pipeline already runs stages concurrently with ONNX.
sharp.concurrency(Math.max(1, Math.min(2, sharp.concurrency())));
// Caching decoded inputs across calls would keep masters in memory for no gain: each is decoded once.
sharp.cache(false);

export interface HeaderInfo {
  format: string;
  /** Stored (un-oriented) size. */
  width: number;
  height: number;
  orientation: number;
  channels: number;
  space: string;
  depth: string;
  hasAlpha: boolean;
  hasIccProfile: boolean;
  hasExif: boolean;
  density: number | undefined;
  progressive: boolean;
  /** Compression of the stored image (HEIF containers only): tells HEVC from AV1. */
  compression: string | undefined;
}

/** Reads the header only: no pixel is decoded, so a decompression bomb costs nothing here. */
export async function probeHeader(buffer: Buffer): Promise<HeaderInfo> {
  const m = await sharp(buffer, { limitInputPixels: false }).metadata();
  return {
    format: m.format ?? 'unknown',
    width: m.width ?? 0,
    height: m.height ?? 0,
    orientation: m.orientation ?? 1,
    channels: m.channels ?? 0,
    space: m.space ?? 'unknown',
    depth: m.depth ?? 'unknown',
    hasAlpha: m.hasAlpha ?? false,
    hasIccProfile: m.icc !== undefined,
    hasExif: m.exif !== undefined,
    density: m.density,
    progressive: m.isProgressive ?? false,
    compression: m.compression,
  };
}

/**
 * The master's one full decode: EXIF orientation applied, alpha flattened on white, any colour space or
 * bit depth (CMYK, greyscale, 16-bit, embedded ICC profile) converted to 8-bit sRGB.
 */
export async function decodeToSrgb(buffer: Buffer, maxPixels: number): Promise<RgbImage> {
  const { pixels, channels } = await rawPixels(
    sharp(buffer, { limitInputPixels: maxPixels, failOn: 'warning', autoOrient: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb'),
  );
  if (channels !== 3) throw new Error(`decoder returned ${channels} channels`);
  return pixels;
}

/** The pipeline's output as interleaved 8-bit pixels, viewed in place (no copy of libvips' buffer). */
async function rawPixels(
  pipeline: Sharp,
): Promise<{ pixels: { width: number; height: number; data: Uint8Array }; channels: number }> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const pixels = {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
  return { pixels, channels: info.channels };
}

function rawInput(image: RgbImage) {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
}

/** Lanczos resize to an exact size (used for model inputs taken from the whole frame). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const { pixels } = await rawPixels(
    rawInput(image).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }),
  );
  return pixels;
}

/** Lanczos resize of the region [left, left + width) x [top, top + height) to an exact size. */
export async function resizeRegion(
  image: RgbImage,
  region: { left: number; top: number; width: number; height: number },
  width: number,
  height: number,
): Promise<RgbImage> {
  const { pixels } = await rawPixels(
    rawInput(image).extract(region).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }),
  );
  return pixels;
}

/**
 * Baseline JPEG, 4:2:0, standard (Annex K) quantisation tables, no metadata. Huffman tables are the
 * standard ones unless `optimiseHuffman`: optimised tables make files 1-3 % smaller and cost about 80 %
 * more encoding time, which pays only where a KB limit turns bytes into quality.
 */
export async function encodeJpeg(image: RgbImage, quality: number, optimiseHuffman = false): Promise<Buffer> {
  return rawInput(image)
    .jpeg({
      quality,
      progressive: false,
      chromaSubsampling: '4:2:0',
      mozjpeg: false,
      trellisQuantisation: false,
      overshootDeringing: false,
      optimiseScans: false,
      optimiseCoding: optimiseHuffman,
      quantisationTable: 0,
    })
    .toBuffer();
}

/**
 * The master as it may leave the system: EXIF orientation applied, converted to 8-bit sRGB (an embedded
 * colour profile is applied, then dropped: untagged sRGB, like every standard photo), alpha flattened on
 * white, and re-encoded as a JPEG with no metadata at all (no EXIF, GPS, XMP, IPTC or ICC). 4:4:4 at
 * quality 95 keeps the detail reviewers and the libraries compare. Deterministic for one libvips version.
 */
export async function encodeOutboundMaster(
  buffer: Buffer,
): Promise<{ jpeg: Buffer; width: number; height: number }> {
  // No pixel limit here: only admitted masters (decoded in full under MAX_IMAGE_PIXELS) come this way.
  const { data, info } = await sharp(buffer, { limitInputPixels: false, autoOrient: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4', progressive: false, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { jpeg: data, width: info.width, height: info.height };
}

/** PNG of the pixels; the preview asks for the fastest compression, test fixtures for the default. */
export async function encodePng(image: RgbImage, compressionLevel = 6): Promise<Buffer> {
  return rawInput(image).png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
}

/** An SVG rendered (librsvg) to straight, non-premultiplied RGBA at its own pixel size. */
export async function rasteriseSvg(svg: string): Promise<RgbaImage> {
  const { pixels } = await rawPixels(sharp(Buffer.from(svg)).ensureAlpha());
  return pixels;
}
