/**
 * What leaves the system in place of the master (the console's download, the upstream submissions): the
 * photo upright, in sRGB, without any location, device or other metadata. The original upload stays in the
 * blob store untouched, as evidence; only this copy goes out.
 */
import { createHash } from 'node:crypto';
import { encodeOutboundMaster } from './image/codec';

export interface OutboundMaster {
  jpeg: Buffer;
  sha256: string;
  width: number;
  height: number;
}

export async function outboundMaster(original: Buffer): Promise<OutboundMaster> {
  const { jpeg, width, height } = await encodeOutboundMaster(original);
  return { jpeg, sha256: createHash('sha256').update(jpeg).digest('hex'), width, height };
}
