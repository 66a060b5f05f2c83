/**
 * A photo store of its own per test file, encrypted as in production: in a temporary folder, or in a bucket of
 * its own on the test engines' S3 gateway; either is removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encryptedBlobStore, isEncryptedBlob, type BlobKeyring } from '../../db/blob-crypto';
import { formatBlobKeyring, newBlobKeyEntry, parseBlobKeyring } from '../../db/blob-keys';
import { blobKeyPattern, createFileBlobBackend, type BlobBackend, type BlobStore } from '../../db/blob-store';
import { createS3BlobBackend, ensureBucket, s3Client, type S3Location } from '../../db/s3-blob-backend';
import { testEngineEnv } from '../../stack/jest/test-env';

export interface TestBlobs {
  /** The folder that holds the files as stored (encrypted): the store's own, or the bucket's on the gateway. */
  dir: string;
  backend: BlobBackend;
  keyring: BlobKeyring;
  blobs: BlobStore;
  destroy(): Promise<void>;
}

/** A keyring of fresh random master keys, the last current. */
export const testBlobKeyring = (...keyIds: string[]) =>
  parseBlobKeyring((keyIds.length ? keyIds : ['test-1']).map(newBlobKeyEntry).join(','), '', 'test keyring');

export async function createTestBlobs(keyring = testBlobKeyring()): Promise<TestBlobs> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-blobs-'));
  const backend = createFileBlobBackend(dir);
  return {
    dir,
    backend,
    keyring,
    blobs: encryptedBlobStore(backend, keyring),
    destroy: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** The test engines' S3 gateway, a new bucket on it. */
export async function createTestS3Blobs(
  keyring = testBlobKeyring(),
): Promise<TestBlobs & { location: S3Location }> {
  const location: S3Location = {
    endpoint: testEngineEnv('s3Endpoint'),
    region: 'us-east-1',
    bucket: `tongpai-test-${randomUUID().slice(0, 8)}`,
    accessKeyId: testEngineEnv('s3AccessKeyId'),
    secretAccessKey: testEngineEnv('s3SecretAccessKey'),
    forcePathStyle: true,
  };
  await ensureBucket(location);
  const client = s3Client(location);
  // Listings in pages of five, so that the tests' few keys already span several pages.
  const backend = createS3BlobBackend(location, { client, pageSize: 5 });
  const dir = path.join(testEngineEnv('s3Dir'), location.bucket);
  return {
    dir,
    location,
    backend,
    keyring,
    blobs: encryptedBlobStore(backend, keyring),
    async destroy() {
      client.destroy();
      // The gateway keeps each bucket as a folder: removing it is removing the bucket with all it holds.
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every photo file under `dir` as it lies on disk (a store's folder or a bucket's on the gateway), by its key. */
export async function rawBlobFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && blobKeyPattern.test(entry.name))
      files.set(entry.name, await fs.readFile(path.join(entry.parentPath, entry.name)));
  return files;
}

const jpegMagic = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The files under `dir` that are not sealed: no encryption header, a JPEG's start (FF D8 FF) near the front, or a
 * JPEG's JFIF/Exif marker anywhere. (Three given bytes turn up by chance in a megabyte of ciphertext one time in
 * sixteen, so only the front is searched for them; four bytes, one time in four thousand.)
 */
export async function unsealedBlobFiles(dir: string): Promise<string[]> {
  const unsealed: string[] = [];
  for (const [key, bytes] of await rawBlobFiles(dir)) {
    const jpegInFront = bytes.subarray(0, 128).includes(jpegMagic);
    if (!isEncryptedBlob(bytes) || jpegInFront || bytes.includes('JFIF') || bytes.includes('Exif'))
      unsealed.push(key);
  }
  return unsealed;
}

/** `keyring` with a new random key `keyId` added as the current one: a rotation. */
export const rotatedKeyring = (keyring: BlobKeyring, keyId: string) =>
  parseBlobKeyring(`${formatBlobKeyring(keyring)},${newBlobKeyEntry(keyId)}`, '', `rotated to ${keyId}`);

/** `keyring`'s current key alone: the older keys retired. */
export const currentKeyOnly = (keyring: BlobKeyring) =>
  parseBlobKeyring(
    `${keyring.currentKeyId}:${keyring.keys.get(keyring.currentKeyId)!.toString('base64')}`,
    '',
    'current key only',
  );
