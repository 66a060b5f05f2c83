/**
 * Photo files encrypted at rest (face images are sensitive personal information under PIPL). Each file gets its
 * own random 256-bit data key; the photo is sealed with AES-256-GCM under it, and the data key is wrapped
 * (AES-256 key wrap, RFC 3394) by a master key from configuration. The file starts with a small header:
 *
 *   "TPBE" | version 1 | key id length n | key id (n bytes) | wrapped data key (40) | nonce (12) | ciphertext | tag (16)
 *
 * The GCM additional data binds the magic, the version and the blob's key (the photo's sha256), so a file moved
 * under another key fails; it leaves out the key id and the wrapped key, so that rotating the master key rewrites
 * the header alone. Files written before encryption (no magic) are still read, when their sha256 matches.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  BlobUnreadableError,
  checkedBlobKey,
  sha256Of,
  type BlobBackend,
  type BlobStore,
} from './blob-store';

export interface BlobKeyring {
  /** The master key that wraps every data key from now on. */
  currentKeyId: string;
  /** Every master key by id, the retired ones too: files wrapped by them still read. */
  keys: ReadonlyMap<string, Buffer>;
}

const magic = Buffer.from('TPBE', 'ascii');
const formatVersion = 1;
const wrappedKeyLength = 40;
const nonceLength = 12;
const tagLength = 16;
// RFC 3394's default initial value: unwrapping checks it, so a wrong master key is refused, never used.
const keyWrapIv = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

interface Header {
  keyId: string;
  wrappedKey: Buffer;
  nonce: Buffer;
  /** Where the ciphertext starts. */
  length: number;
}

export const isEncryptedBlob = (bytes: Buffer) => bytes.subarray(0, magic.length).equals(magic);

function readHeader(sha256: string, bytes: Buffer): Header {
  const version = bytes[magic.length];
  if (version !== formatVersion)
    throw new BlobUnreadableError(
      `blob ${sha256} has encryption format version ${version}, which this code cannot read`,
    );
  const idLength = bytes[magic.length + 1] ?? 0;
  const idStart = magic.length + 2;
  const wrapStart = idStart + idLength;
  const nonceStart = wrapStart + wrappedKeyLength;
  const length = nonceStart + nonceLength;
  if (bytes.length < length + tagLength) throw new BlobUnreadableError(`blob ${sha256} is truncated`);
  return {
    keyId: bytes.subarray(idStart, wrapStart).toString('ascii'),
    wrappedKey: bytes.subarray(wrapStart, nonceStart),
    nonce: bytes.subarray(nonceStart, length),
    length,
  };
}

const headerBytes = (keyId: string, wrappedKey: Buffer, nonce: Buffer) =>
  Buffer.concat([
    magic,
    Buffer.from([formatVersion, keyId.length]),
    Buffer.from(keyId, 'ascii'),
    wrappedKey,
    nonce,
  ]);

const additionalData = (sha256: string) =>
  Buffer.concat([magic, Buffer.from([formatVersion]), Buffer.from(sha256, 'ascii')]);

function wrapKey(masterKey: Buffer, dataKey: Buffer): Buffer {
  const cipher = createCipheriv('id-aes256-wrap', masterKey, keyWrapIv);
  return Buffer.concat([cipher.update(dataKey), cipher.final()]);
}

function unwrapKey(sha256: string, keyring: BlobKeyring, header: Header): Buffer {
  const masterKey = keyring.keys.get(header.keyId);
  if (!masterKey)
    throw new BlobUnreadableError(
      `blob ${sha256} is encrypted with master key "${header.keyId}", which is not in the keyring`,
    );
  try {
    const decipher = createDecipheriv('id-aes256-wrap', masterKey, keyWrapIv);
    return Buffer.concat([decipher.update(header.wrappedKey), decipher.final()]);
  } catch {
    throw new BlobUnreadableError(
      `blob ${sha256}: its data key does not unwrap with master key "${header.keyId}" (altered, or another key of that id)`,
    );
  }
}

function currentMasterKey(keyring: BlobKeyring): Buffer {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new Error(`the current master key "${keyring.currentKeyId}" is not in the keyring`);
  return key;
}

/** The photo `data`, stored under `sha256`, sealed under a new data key wrapped by the current master key. */
export function encryptBlob(keyring: BlobKeyring, sha256: string, data: Buffer): Buffer {
  const dataKey = randomBytes(32);
  const nonce = randomBytes(nonceLength);
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce).setAAD(additionalData(sha256));
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  const header = headerBytes(keyring.currentKeyId, wrapKey(currentMasterKey(keyring), dataKey), nonce);
  return Buffer.concat([header, ciphertext, cipher.getAuthTag()]);
}

/** The photo stored as `bytes` under `sha256`; a BlobUnreadableError when it is altered or its key is unknown. */
export function decryptBlob(keyring: BlobKeyring, sha256: string, bytes: Buffer): Buffer {
  if (!isEncryptedBlob(bytes)) {
    // Written before encryption: trusted only as the very photo its key names.
    if (sha256Of(bytes) !== sha256)
      throw new BlobUnreadableError(`blob ${sha256} is neither encrypted nor the photo its key names`);
    return bytes;
  }
  const header = readHeader(sha256, bytes);
  const dataKey = unwrapKey(sha256, keyring, header);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, header.nonce).setAAD(additionalData(sha256));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagLength));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(header.length, bytes.length - tagLength)),
      decipher.final(),
    ]);
  } catch {
    throw new BlobUnreadableError(
      `blob ${sha256} fails its integrity check: altered, or not the file stored under this key`,
    );
  }
}

export type Conversion = 'encrypted' | 'rewrapped' | 'current';

/**
 * What a file needs to be sealed under the current master key: `encrypted` (plaintext from before encryption),
 * `rewrapped` (its data key re-wrapped, the header rewritten, the ciphertext kept) or `current` (untouched), with
 * the bytes to write in its place when it needs any.
 */
export function convertBlob(
  keyring: BlobKeyring,
  sha256: string,
  bytes: Buffer,
): { conversion: Conversion; bytes?: Buffer } {
  if (!isEncryptedBlob(bytes))
    return {
      conversion: 'encrypted',
      bytes: encryptBlob(keyring, sha256, decryptBlob(keyring, sha256, bytes)),
    };
  const header = readHeader(sha256, bytes);
  if (header.keyId === keyring.currentKeyId) return { conversion: 'current' };
  // The whole file is checked before its header changes: a damaged file is reported, not given a new header.
  decryptBlob(keyring, sha256, bytes);
  const dataKey = unwrapKey(sha256, keyring, header);
  const header2 = headerBytes(
    keyring.currentKeyId,
    wrapKey(currentMasterKey(keyring), dataKey),
    header.nonce,
  );
  return { conversion: 'rewrapped', bytes: Buffer.concat([header2, bytes.subarray(header.length)]) };
}

/** The one place photos are encrypted and decrypted: a BlobStore over any backend, with its keys from `keyring`. */
export function encryptedBlobStore(backend: BlobBackend, keyring: BlobKeyring): BlobStore {
  currentMasterKey(keyring);
  return {
    async put(data) {
      const sha256 = sha256Of(data);
      await backend.write(sha256, encryptBlob(keyring, sha256, data));
      return sha256;
    },
    async get(sha256) {
      return decryptBlob(keyring, sha256, await backend.read(checkedBlobKey(sha256)));
    },
    has: (sha256) => backend.has(sha256),
    delete: (sha256) => backend.delete(sha256),
    list: (after) => backend.list(after),
  };
}
