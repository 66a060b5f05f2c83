/**
 * A person's ID number as the audit search knows it: HMAC-SHA256 under a secret key kept outside the database
 * (PERSON_HASH_KEY_FILE), so the search column alone does not name anyone and cannot be matched against a list
 * of ID numbers without the key. Cases get theirs at capture; older ones by `backfillPersonHashes`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

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

/** Fills in the hash of every case that has none, a batch at a time; answers how many were filled. */
export async function backfillPersonHashes(db: Knex, hash: PersonHasher, batch = 500): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows: { id: string; id_number: string }[] = await db('cases')
      .whereNull('id_number_hmac')
      .orderBy('id')
      .limit(batch)
      .select('id', 'id_number');
    if (rows.length === 0) return filled;
    await db.transaction(async (trx) => {
      for (const row of rows)
        await trx('cases')
          .where({ id: row.id })
          .update({ id_number_hmac: hash(row.id_number) });
    });
    filled += rows.length;
  }
}
