/**
 * The test file's signing key ring, made once (as a development start makes one) and shared by its workers and
 * its API, as in a deployment where both read the same keys. Integration files keep it in the test run's
 * folder, removed with the engines; others remove it with `removeTestKeys` when they are done.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BlobKeyring } from '../../db/blob-crypto';
import { newBlobKeyEntry, parseBlobKeyring } from '../../db/blob-keys';
import { personCipher, type PersonCipher } from '../../db/person-cipher';
import { personHasher, type PersonHasher } from '../../db/person-hash';
import { secretSealer, type SecretSealer } from '../../db/secret-seal';
import { loadKeyRing, type KeyRing } from '../../signing/keys';
import { testEnv } from '../../stack/jest/test-env';

let ring: { keys: KeyRing; dir: string } | undefined;

function testRing() {
  if (!ring) {
    const parent = process.env[testEnv.root] ?? os.tmpdir();
    const dir = fs.mkdtempSync(path.join(parent, 'tongpai-keys-'));
    ring = { keys: loadKeyRing(dir, { generateIfEmpty: true }), dir };
  }
  return ring;
}

export const testKeys = (): KeyRing => testRing().keys;
/** The folder of the test keys, for a worker or API run as a process of its own (SIGNING_KEYS_DIR). */
export const testKeysDir = (): string => testRing().dir;

export function removeTestKeys(): void {
  if (ring) fs.rmSync(ring.dir, { recursive: true, force: true });
  ring = undefined;
}

let personHash: PersonHasher | undefined;
/** The test file's person-hash key (random, like a first development start's), shared by its API instances. */
export const testPersonHash = (): PersonHasher => (personHash ??= personHasher(randomBytes(32)));

let secrets: SecretSealer | undefined;
/** The test file's sealer of webhook secrets (a random master key), shared by its workers and its API. */
export const testSecrets = (): SecretSealer =>
  (secrets ??= secretSealer(parseBlobKeyring(newBlobKeyEntry('test-secrets'), '', 'test secrets')));

let personKeyring: BlobKeyring | undefined;
/** The master key the test file's ID numbers are sealed under (its worker processes are given it too). */
export const testPersonKeyring = (): BlobKeyring =>
  (personKeyring ??= parseBlobKeyring(newBlobKeyEntry('test-persons-1'), '', 'test person keyring'));
/** The test file's person cipher: its API and its workers seal, open and hash ID numbers with it. */
export const testPersonCipher = (): PersonCipher => personCipher(testPersonKeyring(), testPersonHash());
