/**
 * The test file's signing key ring, made once in a temporary folder (as a development start makes one) and
 * shared by its workers and its API, as in a deployment where both read the same keys.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKeyRing, type KeyRing } from '../../signing/keys';

let ring: { keys: KeyRing; dir: string } | undefined;

function testRing() {
  if (!ring) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongpai-keys-'));
    ring = { keys: loadKeyRing(dir, { generateIfEmpty: true }), dir };
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return ring;
}

export const testKeys = (): KeyRing => testRing().keys;
/** The folder of the test keys, for a worker or API run as a process of its own (SIGNING_KEYS_DIR). */
export const testKeysDir = (): string => testRing().dir;
