/**
 * Converts the ID numbers stored before migration 0018 in place: each case's number sealed, hashed and masked
 * and its plaintext emptied; each grant's owner number replaced by its hash. A batch is one transaction over
 * rows it locks (`for update skip locked`) and that still hold a plaintext number, so a run stopped anywhere (a
 * kill, a crash, Ctrl-C) leaves every row either converted or untouched, a second run (or a second process at
 * the same time) takes only the rows left, and a row is converted once. No checkpoint is needed: what is left
 * is what still holds a plaintext number (a partial index finds it).
 *
 * With `reseal`, cases sealed under another master key than the current are sealed again under it (rotation,
 * as `npm run blobs:rewrap` moves photo files), walking the cases in id order.
 */
import type { Knex } from 'knex';
import { sealedPrefixOf, type PersonCipher } from './person-cipher';

/** What migration 0018 reads of a case's number in SQL (db/cases.ts `personColumnsOf`), from its old value. */
const caseColumnsDerivedInTheDatabase = {
  resident_sex: 'resident_sex(t.id_number)',
  resident_birth: 'resident_birth(t.id_number)',
};

export interface SealCounts {
  /** Cases whose plaintext number was sealed. */
  cases: number;
  /** Grants whose owner's number was replaced by its hash. */
  grants: number;
  /** Cases sealed again under the current master key. */
  resealed: number;
}

export interface SealOptions {
  batch?: number;
  reseal?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * One batch of `table`'s rows still holding a plaintext number in `column`, in one transaction and one UPDATE:
 * each row given the text columns `converted` makes from its number in this process (sealing and hashing need
 * the keys), the columns `derived` computes from it in the database, and its plaintext emptied; answers how many.
 */
async function convertBatch(
  db: Knex,
  { table, column, batch }: { table: 'cases' | 'grants'; column: string; batch: number },
  converted: (idNumber: string) => Record<string, string>,
  derived: Record<string, string> = {},
): Promise<number> {
  return db.transaction(async (trx) => {
    const rows: { id: string; number: string }[] = await trx(table)
      .whereNotNull(column)
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .select('id', `${column} as number`);
    if (!rows.length) return 0;
    const values = rows.map((row) => converted(row.number));
    const names = Object.keys(values[0]!);
    const assignments = [
      ...names.map((name) => `"${name}" = v."${name}"`),
      ...Object.entries(derived).map(([name, expression]) => `"${name}" = ${expression}`),
      `"${column}" = null`,
    ];
    await trx.raw(
      `update "${table}" t set ${assignments.join(', ')}
         from unnest(?::uuid[], ${names.map(() => '?::text[]').join(', ')}) as v(id, ${names.map((n) => `"${n}"`).join(', ')})
        where t.id = v.id`,
      [rows.map((row) => row.id), ...names.map((name) => values.map((columns) => columns[name]!))],
    );
    return rows.length;
  });
}

/** One batch of cases after `after` (id order) sealed under another key than the current; the last id seen. */
async function resealBatch(
  db: Knex,
  cipher: PersonCipher,
  batch: number,
  after: string | undefined,
): Promise<{ resealed: number; last?: string }> {
  const current = sealedPrefixOf(cipher.currentKeyId);
  return db.transaction(async (trx) => {
    const page = trx('cases').whereNotNull('id_number_encrypted').orderBy('id').limit(batch);
    if (after) page.where('id', '>', after);
    const ids: { id: string }[] = await page.select('id');
    const stale: { id: string; id_number_encrypted: string }[] = ids.length
      ? await trx('cases')
          .whereIn(
            'id',
            ids.map((r) => r.id),
          )
          .whereRaw('left(id_number_encrypted, ?) <> ?', [current.length, current])
          .forUpdate()
          .skipLocked()
          .select('id', 'id_number_encrypted')
      : [];
    if (stale.length)
      await trx.raw(
        `update cases t set id_number_encrypted = v.sealed
           from unnest(?::uuid[], ?::text[], ?::text[]) as v(id, was, sealed)
          where t.id = v.id and t.id_number_encrypted = v.was`,
        [
          stale.map((row) => row.id),
          stale.map((row) => row.id_number_encrypted),
          stale.map((row) => cipher.seal(cipher.open(row.id_number_encrypted))),
        ],
      );
    return { resealed: stale.length, ...(ids.length ? { last: ids[ids.length - 1]!.id } : {}) };
  });
}

/** Runs until nothing is left (or `signal` stops it between batches); answers what it converted. */
export async function sealPersons(
  db: Knex,
  cipher: PersonCipher,
  { batch = 2000, reseal = false, signal, log = () => undefined }: SealOptions = {},
): Promise<SealCounts & { completed: boolean }> {
  const stopped = () => signal?.aborted ?? false;
  const drain = async (step: () => Promise<number>, what: string) => {
    let total = 0;
    for (let n = 1; n && !stopped(); total += n) {
      n = await step();
      if (n) log(`${total + n} ${what}`);
    }
    return total;
  };
  const counts: SealCounts = {
    cases: await drain(
      () =>
        convertBatch(
          db,
          { table: 'cases', column: 'id_number', batch },
          (idNumber) => ({ ...cipher.columns(idNumber) }),
          caseColumnsDerivedInTheDatabase,
        ),
      'cases sealed',
    ),
    grants: await drain(
      () =>
        convertBatch(db, { table: 'grants', column: 'owner_id_number', batch }, (idNumber) => ({
          owner_id_number_hmac: cipher.hash(idNumber),
        })),
      'grants hashed',
    ),
    resealed: 0,
  };
  if (reseal) {
    let after: string | undefined;
    do {
      if (stopped()) break;
      const step = await resealBatch(db, cipher, batch, after);
      counts.resealed += step.resealed;
      after = step.last;
      if (step.resealed) log(`${counts.resealed} cases resealed`);
    } while (after);
  }
  return { ...counts, completed: !stopped() };
}
