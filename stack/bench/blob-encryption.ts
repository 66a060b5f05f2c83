/**
 * What encrypting the photo files costs a capture: one capture's files (the test master and six files of a
 * standard photo's size) written and read back through the plain and the encrypted store, in alternating rounds
 * in one process, on the file system and, with TONGPAI_TEST_ENGINES_FILE naming running test engines, on their
 * S3 gateway. Prints the cipher's own time for those files, then milliseconds per capture and the encrypted/plain
 * ratio of each store (this machine's speed drifts: compare within one run).
 *   tsx stack/bench/blob-encryption.ts [rounds]
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { decryptBlob, encryptBlob } from '../../db/blob-crypto';
import { plainBlobStore, sha256Of, type BlobStore } from '../../db/blob-store';
import {
  createTestBlobs,
  createTestS3Blobs,
  testBlobKeyring,
  type TestBlobs,
} from '../../test/support/blobs';

const rounds = Number(process.argv[2] ?? 30);
const master = readFileSync(
  path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_034_neutral.jpg'),
);

/** One capture's files, new bytes each time (content-addressed: the same bytes would be the same blob). */
const captureFiles = () => [
  Buffer.concat([master, randomBytes(16)]),
  ...Array.from({ length: 6 }, () => randomBytes(40_000)),
];

async function oneCapture(store: BlobStore): Promise<number> {
  const files = captureFiles();
  const started = performance.now();
  const keys = await Promise.all(files.map((f) => store.put(f)));
  await Promise.all(keys.map((k) => store.get(k)));
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(name: string, testBlobs: TestBlobs) {
  const stores = { plain: plainBlobStore(testBlobs.backend), encrypted: testBlobs.blobs };
  const times: Record<keyof typeof stores, number[]> = { plain: [], encrypted: [] };
  for (let i = 0; i < 3; i++) for (const store of Object.values(stores)) await oneCapture(store);
  for (let i = 0; i < rounds; i++)
    for (const [kind, store] of Object.entries(stores) as [keyof typeof stores, BlobStore][])
      times[kind].push(await oneCapture(store));
  const [plain, encrypted] = [median(times.plain), median(times.encrypted)];
  console.log(
    `${name}: put + get of one capture's files (${(captureFiles().reduce((n, f) => n + f.length, 0) / 1024).toFixed(0)} KB), median of ${rounds}: plain ${plain.toFixed(1)} ms, encrypted ${encrypted.toFixed(1)} ms, ratio ${(encrypted / plain).toFixed(2)} (+${(encrypted - plain).toFixed(1)} ms)`,
  );
  await testBlobs.destroy();
}

/** The cipher work alone: seal and open one capture's files in memory. */
function cipherOnly() {
  const keyring = testBlobKeyring();
  const files = captureFiles().map((f) => ({ f, sha256: sha256Of(f) }));
  const times: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const started = performance.now();
    for (const { f, sha256 } of files) decryptBlob(keyring, sha256, encryptBlob(keyring, sha256, f));
    times.push(performance.now() - started);
  }
  console.log(
    `cipher alone: seal and open one capture's files, median of ${rounds}: ${median(times.slice(3)).toFixed(2)} ms`,
  );
}

async function main() {
  cipherOnly();
  await measure('file system', await createTestBlobs());
  if (process.env.TONGPAI_TEST_ENGINES_FILE) {
    Object.assign(
      process.env,
      JSON.parse(readFileSync(process.env.TONGPAI_TEST_ENGINES_FILE, 'utf8')) as object,
    );
    await measure('S3 gateway', await createTestS3Blobs());
  }
}

void main();
