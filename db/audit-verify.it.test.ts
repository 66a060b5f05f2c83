/**
 * The audit trail under attack. Each tampering runs on a database of its own, as the database superuser with
 * the append-only triggers switched off for its transaction (as an intruder with those rights would), and
 * verification must name what was done and where. Also: the triggers refuse an ordinary connection, appends
 * to different streams do not wait for each other, and verification gives the same answer page by page.
 */
import type { Knex } from 'knex';
import { insertTestCase } from '../test/support/cases';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { testKeys } from '../test/support/keys';
import { appendAuditEvent, hashEntry, systemStream, type AuditRow } from './audit';
import { verifyAuditTrail, writeAuditCheckpoint, type AuditVerification } from './audit-verify';

jest.setTimeout(120_000);

const keys = testKeys();

const append = (db: Knex, caseId: string | null, action: string) =>
  db.transaction((trx) =>
    appendAuditEvent(trx, { at: new Date(), caseId, actor: 'tester', action, data: { action } }),
  );

interface Trail {
  database: TestDatabase;
  db: Knex;
  caseA: string;
  caseB: string;
  /** Checkpoint 1 covers A1, B1, S1, A2; checkpoint 2 covers A3, B2, S2 (seven entries in all). */
  checkpoints: [string, string];
  row(stream: string, seq: number): Promise<AuditRow>;
}

/** A fresh database with three streams (two cases and `system`) and two signed checkpoints over them. */
async function makeTrail(): Promise<Trail> {
  const database = await createTestDatabase();
  const { db } = database;
  const caseA = await insertTestCase(db);
  const caseB = await insertTestCase(db, { stationId: 'hz-xihu-ps', regionId: 'hangzhou' });
  for (const [caseId, action] of [
    [caseA, 'a1'],
    [caseB, 'b1'],
    [null, 's1'],
    [caseA, 'a2'],
  ] as const)
    await append(db, caseId, action);
  const first = await writeAuditCheckpoint(db, keys);
  for (const [caseId, action] of [
    [caseA, 'a3'],
    [caseB, 'b2'],
    [null, 's2'],
  ] as const)
    await append(db, caseId, action);
  const second = await writeAuditCheckpoint(db, keys);
  const row = async (stream: string, seq: number) =>
    (await db<AuditRow>('audit_events')
      .where({ stream, seq: String(seq) })
      .first())!;
  return { database, db, caseA, caseB, checkpoints: [first!, second!], row };
}

/** Runs `sql` as an intruder: the superuser with every user trigger off for this one transaction. */
const tamper = (db: Knex, sql: string, bindings: Knex.RawBinding[] = []) =>
  db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await trx.raw(sql, bindings);
  });

let trail: Trail;
afterEach(async () => {
  await trail?.database.destroy();
});

const verify = (db: Knex, pageSize?: number): Promise<AuditVerification> =>
  verifyAuditTrail(db, keys, pageSize ? { pageSize } : {});

describe('a clean trail', () => {
  test('verifies: seven entries in three streams, two checkpoints; page by page the same', async () => {
    trail = await makeTrail();
    const whole = await verify(trail.db);
    expect(whole).toMatchObject({ ok: true, events: 7, streams: 3, checkpoints: 2, problem: null });
    expect(await verify(trail.db, 2)).toEqual(whole);
    expect(await verify(trail.db, 1)).toEqual(whole);
  });
});

describe('tampering is reported with its kind and place', () => {
  test('an entry whose data was changed breaks its chain there', async () => {
    trail = await makeTrail();
    const a2 = await trail.row(trail.caseA, 2);
    await tamper(trail.db, `update audit_events set data = '{"action":"a2","note":"edited"}' where id = ?`, [
      a2.id,
    ]);
    const expected = { kind: 'broken_link', stream: trail.caseA, seq: '2', eventId: String(a2.id) };
    expect((await verify(trail.db)).problem).toEqual(expected);
    expect((await verify(trail.db, 2)).problem).toEqual(expected);
  });

  test('an entry of the system stream whose actor was changed breaks that chain', async () => {
    trail = await makeTrail();
    const s1 = await trail.row(systemStream, 1);
    await tamper(trail.db, `update audit_events set actor = 'somebody else' where id = ?`, [s1.id]);
    expect((await verify(trail.db)).problem).toEqual({
      kind: 'broken_link',
      stream: systemStream,
      seq: '1',
      eventId: String(s1.id),
    });
  });

  test('a deleted middle entry breaks the chain at the entry after it', async () => {
    trail = await makeTrail();
    const [a2, a3] = [await trail.row(trail.caseA, 2), await trail.row(trail.caseA, 3)];
    await tamper(trail.db, 'delete from audit_events where id = ?', [a2.id]);
    const expected = { kind: 'broken_link', stream: trail.caseA, seq: '3', eventId: String(a3.id) };
    expect((await verify(trail.db)).problem).toEqual(expected);
    expect((await verify(trail.db, 2)).problem).toEqual(expected);
  });

  test('a forged entry with a made-up hash breaks the chain where it sits', async () => {
    trail = await makeTrail();
    const b2 = await trail.row(trail.caseB, 2);
    await tamper(
      trail.db,
      `insert into audit_events (stream, seq, at, case_id, actor, action, data, prev_hash, hash)
       values (?, 3, now(), ?, 'intruder', 'case.approved', '{}', ?, ?)`,
      [trail.caseB, trail.caseB, b2.hash, 'f'.repeat(64)],
    );
    const forged = await trail.row(trail.caseB, 3);
    expect((await verify(trail.db)).problem).toEqual({
      kind: 'broken_link',
      stream: trail.caseB,
      seq: '3',
      eventId: String(forged.id),
    });
  });

  test('a forged entry chained correctly, given an id a checkpoint covers, changes that checkpoint', async () => {
    trail = await makeTrail();
    const { db, caseA, caseB } = trail;
    // A rolled-back append leaves a gap in the ids (as any failed transaction does); checkpoint 3 spans it.
    await db
      .transaction(async (trx) => {
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId: caseA,
          actor: 'tester',
          action: 'lost',
          data: {},
        });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await append(db, caseA, 'a4');
    const third = (await writeAuditCheckpoint(db, keys))!;
    const gap = Number((await trail.row(caseA, 4)).id) - 1;
    const b2 = await trail.row(caseB, 2);
    const at = new Date(Math.floor(Date.now()));
    const forged = {
      stream: caseB,
      seq: 3,
      at,
      caseId: caseB,
      actor: 'intruder',
      action: 'case.approved',
      data: {},
    };
    await tamper(
      db,
      `insert into audit_events (id, stream, seq, at, case_id, actor, action, data, prev_hash, hash)
       values (?, ?, 3, ?, ?, 'intruder', 'case.approved', '{}', ?, ?)`,
      [gap, caseB, at, caseB, b2.hash, hashEntry(b2.hash, forged)],
    );
    // Every chain holds (the forged entry's hashes are right); checkpoint 3's signed count and heads do not.
    expect((await verify(db)).problem).toEqual({
      kind: 'covered_entries_changed',
      checkpointId: third,
      signedEvents: '1',
      events: '2',
    });
  });

  test('deleting the newest entry of a stream leaves the head its checkpoint signed missing', async () => {
    trail = await makeTrail();
    const a3 = await trail.row(trail.caseA, 3);
    await tamper(trail.db, 'delete from audit_events where id = ?', [a3.id]);
    const expected = {
      kind: 'missing_head',
      stream: trail.caseA,
      seq: '3',
      checkpointId: trail.checkpoints[1],
    };
    expect((await verify(trail.db)).problem).toEqual(expected);
    expect((await verify(trail.db, 2)).problem).toEqual(expected);
  });

  test('a whole stream deleted leaves its first checkpointed head missing', async () => {
    trail = await makeTrail();
    await tamper(trail.db, 'delete from audit_events where stream = ?', [systemStream]);
    expect((await verify(trail.db)).problem).toEqual({
      kind: 'missing_head',
      stream: systemStream,
      seq: '1',
      checkpointId: trail.checkpoints[0],
    });
  });

  test('a stream re-chained after an edit (every hash recomputed) no longer matches its checkpoints', async () => {
    trail = await makeTrail();
    const rows = await trail.db<AuditRow>('audit_events').where({ stream: trail.caseA }).orderBy('seq');
    let prevHash = rows[0]!.prev_hash;
    for (const row of rows) {
      const data = row.seq === '2' ? { action: 'a2', note: 'edited' } : row.data;
      const event = { stream: row.stream, seq: row.seq, at: row.at, caseId: row.case_id };
      const hash = hashEntry(prevHash, { ...event, actor: row.actor, action: row.action, data });
      await tamper(trail.db, 'update audit_events set data = ?, prev_hash = ?, hash = ? where id = ?', [
        JSON.stringify(data),
        prevHash,
        hash,
        row.id,
      ]);
      prevHash = hash;
    }
    expect((await verify(trail.db)).problem).toEqual({
      kind: 'missing_head',
      stream: trail.caseA,
      seq: '2',
      checkpointId: trail.checkpoints[0],
    });
  });

  test('a truncated table leaves the first checkpoint’s heads missing', async () => {
    trail = await makeTrail();
    const [first] = await trail.db('audit_checkpoints').orderBy('id').select('heads');
    await tamper(trail.db, 'truncate audit_events');
    expect(await verify(trail.db)).toMatchObject({
      ok: false,
      events: 0,
      problem: {
        kind: 'missing_head',
        checkpointId: trail.checkpoints[0],
        stream: first.heads[0].stream,
        seq: first.heads[0].seq,
      },
    });
  });

  test.each([
    [
      'its signed count',
      `update audit_checkpoints set events = events + 1 where id = ?`,
      1,
      'signature does not verify',
    ],
    ['its heads', `update audit_checkpoints set heads = heads - 0 where id = ?`, 0, 'heads altered'],
    [
      'its signature',
      `update audit_checkpoints set signature = reverse(signature) where id = ?`,
      1,
      'signature does not verify',
    ],
    [
      'its time',
      `update audit_checkpoints set at = at - interval '1 day' where id = ?`,
      0,
      'signature does not verify',
    ],
  ])('a checkpoint with %s altered is refused', async (_what, sql, index, reason) => {
    trail = await makeTrail();
    const checkpointId = trail.checkpoints[index]!;
    await tamper(trail.db, sql, [checkpointId]);
    expect((await verify(trail.db)).problem).toEqual({ kind: 'bad_checkpoint', checkpointId, reason });
  });

  test('a deleted checkpoint breaks the checkpoint chain at the next one', async () => {
    trail = await makeTrail();
    await tamper(trail.db, 'delete from audit_checkpoints where id = ?', [trail.checkpoints[0]]);
    expect((await verify(trail.db)).problem).toEqual({
      kind: 'bad_checkpoint',
      checkpointId: trail.checkpoints[1],
      reason: 'not chained to the previous checkpoint',
    });
  });

  test('what no checkpoint covers yet can be removed unnoticed (publish checkpoints elsewhere to close this)', async () => {
    trail = await makeTrail();
    const first = await trail.db('audit_checkpoints').where({ id: trail.checkpoints[0] }).first();
    // The newest checkpoint and every entry after the one before it: what is left is a consistent, shorter trail.
    await tamper(trail.db, 'delete from audit_checkpoints where id = ?', [trail.checkpoints[1]]);
    await tamper(trail.db, 'delete from audit_events where id > ?', [first.last_event_id]);
    expect(await verify(trail.db)).toMatchObject({ ok: true, events: 4, checkpoints: 1 });
  });
});

describe('the append-only triggers', () => {
  test.each([
    ['update', `update audit_events set actor = 'x'`],
    ['delete', 'delete from audit_events'],
    ['truncate', 'truncate audit_events'],
    ['truncate through the cases it references', 'truncate cases cascade'],
    ['update a checkpoint', `update audit_checkpoints set key_id = 'x'`],
    ['delete a checkpoint', 'delete from audit_checkpoints'],
    ['truncate the checkpoints', 'truncate audit_checkpoints'],
  ])('refuse an ordinary connection: %s', async (_what, sql) => {
    trail = await makeTrail();
    await expect(trail.db.raw(sql)).rejects.toThrow(/append-only/);
    expect(await verify(trail.db)).toMatchObject({ ok: true, events: 7, checkpoints: 2 });
  });
});

describe('concurrent appends', () => {
  /** True once the connection `pid` waits for an advisory lock (an append to a stream someone holds). */
  const waitsForLock = async (db: Knex, pid: number) => {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `select 1 from pg_locks where pid = ? and locktype = 'advisory' and not granted`,
      [pid],
    );
    return rows.length > 0;
  };

  test('different streams proceed while one is held open; the same stream waits its turn', async () => {
    trail = await makeTrail();
    const { db, caseA, caseB } = trail;
    const event = (caseId: string | null, action: string) => ({
      at: new Date(),
      caseId,
      actor: 'tester',
      action,
      data: {},
    });
    const holder = await db.transaction();
    await appendAuditEvent(holder, event(caseA, 'a4 (held)'));
    // Another case and the system stream append and commit while case A's append is still open.
    const other = await db.transaction();
    await appendAuditEvent(other, event(caseB, 'b3'));
    await appendAuditEvent(other, event(null, 's3'));
    await other.commit();

    const waiter = await db.transaction();
    const { rows } = await waiter.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid');
    const appended = appendAuditEvent(waiter, event(caseA, 'a5'));
    while (!(await waitsForLock(db, rows[0]!.pid))) await new Promise((r) => setImmediate(r));
    await holder.commit();
    await appended;
    await waiter.commit();

    const actions = await db<AuditRow>('audit_events')
      .where({ stream: caseA })
      .orderBy('seq')
      .pluck('action');
    expect(actions).toEqual(['a1', 'a2', 'a3', 'a4 (held)', 'a5']);
    await writeAuditCheckpoint(db, keys);
    expect(await verify(db, 2)).toMatchObject({ ok: true, events: 11, streams: 3, checkpoints: 3 });
  });
});
