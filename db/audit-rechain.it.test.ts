/**
 * Migration 0004 over a trail written before it: one chain over all entries becomes one chain per stream, every
 * entry's content unchanged, and the result verifies, takes checkpoints and goes on being appended to.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { canonical } from '../domain/canonical';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { testKeys } from '../test/support/keys';
import { appendAuditEvent, genesisHash, systemStream, type AuditEvent, type AuditRow } from './audit';
import { verifyAuditTrail, writeAuditCheckpoint } from './audit-verify';
import { migrateLatest, migrateUpTo } from './migrate';
import { seedDemoStations } from './seed';

jest.setTimeout(120_000);

/** An entry as db/audit.ts wrote it before 0004: one chain over the whole table, no stream or seq. */
async function appendInOldFormat(db: Knex, event: AuditEvent) {
  const last = await db('audit_events').orderBy('id', 'desc').first('hash');
  const prevHash: string = last?.hash ?? genesisHash;
  const body = canonical({ ...event, at: event.at.toISOString() });
  const hash = createHash('sha256').update(prevHash).update(body).digest('hex');
  await db('audit_events').insert({
    at: event.at,
    case_id: event.caseId,
    actor: event.actor,
    action: event.action,
    data: event.data,
    prev_hash: prevHash,
    hash,
  });
}

let database: TestDatabase;
afterAll(async () => {
  await database?.destroy();
});

/** A case as the schema of 0003 holds it (the ID number in plaintext, as it was then). */
async function insertOlderCase(db: Knex, stationId: string, regionId: string): Promise<string> {
  const id = randomUUID();
  await db('cases').insert({
    id,
    status: 'received',
    category: 'resident',
    person_name: '李四',
    id_number: '11010519491231002X',
    station_id: stationId,
    region_id: regionId,
    operator_subject: 'seeded-operator',
    operator_username: 'seeded.operator',
    master_sha256: '0'.repeat(64),
    master_mime_type: 'image/jpeg',
    master_bytes: 1,
    workflow_id: `photo-${id}`,
    captured_at: new Date(),
  });
  return id;
}

test('0004 re-chains a trail of the older format per stream, content unchanged', async () => {
  database = await createTestDatabase(async (db) => {
    await migrateUpTo(db, '0003_review_and_issuance');
    await seedDemoStations(db);
  });
  const { db } = database;
  const caseA = await insertOlderCase(db, 'sh-pudong-ee', 'shanghai');
  const caseB = await insertOlderCase(db, 'hz-xihu-ps', 'hangzhou');
  const written: [string | null, string][] = [
    [caseA, 'a1'],
    [null, 's1'],
    [caseB, 'b1'],
    [caseA, 'a2'],
    [caseB, 'b2'],
    [caseA, 'a3'],
    [null, 's2'],
  ];
  for (const [i, [caseId, action]] of written.entries())
    await appendInOldFormat(db, {
      at: new Date(Date.UTC(2026, 0, 1, 8, 0, i)),
      caseId,
      actor: 'op.sh.pudong',
      action,
      data: { action, nested: { list: [1, 'two'], flag: i % 2 === 0 } },
    });
  const content = (rows: AuditRow[]) =>
    rows.map(({ id, at, case_id, actor, action, data }) => ({ id, at, case_id, actor, action, data }));
  const before = content(await db<AuditRow>('audit_events').orderBy('id'));

  await migrateLatest(db);

  const after = await db<AuditRow>('audit_events').orderBy('id');
  expect(content(after)).toEqual(before);
  expect(after.map((r) => [r.stream, r.seq, r.action])).toEqual([
    [caseA, '1', 'a1'],
    [systemStream, '1', 's1'],
    [caseB, '1', 'b1'],
    [caseA, '2', 'a2'],
    [caseB, '2', 'b2'],
    [caseA, '3', 'a3'],
    [systemStream, '2', 's2'],
  ]);
  const keys = testKeys();
  expect(await verifyAuditTrail(db, keys)).toMatchObject({ ok: true, events: 7, streams: 3, checkpoints: 0 });
  expect(await verifyAuditTrail(db, keys, { pageSize: 2 })).toMatchObject({ ok: true, events: 7 });

  // The migrated chains take checkpoints and go on: a new entry of case A is its fourth.
  await writeAuditCheckpoint(db, keys);
  await db.transaction((trx) =>
    appendAuditEvent(trx, { at: new Date(), caseId: caseA, actor: 'rev.sh', action: 'a4', data: {} }),
  );
  await writeAuditCheckpoint(db, keys);
  expect(await db('audit_events').where({ action: 'a4' }).first('stream', 'seq')).toEqual({
    stream: caseA,
    seq: '4',
  });
  expect(await verifyAuditTrail(db, keys)).toMatchObject({ ok: true, events: 8, checkpoints: 2 });
  // And the migration switched the append-only trigger back on.
  await expect(db.raw(`update audit_events set actor = 'x'`)).rejects.toThrow(/append-only/);
});
