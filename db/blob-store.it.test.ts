/**
 * One contract for every photo store: the file system and the S3 gateway of the test engines (a real
 * S3-compatible server, never a mock), each plain and encrypted, behave alike.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { encryptedBlobStore, isEncryptedBlob } from './blob-crypto';
import { rewrapBlobs } from './blob-rewrap';
import { plainBlobStore, BlobNotFoundError, sha256Of, type BlobStore } from './blob-store';
import {
  createTestBlobs,
  createTestS3Blobs,
  currentKeyOnly,
  rotatedKeyring,
  type TestBlobs,
} from '../test/support/blobs';

const stores: [string, () => Promise<TestBlobs>][] = [
  ['file system', createTestBlobs],
  ['S3 gateway', createTestS3Blobs],
];
const layers: [string, (t: TestBlobs) => BlobStore][] = [
  ['encrypted', (t) => t.blobs],
  ['plain', (t) => plainBlobStore(t.backend)],
];

const listAll = async (store: BlobStore, after?: string) => {
  const keys: string[] = [];
  for await (const key of store.list(after)) keys.push(key);
  return keys;
};

describe.each(stores)('the %s store', (_name, create) => {
  let testBlobs: TestBlobs;
  beforeAll(async () => {
    testBlobs = await create();
  });
  afterAll(() => testBlobs?.destroy());

  test('the re-wrap command encrypts plaintext files and moves old ones to the current key in this store', async () => {
    const plain = plainBlobStore(testBlobs.backend);
    for (const key of await listAll(plain)) await plain.delete(key);
    const legacy = await plain.put(Buffer.from('a photo from before encryption'));
    const sealed = await testBlobs.blobs.put(Buffer.from('a photo under the first key'));
    const rotated = rotatedKeyring(testBlobs.keyring, 'rotated');
    const checkpointFile = path.join(os.tmpdir(), `tongpai-rewrap-${randomUUID()}.json`);
    const result = await rewrapBlobs({ backend: testBlobs.backend, keyring: rotated, checkpointFile });
    expect(result).toMatchObject({
      completed: true,
      counts: { encrypted: 1, rewrapped: 1, current: 0, failed: 0 },
    });
    const newKeyOnly = currentKeyOnly(rotated);
    const store = encryptedBlobStore(testBlobs.backend, newKeyOnly);
    expect((await store.get(legacy)).toString()).toBe('a photo from before encryption');
    expect((await store.get(sealed)).toString()).toBe('a photo under the first key');
    expect(isEncryptedBlob(await testBlobs.backend.read(legacy))).toBe(true);
  });

  describe.each(layers)('%s', (layer, storeOf) => {
    let store: BlobStore;
    beforeAll(async () => {
      store = storeOf(testBlobs);
      for (const key of await listAll(store)) await store.delete(key);
    });

    test('put answers the sha256; get, has and list find the same bytes', async () => {
      const data = Buffer.from(`photo bytes of the ${layer} layer`);
      const sha256 = await store.put(data);
      expect(sha256).toBe(sha256Of(data));
      expect((await store.get(sha256)).equals(data)).toBe(true);
      expect(await store.has(sha256)).toBe(true);
      expect(await listAll(store)).toContain(sha256);
      // The same bytes again: the same key, still one blob.
      expect(await store.put(data)).toBe(sha256);
      expect((await listAll(store)).filter((k) => k === sha256)).toHaveLength(1);
      const empty = await store.put(Buffer.alloc(0));
      expect((await store.get(empty)).length).toBe(0);
    });

    test('a missing or malformed key: not found on get, false on has', async () => {
      const missing = sha256Of(Buffer.from('never stored'));
      await expect(store.get(missing)).rejects.toThrow(BlobNotFoundError);
      await expect(store.get(missing)).rejects.toThrow(`blob ${missing} is missing`);
      expect(await store.has(missing)).toBe(false);
      await expect(store.get('../../etc/passwd')).rejects.toThrow(BlobNotFoundError);
      expect(await store.has('../../etc/passwd')).toBe(false);
    });

    test('delete removes the blob, and deleting it again is no error', async () => {
      const sha256 = await store.put(Buffer.from('to be deleted'));
      await store.delete(sha256);
      expect(await store.has(sha256)).toBe(false);
      await expect(store.get(sha256)).rejects.toThrow(BlobNotFoundError);
      await expect(store.delete(sha256)).resolves.toBeUndefined();
      expect(await listAll(store)).not.toContain(sha256);
    });

    test('list answers every key once in ascending order, and from a key on with `after`', async () => {
      for (const key of await listAll(store)) await store.delete(key);
      const keys = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.put(Buffer.from(`blob ${i}`))),
      );
      const sorted = [...keys].sort();
      expect(await listAll(store)).toEqual(sorted);
      expect(await listAll(store, sorted[4])).toEqual(sorted.slice(5));
    });

    test('a large object (24 MB) comes back byte for byte', async () => {
      const data = randomBytes(24 * 1024 * 1024);
      const sha256 = await store.put(data);
      expect((await store.get(sha256)).equals(data)).toBe(true);
      await store.delete(sha256);
    });

    test('concurrent writes, of different blobs and of the same one, all read back whole', async () => {
      const distinct = Array.from({ length: 16 }, (_, i) => randomBytes(64 * 1024 + i));
      const same = randomBytes(256 * 1024);
      const keys = await Promise.all([
        ...distinct.map((data) => store.put(data)),
        ...Array.from({ length: 8 }, () => store.put(same)),
      ]);
      for (const [i, data] of distinct.entries()) expect((await store.get(keys[i]!)).equals(data)).toBe(true);
      expect(new Set(keys.slice(distinct.length))).toEqual(new Set([sha256Of(same)]));
      expect((await store.get(sha256Of(same))).equals(same)).toBe(true);
      const listed = await listAll(store);
      expect(listed.filter((k) => k === sha256Of(same))).toHaveLength(1);
    });
  });
});
