/** A blob store of its own per test file, in a temporary folder removed afterwards. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFileBlobStore, type BlobStore } from '../../db/blob-store';

export interface TestBlobs {
  dir: string;
  blobs: BlobStore;
  destroy(): Promise<void>;
}

export async function createTestBlobs(): Promise<TestBlobs> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-blobs-'));
  return {
    dir,
    blobs: createFileBlobStore(dir),
    destroy: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
