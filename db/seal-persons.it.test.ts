/**
 * The conversion of ID numbers stored before migration 0018: cases and grants written in the older schema, in
 * plaintext; the conversion crashes inside a batch, is stopped between batches, runs again, and every row is
 * converted exactly once, no plaintext is left, and every lookup by ID number finds its person. Then a master
 * key rotation: the cases are sealed again under the new key, and the old one is no longer needed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { testBlobKeyring } from '../test/support/blobs';
import { seededCaseFields } from '../test/support/cases';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { listCases } from './cases';
import { listReadsOf } from './grants';
import { currentIssueFor, issuedPhotosOfPerson } from './issued-photos';
import { migrateLatest, migrateUpTo } from './migrate';
import { personCipher, type PersonCipher } from './person-cipher';
import { personHasher } from './person-hash';
import { currentIssuedPhoto } from './person-photos';
import { sealPersons } from './seal-persons';
import { seedDemoData } from './seed';

jest.setTimeout(60_000);

const keyring = testBlobKeyring('persons-2026');
const cipher = personCipher(keyring, personHasher(randomBytes(32)));
const ids = residentIdNumbers();
const people = [...Array(7)].map(() => ({
  caseId: randomUUID(),
  grantId: randomUUID(),
  idNumber: ids.next().value!,
}));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(async (db) => {
    await migrateUpTo(db, '0015_review_queue_order');
    await seedDemoData(db);
    const at = new Date('2026-11-02T08:00:00Z');
    for (const [i, p] of people.entries()) {
      await db('cases').insert({
        id: p.caseId,
        status: 'issued',
        category: 'resident',
        person_name: '旧案',
        id_number: p.idNumber,
        // Some older than the person hash (0011): none yet.
        ...(i % 2 ? { id_number_hmac: cipher.hash(p.idNumber) } : {}),
        ...seededCaseFields(p.caseId),
        captured_at: at,
        issued_at: at,
        verdict: 'pass',
        quality_report: JSON.stringify({ failing: [], profiles: {} }),
      });
      await db('issued_photos').insert({
        case_id: p.caseId,
        profile_id: 'id_card',
        attempt: 1,
        sha256: '1'.repeat(64),
        issued_at: at,
        key_id: 'k',
        certificate: JSON.stringify({}),
      });
      await db('grants').insert({
        id: p.grantId,
        case_id: p.caseId,
        region_id: 'shanghai',
        owner_id_number: p.idNumber,
        profiles: ['id_card'],
        purpose: 'employment',
        expires_at: new Date(Date.now() + 86400_000),
        max_reads: 1,
        code_hash: randomBytes(16).toString('hex'),
        created_at: at,
        created_by: 'citizen',
        on_behalf: false,
      });
    }
    await migrateLatest(db);
  });
});
afterAll(() => database?.destroy());

const plaintextLeft = async () => {
  const [cases] = await database.db('cases').whereNotNull('id_number').count({ n: '*' });
  const [grants] = await database.db('grants').whereNotNull('owner_id_number').count({ n: '*' });
  return { cases: Number(cases!.n), grants: Number(grants!.n) };
};
const sealedNumbers = async () =>
  new Map(
    (await database.db('cases').whereNotNull('id_number_encrypted').select('id', 'id_number_encrypted')).map(
      (r: { id: string; id_number_encrypted: string }) => [r.id, r.id_number_encrypted],
    ),
  );

/** The cipher, except that it throws on its `n`th row: a crash in the middle of a batch. */
function crashingAt(n: number): PersonCipher {
  let rows = 0;
  return {
    ...cipher,
    columns: (idNumber) => {
      if (++rows === n) throw new Error('killed mid-batch');
      return cipher.columns(idNumber);
    },
  };
}

test('a crash inside a batch, a stop between batches, a run to the end: each row converted once, lookups work', async () => {
  expect(await plaintextLeft()).toEqual({ cases: 7, grants: 7 });

  // Batches of 2: the first commits, the second fails at its second row and leaves both rows as they were.
  await expect(sealPersons(database.db, crashingAt(4), { batch: 2 })).rejects.toThrow('killed mid-batch');
  expect(await plaintextLeft()).toEqual({ cases: 5, grants: 7 });
  const afterCrash = await sealedNumbers();

  // Stopped (Ctrl-C) after its first batch.
  const stop = new AbortController();
  const stopped = await sealPersons(database.db, cipher, {
    batch: 2,
    signal: stop.signal,
    log: () => stop.abort(),
  });
  expect(stopped).toEqual({ cases: 2, grants: 0, resealed: 0, completed: false });
  expect(await plaintextLeft()).toEqual({ cases: 3, grants: 7 });

  const finished = await sealPersons(database.db, cipher, { batch: 2 });
  expect(finished).toEqual({ cases: 3, grants: 7, resealed: 0, completed: true });
  expect(await plaintextLeft()).toEqual({ cases: 0, grants: 0 });
  // Converted once: 2 + 2 + 3 cases, and the rows sealed before the later runs were not sealed again.
  const sealed = await sealedNumbers();
  expect(sealed.size).toBe(7);
  for (const [id, value] of afterCrash) expect(sealed.get(id)).toBe(value);
  expect(await sealPersons(database.db, cipher)).toEqual({
    cases: 0,
    grants: 0,
    resealed: 0,
    completed: true,
  });

  for (const p of people) {
    const row = await database.db('cases').where({ id: p.caseId }).first();
    expect(cipher.open(row.id_number_encrypted)).toBe(p.idNumber);
    expect(row).toMatchObject({
      id_number: null,
      id_number_hmac: cipher.hash(p.idNumber),
      id_number_masked: `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`,
      resident_birth: p.idNumber.slice(6, 14),
    });
    expect(JSON.stringify(row)).not.toContain(p.idNumber);
    const hash = cipher.hash(p.idNumber);
    expect((await currentIssueFor(database.db, hash))?.caseId).toBe(p.caseId);
    expect((await issuedPhotosOfPerson(database.db, hash)).map((i) => i.case_id)).toEqual([p.caseId]);
    expect(await currentIssuedPhoto(database.db, hash, 'id_card')).toMatchObject({ found: 'issued' });
    expect(await listReadsOf(database.db, hash, { offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    expect(await database.db('grants').where({ owner_id_number_hmac: hash }).pluck('id')).toEqual([
      p.grantId,
    ]);
    const page = await listCases(database.db, {
      scope: () => undefined,
      filter: { q: p.idNumber },
      sort: { field: 'capturedAt', order: 'desc' },
      personHash: cipher.hash,
      offset: 0,
      limit: 10,
    });
    expect(page.rows.map((r) => r.id)).toEqual([p.caseId]);
  }
});

test('a new master key: the cases are sealed again under it, and then read without the old one', async () => {
  const rotated = testBlobKeyring('persons-2027');
  const both = personCipher(
    { currentKeyId: 'persons-2027', keys: new Map([...keyring.keys, ...rotated.keys]) },
    cipher.hash,
  );
  const stop = new AbortController();
  const first = await sealPersons(database.db, both, {
    batch: 3,
    reseal: true,
    signal: stop.signal,
    log: () => stop.abort(),
  });
  expect(first).toMatchObject({ resealed: 3, completed: false });
  const rest = await sealPersons(database.db, both, { batch: 3, reseal: true });
  expect(rest).toMatchObject({ resealed: 4, completed: true });
  expect(await sealPersons(database.db, both, { reseal: true })).toMatchObject({ resealed: 0 });

  const newOnly = personCipher(rotated, cipher.hash);
  for (const p of people) {
    const { id_number_encrypted: sealed } = await database.db('cases').where({ id: p.caseId }).first();
    expect(newOnly.keyIdOf(sealed)).toBe('persons-2027');
    expect(newOnly.open(sealed)).toBe(p.idNumber);
  }
});
