/**
 * Admission of an uploaded photo: every refusal happens here, as a typed ImagingError, in the order of
 * cost (size, magic bytes, completeness, header, pixel count) so that a bomb is refused from its header
 * and never decoded.
 */
import { ImagingError } from '../errors';
import { decodeToSrgb, probeHeader, type HeaderInfo } from './codec';
import { isComplete, sniffFormat, type SniffedFormat } from './formats';
import { type RgbImage } from './raster';

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
}

export const defaultUploadLimits: UploadLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 60_000_000 };

export type AcceptedFormat = 'jpeg' | 'png' | 'webp' | 'heic';

export interface UploadInfo {
  format: AcceptedFormat;
  mimeType: string;
  bytes: number;
  /** Size after EXIF orientation, i.e. as the person sees the photo. */
  width: number;
  height: number;
  storedWidth: number;
  storedHeight: number;
  orientation: number;
  colourSpace: string;
  channels: number;
  bitDepth: string;
  hasAlpha: boolean;
  hasIccProfile: boolean;
  hasExif: boolean;
  density: number | null;
  progressive: boolean;
}

const mimeTypes: Record<AcceptedFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
};

const formatNames: Record<SniffedFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  heic: 'HEIC',
  avif: 'AVIF',
  gif: 'GIF',
  tiff: 'TIFF',
  bmp: 'BMP',
  svg: 'SVG',
  pdf: 'PDF',
};

/** Smallest side that can still hold a face worth measuring. */
const minSide = 64;

function isAccepted(format: SniffedFormat): format is AcceptedFormat {
  return format === 'jpeg' || format === 'png' || format === 'webp' || format === 'heic';
}

interface Admitted {
  info: UploadInfo;
  format: AcceptedFormat;
}

/** What libvips failing to read an accepted format means: a corrupt file, or HEIC it cannot decode. */
function unreadable(format: AcceptedFormat, cause: unknown): ImagingError {
  // The installed libvips reads HEIF containers but may lack the HEVC decoder.
  if (format === 'heic')
    return new ImagingError('unsupported_format', { format: 'HEIC' }, { format }, { cause });
  return new ImagingError('corrupt_image', {}, { format, reason: String(cause) }, { cause });
}

async function admit(buffer: Buffer, limits: UploadLimits): Promise<Admitted> {
  if (buffer.length === 0) throw new ImagingError('empty_file');
  if (buffer.length > limits.maxBytes) {
    throw new ImagingError('file_too_large', { bytes: buffer.length, maxBytes: limits.maxBytes });
  }
  const format = sniffFormat(buffer);
  if (!format) throw new ImagingError('not_an_image');
  if (!isAccepted(format))
    throw new ImagingError('unsupported_format', { format: formatNames[format] }, { format });
  if (!isComplete(format, buffer)) throw new ImagingError('truncated_image', {}, { format });

  let header: HeaderInfo;
  try {
    header = await probeHeader(buffer);
  } catch (cause) {
    throw unreadable(format, cause);
  }
  const { width, height } = header;
  if (width * height > limits.maxPixels) {
    throw new ImagingError(
      'image_too_large',
      { width, height, maxPixels: limits.maxPixels },
      { width, height },
    );
  }
  if (Math.min(width, height) < minSide) throw new ImagingError('image_too_small', { width, height });
  const swapped = header.orientation >= 5 && header.orientation <= 8;
  return {
    format,
    info: {
      format,
      mimeType: mimeTypes[format],
      bytes: buffer.length,
      width: swapped ? height : width,
      height: swapped ? width : height,
      storedWidth: width,
      storedHeight: height,
      orientation: header.orientation,
      colourSpace: header.space,
      channels: header.channels,
      bitDepth: header.depth,
      hasAlpha: header.hasAlpha,
      hasIccProfile: header.hasIccProfile,
      hasExif: header.hasExif,
      density: header.density ?? null,
      progressive: header.progressive,
    },
  };
}

async function decode(buffer: Buffer, admitted: Admitted, limits: UploadLimits): Promise<RgbImage> {
  try {
    return await decodeToSrgb(buffer, limits.maxPixels);
  } catch (cause) {
    throw unreadable(admitted.format, cause);
  }
}

/** For the API, before it stores a capture: refuses any bad input and describes a good one. */
export async function inspectUpload(buffer: Buffer, limits: UploadLimits): Promise<UploadInfo> {
  const admitted = await admit(buffer, limits);
  await decode(buffer, admitted, limits); // the only proof that the pixel data itself is sound
  return admitted.info;
}

/** For the pipeline: the same admission, then the master's one decode. */
export async function loadMaster(
  buffer: Buffer,
  limits: UploadLimits,
): Promise<{ info: UploadInfo; image: RgbImage }> {
  const admitted = await admit(buffer, limits);
  const image = await decode(buffer, admitted, limits);
  return { info: admitted.info, image };
}
