/**
 * A person's ID number as the audit search knows it: HMAC-SHA256 under a secret key kept outside the database
 * (PERSON_HASH_KEY_FILE), so the search column alone does not name anyone and cannot be matched against a list
 * of ID numbers without the key. Cases get theirs at capture; older ones from db/seal-persons.ts. Every lookup
 * by ID number matches it: cases, grants, institutional lookups, the audit search.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type PersonHasher = (idNumber: string) => string;

/** ID numbers are compared as captured: upper case (the check character X), no spaces. */
export const personHasher =
  (key: Buffer): PersonHasher =>
  (idNumber) =>
    createHmac('sha256', key).update(idNumber.trim().toUpperCase()).digest('hex');

/** The key in `file` (at least 32 bytes); with `generateIfMissing`, a new random one is written there first. */
export function loadPersonHashKey(file: string, { generateIfMissing = false } = {}): Buffer {
  if (!fs.existsSync(file) && generateIfMissing) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`${file} must hold at least 32 random bytes, base64`);
  return key;
}
