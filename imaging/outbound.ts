/**
 * What leaves the system in place of the master (the console's download, the upstream submissions): the
 * photo upright, in sRGB, without any location, device or other metadata. The original upload stays in the
 * blob store untouched, as evidence; only this copy goes out.
 */
import { createHash } from 'node:crypto';
import { encodeOutboundMaster, probeHeader } from './image/codec';
import { withoutMetadata } from './image/jfif';

export interface OutboundMaster {
  jpeg: Buffer;
  sha256: string;
  width: number;
  height: number;
}

export async function outboundMaster(original: Buffer): Promise<OutboundMaster> {
  const { jpeg, width, height } =
    (await asStoredWithoutMetadata(original)) ?? (await encodeOutboundMaster(original));
  return { jpeg, sha256: createHash('sha256').update(jpeg).digest('hex'), width, height };
}

/**
 * A camera's JPEG that is already upright sRGB goes out as the camera encoded it, only its metadata segments
 * dropped: no second generation of JPEG loss, and no decode. Anything turned by its EXIF, tagged with a colour
 * profile, of other channels or not a JPEG is re-encoded.
 */
async function asStoredWithoutMetadata(original: Buffer) {
  const header = await probeHeader(original);
  const uprightSrgb =
    header.format === 'jpeg' &&
    header.orientation === 1 &&
    !header.hasIccProfile &&
    header.space === 'srgb' &&
    header.channels === 3;
  const jpeg = uprightSrgb ? withoutMetadata(original) : undefined;
  // Upright: the stored size is the picture's.
  return jpeg && header.width && header.height
    ? { jpeg, width: header.width, height: header.height }
    : undefined;
}
