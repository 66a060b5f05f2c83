/**
 * The master keys that wrap the photo files' data keys, from configuration: `<id>:<base64 of 32 bytes>` entries,
 * separated by commas or new lines, in BLOB_MASTER_KEYS or in the file BLOB_MASTER_KEYS_FILE. The current key is
 * BLOB_MASTER_KEY_ID, else the last listed (rotation: add a key, which wraps from then on; the older ones keep
 * reading the files they wrapped until `npm run blobs:rewrap` has moved those to the current one).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyIdPattern, newKeyId } from '../signing/keys';
import type { BlobKeyring } from './blob-crypto';

export class BlobKeyError extends Error {
  override name = 'BlobKeyError';
}

export function parseBlobKeyring(text: string, currentKeyId: string, source: string): BlobKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const [id = '', encoded = ''] = entry.split(':');
    const key = Buffer.from(encoded, 'base64');
    if (!keyIdPattern.test(id))
      throw new BlobKeyError(`${source}: "${id}" is not a key id (A-Z a-z 0-9 . _ -)`);
    if (key.length !== 32 || key.toString('base64') !== encoded)
      throw new BlobKeyError(`${source}: key "${id}" is not 32 bytes in base64`);
    if (keys.has(id)) throw new BlobKeyError(`${source}: key "${id}" is listed twice`);
    keys.set(id, key);
  }
  const current = currentKeyId || [...keys.keys()].pop();
  if (!current) throw new BlobKeyError(`${source}: no master key`);
  if (!keys.has(current)) throw new BlobKeyError(`${source}: the current key "${current}" is not listed`);
  return { currentKeyId: current, keys };
}

/** The keyring as BLOB_MASTER_KEYS says it (for a process started with the same keys). */
export const formatBlobKeyring = (keyring: BlobKeyring) =>
  [...keyring.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');

/** One new keyring entry: a random 256-bit key under `keyId`. */
export const newBlobKeyEntry = (keyId: string) => `${keyId}:${randomBytes(32).toString('base64')}`;

export interface BlobKeySettings {
  BLOB_MASTER_KEYS: string;
  BLOB_MASTER_KEY_ID: string;
  blobMasterKeysFile: string;
}

/**
 * The keyring configured; with `generateIfMissing` (a development start with nothing configured), a first key
 * is written to the keys file in the data folder, readable by its owner only.
 */
export function loadBlobKeyring(settings: BlobKeySettings, { generateIfMissing = false } = {}): BlobKeyring {
  if (settings.BLOB_MASTER_KEYS)
    return parseBlobKeyring(settings.BLOB_MASTER_KEYS, settings.BLOB_MASTER_KEY_ID, 'BLOB_MASTER_KEYS');
  const file = settings.blobMasterKeysFile;
  if (!fs.existsSync(file)) {
    if (!generateIfMissing)
      throw new BlobKeyError(
        `no master key for the photo files: set BLOB_MASTER_KEYS or BLOB_MASTER_KEYS_FILE (${file} does not exist; npm start makes a development key there)`,
      );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${newBlobKeyEntry(newKeyId(new Date()))}\n`, { mode: 0o600, flag: 'wx' });
  }
  return parseBlobKeyring(fs.readFileSync(file, 'utf8'), settings.BLOB_MASTER_KEY_ID, file);
}
