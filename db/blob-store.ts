/**
 * Photo blobs, content-addressed by sha256 on the local file system. Writes go to a temporary file first and are
 * renamed into place, so a crash never leaves a partial blob under its final name.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  put(data: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
}

const validKey = /^[0-9a-f]{64}$/;

/** Where the blob `sha256` lives under `root`: two levels of folders by its first hex digits. */
export function blobPath(root: string, sha256: string): string {
  if (!validKey.test(sha256)) throw new BlobNotFoundError(`not a blob key: ${sha256}`);
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => blobPath(root, sha256);
  return {
    async put(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const target = pathOf(sha256);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.tmp`;
      await fs.writeFile(temp, data, { flag: 'wx' });
      await fs.rename(temp, target);
      return sha256;
    },
    async get(sha256) {
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw new BlobNotFoundError(`blob ${sha256} is missing`);
        throw err;
      }
    },
    async has(sha256) {
      return fs.access(pathOf(sha256)).then(
        () => true,
        () => false,
      );
    },
  };
}
