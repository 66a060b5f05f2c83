/**
 * Photo blobs, content-addressed by the sha256 of the photo. A BlobStore is what the API and the worker use; it
 * sits on a BlobBackend, which keeps bytes under a blob's key on one medium (the local file system here, an S3
 * bucket in db/s3-blob-backend.ts). Between the two, db/blob-crypto.ts encrypts what the backend holds.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  /** Stores `data` and answers its sha256, the key it is read by. Storing the same bytes again is harmless. */
  put(data: Buffer): Promise<string>;
  /** The bytes stored under `sha256`; a BlobNotFoundError when there are none. */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** Removes the blob; removing one that is not there is not an error. */
  delete(sha256: string): Promise<void>;
  /** Every key held, each once, in ascending order; with `after`, only the keys that sort after it. */
  list(after?: string): AsyncIterable<string>;
}

/** Bytes under a key on one medium, as they lie there; writing a key replaces what it held, all at once. */
export interface BlobBackend {
  /** Where the bytes are, for messages: a folder or s3://bucket/. */
  readonly location: string;
  write(sha256: string, bytes: Buffer): Promise<void>;
  read(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  list(after?: string): AsyncIterable<string>;
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
}

/** The file is there but is not the photo stored: altered, damaged, or sealed with a master key this process lacks. */
export class BlobUnreadableError extends Error {
  override name = 'BlobUnreadableError';
}

export const blobKeyPattern = /^[0-9a-f]{64}$/;

export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A blob key checked, or a BlobNotFoundError: a malformed key names no blob. */
export function checkedBlobKey(sha256: string): string {
  if (!blobKeyPattern.test(sha256)) throw new BlobNotFoundError(`not a blob key: ${sha256}`);
  return sha256;
}

/** The blob's place below a root (a folder, a bucket): two levels of folders by its first hex digits. */
export function blobRelativePath(sha256: string): string {
  checkedBlobKey(sha256);
  return path.posix.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Where the blob `sha256` lives under `root` on the file system. */
export function blobPath(root: string, sha256: string): string {
  return path.join(root, blobRelativePath(sha256));
}

/** A BlobStore that keeps the bytes as they are: the upstream simulator's, and the plain layer under encryption. */
export function plainBlobStore(backend: BlobBackend): BlobStore {
  return {
    async put(data) {
      const sha256 = sha256Of(data);
      await backend.write(sha256, data);
      return sha256;
    },
    get: (sha256) => backend.read(sha256),
    has: (sha256) => backend.has(sha256),
    delete: (sha256) => backend.delete(sha256),
    list: (after) => backend.list(after),
  };
}

/** Writes go to a temporary file first and are renamed into place: a crash never leaves a partial blob. */
export function createFileBlobBackend(root: string): BlobBackend {
  const pathOf = (sha256: string) => blobPath(root, sha256);
  const sortedEntries = async (dir: string, pattern: RegExp) => {
    try {
      return (await fs.readdir(dir)).filter((name) => pattern.test(name)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  };
  return {
    location: root,
    async write(sha256, bytes) {
      const target = pathOf(sha256);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.tmp`;
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      await fs.rename(temp, target);
    },
    async read(sha256) {
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw new BlobNotFoundError(`blob ${sha256} is missing`);
        throw err;
      }
    },
    async has(sha256) {
      if (!blobKeyPattern.test(sha256)) return false;
      return fs.access(pathOf(sha256)).then(
        () => true,
        () => false,
      );
    },
    async delete(sha256) {
      await fs.rm(pathOf(sha256), { force: true });
    },
    async *list(after = '') {
      const level = /^[0-9a-f]{2}$/;
      // Folders wholly before `after` are skipped without reading them: a resumed walk starts where it stopped.
      for (const first of await sortedEntries(root, level)) {
        if (first < after.slice(0, 2)) continue;
        for (const second of await sortedEntries(path.join(root, first), level)) {
          if (first + second < after.slice(0, 4)) continue;
          for (const name of await sortedEntries(path.join(root, first, second), blobKeyPattern))
            if (name > after) yield name;
        }
      }
    },
  };
}

/** Plain files under `root`: the upstream simulator's store (encrypted photo storage is db/blob-stores.ts). */
export function createFileBlobStore(root: string): BlobStore {
  return plainBlobStore(createFileBlobBackend(root));
}
