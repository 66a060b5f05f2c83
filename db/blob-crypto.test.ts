/** Photo files at rest: sealed per file, tampering refused, master keys rotated, older files converted in place. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encryptedBlobStore, isEncryptedBlob } from './blob-crypto';
import { loadBlobKeyring, parseBlobKeyring, formatBlobKeyring, newBlobKeyEntry } from './blob-keys';
import { rewrapBlobs } from './blob-rewrap';
import { BlobUnreadableError, blobPath, plainBlobStore } from './blob-store';
import {
  createTestBlobs,
  currentKeyOnly,
  rotatedKeyring,
  testBlobKeyring,
  type TestBlobs,
} from '../test/support/blobs';

const photo = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('JFIF a face, pixel by pixel'),
]);
const headerKeyId = (bytes: Buffer) => bytes.subarray(6, 6 + bytes[5]!).toString('ascii');

let testBlobs: TestBlobs;
beforeEach(async () => {
  testBlobs = await createTestBlobs(testBlobKeyring('2026-a'));
});
afterEach(() => testBlobs.destroy());
const rawFile = (sha256: string) => blobPath(testBlobs.dir, sha256);

test('a photo round-trips; its file holds neither the JPEG nor its bytes, and one data key per file', async () => {
  const sha256 = await testBlobs.blobs.put(photo);
  expect((await testBlobs.blobs.get(sha256)).equals(photo)).toBe(true);
  const raw = await fs.readFile(rawFile(sha256));
  expect(raw.subarray(0, 4).toString()).toBe('TPBE');
  expect(raw[4]).toBe(1);
  expect(headerKeyId(raw)).toBe('2026-a');
  expect(raw.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
  expect(raw.includes(Buffer.from('a face'))).toBe(false);
  // Written again, the same photo is sealed anew: another data key and nonce, never a repeated one.
  await testBlobs.blobs.put(photo);
  expect((await fs.readFile(rawFile(sha256))).equals(raw)).toBe(false);
  expect(raw.length - photo.length).toBe(4 + 2 + '2026-a'.length + 40 + 12 + 16);
});

test('an altered file is refused with a clear error, wherever the change is', async () => {
  const sha256 = await testBlobs.blobs.put(photo);
  const raw = await fs.readFile(rawFile(sha256));
  const altered = async (change: (bytes: Buffer) => Buffer, message: RegExp) => {
    await fs.writeFile(rawFile(sha256), change(Buffer.from(raw)));
    const read = testBlobs.blobs.get(sha256);
    await expect(read).rejects.toThrow(BlobUnreadableError);
    await expect(read).rejects.toThrow(message);
  };
  const flip = (offset: number) => (bytes: Buffer) => {
    bytes[offset < 0 ? bytes.length + offset : offset]! ^= 1;
    return bytes;
  };
  await altered(flip(-20), /fails its integrity check/); // ciphertext
  await altered(flip(-1), /fails its integrity check/); // tag
  await altered(flip(20), /does not unwrap with master key "2026-a"/); // wrapped data key
  await altered(flip(4), /format version 0/);
  await altered((bytes) => bytes.subarray(0, 40), /truncated/);
  await altered(
    (bytes) => Buffer.from(bytes.toString('latin1').replace('2026-a', '2026-b'), 'latin1'),
    /master key "2026-b", which is not in the keyring/,
  );
  // A whole file moved under another photo's key is not that photo.
  const other = await testBlobs.blobs.put(Buffer.from('another photo'));
  await fs.writeFile(rawFile(other), raw);
  await expect(testBlobs.blobs.get(other)).rejects.toThrow(/fails its integrity check/);
});

test('rotation: with a new current key, new files use it and older files still read; without the old key they do not', async () => {
  const old = await testBlobs.blobs.put(photo);
  const rotated = rotatedKeyring(testBlobs.keyring, '2027-a');
  expect(rotated.currentKeyId).toBe('2027-a');
  const store = encryptedBlobStore(testBlobs.backend, rotated);
  const fresh = await store.put(Buffer.from('captured after the rotation'));
  expect(headerKeyId(await fs.readFile(rawFile(fresh)))).toBe('2027-a');
  expect((await store.get(old)).equals(photo)).toBe(true);

  const withoutOld = currentKeyOnly(rotated);
  await expect(encryptedBlobStore(testBlobs.backend, withoutOld).get(old)).rejects.toThrow(
    /master key "2026-a", which is not in the keyring/,
  );
});

test('the re-wrap command converts plaintext files in place and moves old ones to the current key, resumably', async () => {
  const checkpointFile = path.join(testBlobs.dir, '..', `${path.basename(testBlobs.dir)}-rewrap.json`);
  // Files from before encryption (plain), and files under the old key.
  const plainPhotos = Array.from({ length: 15 }, (_, i) => Buffer.from(`legacy photo ${i}`));
  const legacy = await Promise.all(plainPhotos.map((p) => plainBlobStore(testBlobs.backend).put(p)));
  const sealed = await Promise.all(
    Array.from({ length: 15 }, (_, i) => testBlobs.blobs.put(Buffer.from(`sealed photo ${i}`))),
  );
  // Plaintext reads transparently; an altered plaintext file does not.
  expect((await testBlobs.blobs.get(legacy[0]!)).equals(plainPhotos[0]!)).toBe(true);

  const rotated = rotatedKeyring(testBlobs.keyring, '2027-a');
  const stop = new AbortController();
  const first = await rewrapBlobs({
    backend: testBlobs.backend,
    keyring: rotated,
    checkpointFile,
    signal: stop.signal,
    checkpointEvery: 10,
    log: (line) => {
      // Interrupted after its first checkpoint, as Ctrl-C would.
      if (line.startsWith('10 files')) stop.abort();
    },
  });
  expect(first.completed).toBe(false);
  const firstDone = first.counts.encrypted + first.counts.rewrapped;
  expect(firstDone).toBe(10);
  const checkpoint = JSON.parse(await fs.readFile(checkpointFile, 'utf8')) as { after: string };

  const second = await rewrapBlobs({ backend: testBlobs.backend, keyring: rotated, checkpointFile });
  expect(second).toMatchObject({
    completed: true,
    resumedAfter: checkpoint.after,
    counts: { encrypted: 15, rewrapped: 15, current: 0, failed: 0 },
  });
  await expect(fs.access(checkpointFile)).rejects.toThrow();

  const store = encryptedBlobStore(testBlobs.backend, rotated);
  for (const [i, sha256] of legacy.entries()) {
    const raw = await fs.readFile(rawFile(sha256));
    expect(isEncryptedBlob(raw) && headerKeyId(raw)).toBe('2027-a');
    expect((await store.get(sha256)).equals(plainPhotos[i]!)).toBe(true);
  }
  for (const sha256 of sealed) expect(headerKeyId(await fs.readFile(rawFile(sha256)))).toBe('2027-a');
  // The old key can go now: every file reads with the new one alone.
  const newOnly = currentKeyOnly(rotated);
  expect((await encryptedBlobStore(testBlobs.backend, newOnly).get(sealed[0]!)).toString()).toBe(
    'sealed photo 0',
  );

  const again = await rewrapBlobs({ backend: testBlobs.backend, keyring: rotated, checkpointFile });
  expect(again.counts).toEqual({ encrypted: 0, rewrapped: 0, current: 30, failed: 0 });

  // A damaged file is reported and skipped, the others converted.
  await fs.writeFile(rawFile(legacy[1]!), 'not what was stored');
  const back = parseBlobKeyring(formatBlobKeyring(rotated), '2026-a', 'back to the first key');
  const damaged = await rewrapBlobs({ backend: testBlobs.backend, keyring: back, checkpointFile });
  expect(damaged.counts).toEqual({ encrypted: 0, rewrapped: 29, current: 0, failed: 1 });
});

test('a plaintext file that is not the photo its key names is refused', async () => {
  const sha256 = await plainBlobStore(testBlobs.backend).put(photo);
  await fs.writeFile(rawFile(sha256), Buffer.from('swapped'));
  await expect(testBlobs.blobs.get(sha256)).rejects.toThrow(/neither encrypted nor the photo its key names/);
});

describe('the master keys from configuration', () => {
  const settings = (over: Partial<Parameters<typeof loadBlobKeyring>[0]>) => ({
    BLOB_MASTER_KEYS: '',
    BLOB_MASTER_KEY_ID: '',
    blobMasterKeysFile: path.join(os.tmpdir(), 'tongpai-no-such-keys-file'),
    ...over,
  });

  test('a keyring names its current key, else the last listed; bad entries are refused by name', () => {
    const [a, b] = [newBlobKeyEntry('a'), newBlobKeyEntry('b')];
    expect(loadBlobKeyring(settings({ BLOB_MASTER_KEYS: `${a},${b}` })).currentKeyId).toBe('b');
    expect(
      loadBlobKeyring(settings({ BLOB_MASTER_KEYS: `${a}\n${b}`, BLOB_MASTER_KEY_ID: 'a' })).currentKeyId,
    ).toBe('a');
    expect(() => loadBlobKeyring(settings({ BLOB_MASTER_KEYS: a, BLOB_MASTER_KEY_ID: 'c' }))).toThrow(
      'BLOB_MASTER_KEYS: the current key "c" is not listed',
    );
    expect(() => loadBlobKeyring(settings({ BLOB_MASTER_KEYS: 'short:AAAA' }))).toThrow(
      'key "short" is not 32 bytes in base64',
    );
    expect(() => loadBlobKeyring(settings({ BLOB_MASTER_KEYS: `${a},${a}` }))).toThrow('listed twice');
    expect(() => loadBlobKeyring(settings({}))).toThrow(
      /no master key for the photo files: set BLOB_MASTER_KEYS/,
    );
  });

  test('a development start makes one key into the data folder, private, and keeps it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-blob-keys-'));
    try {
      const file = path.join(dir, 'blob-master-keys');
      const made = loadBlobKeyring(settings({ blobMasterKeysFile: file }), { generateIfMissing: true });
      expect(made.currentKeyId).toMatch(/^dev-\d{14}$/);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      const again = loadBlobKeyring(settings({ blobMasterKeysFile: file }), { generateIfMissing: true });
      expect(formatBlobKeyring(again)).toBe(formatBlobKeyring(made));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
