/**
 * Signed checkpoints over the audit chains, and verification of the whole trail in pages (never the whole
 * table in memory). A checkpoint records the head (seq, hash) of every stream appended to since the previous
 * checkpoint, and how many entries it covers, is chained to that checkpoint and signed; so an update, a removal
 * or an insert inside a chain breaks it, deleting or truncating the newest entries of a stream leaves a
 * checkpointed head missing, and an entry forged onto the end of a chain among the ids a checkpoint covers
 * changes that checkpoint's count and heads. What no checkpoint covers yet (the newest entries, the newest
 * checkpoint itself) can be removed unnoticed: publish checkpoints outside the database to close that.
 */
import type { Knex } from 'knex';
import { canonical } from '../domain/canonical';
import type { KeyRing } from '../signing/keys';
import { checkpointLockKey, genesisHash, rowHash, sha256Hex, type AuditRow } from './audit';

export interface StreamHead {
  stream: string;
  seq: string;
  hash: string;
}

interface CheckpointRow {
  id: string;
  at: Date;
  last_event_id: string;
  streams: string;
  events: string;
  heads_hash: string;
  heads: StreamHead[];
  prev_hash: string;
  key_id: string;
  signature: string;
}

/** What a checkpoint signs; its hash is the next checkpoint's `prev_hash`. */
const signedBody = (c: Omit<CheckpointRow, 'id' | 'heads' | 'signature'>) =>
  canonical({
    at: c.at.toISOString(),
    lastEventId: String(c.last_event_id),
    streams: String(c.streams),
    events: String(c.events),
    headsHash: c.heads_hash,
    prevHash: c.prev_hash,
    keyId: c.key_id,
  });

/** The entries with ids in (since, last]: how many, and the newest (seq, hash) of each stream, in stream order. */
async function coveredEntries(db: Knex, since: string, last: string) {
  const heads = (
    await db.raw<{ rows: StreamHead[] }>(
      `select distinct on (stream) stream, seq::text as seq, hash from audit_events
       where id > ? and id <= ? order by stream, seq desc`,
      [since, last],
    )
  ).rows;
  const [{ events }] = (await db('audit_events')
    .where('id', '>', since)
    .andWhere('id', '<=', last)
    .count({ events: '*' })) as [{ events: string }];
  return { heads, events: String(events) };
}

/**
 * Writes a checkpoint covering every entry appended since the last one; returns its id, or null when nothing
 * was appended. Runs in one transaction holding a lock of its own, so two writers never interleave.
 */
export async function writeAuditCheckpoint(db: Knex, keys: KeyRing, at = new Date()): Promise<string | null> {
  return db.transaction(async (trx) => {
    // Waits for every append under way (they hold this lock shared), so no entry below `last` commits later.
    await trx.raw('select pg_advisory_xact_lock(?)', [checkpointLockKey]);
    const previous = await trx<CheckpointRow>('audit_checkpoints').orderBy('id', 'desc').first();
    const since = previous?.last_event_id ?? '0';
    const [bound] = (
      await trx.raw<{ rows: { last: string | null }[] }>(
        `select max(id)::text as last from audit_events where id > ?`,
        [since],
      )
    ).rows;
    const last = bound?.last;
    if (!last) return null;
    const { heads, events } = await coveredEntries(trx, since, last);
    const body = {
      at: new Date(Math.floor(at.getTime())),
      last_event_id: last,
      streams: String(heads.length),
      events,
      heads_hash: sha256Hex(canonical(heads)),
      prev_hash: previous ? sha256Hex(signedBody(previous)) : genesisHash,
      key_id: keys.activeKeyId,
    };
    const [row] = await trx<CheckpointRow>('audit_checkpoints')
      .insert({
        ...body,
        heads: JSON.stringify(heads) as unknown as StreamHead[],
        signature: keys.sign(Buffer.from(signedBody(body))),
      })
      .returning('id');
    return String(row!.id);
  });
}

export type AuditProblem =
  | { kind: 'broken_link'; stream: string; seq: string; eventId: string }
  | { kind: 'missing_head'; stream: string; seq: string; checkpointId: string }
  | { kind: 'bad_checkpoint'; checkpointId: string; reason: string }
  /** An entry was inserted into (or removed from) the ids a checkpoint covers, its chain left intact. */
  | { kind: 'covered_entries_changed'; checkpointId: string; signedEvents: string; events: string };

export interface AuditVerification {
  ok: boolean;
  events: number;
  streams: number;
  checkpoints: number;
  lastCheckpointAt: string | null;
  /** The first problem found, in stream order, then checkpoint order. */
  problem: AuditProblem | null;
}

/** Verifies every chain and every checkpoint, `pageSize` rows at a time. */
export async function verifyAuditTrail(
  db: Knex,
  keys: KeyRing,
  { pageSize = 5000 }: { pageSize?: number } = {},
): Promise<AuditVerification> {
  let events = 0;
  let streams = 0;
  let after: { stream: string; seq: string } | undefined;
  let prev: { stream: string; hash: string; seq: number } | undefined;
  const result = (problem: AuditProblem | null, checkpoints = 0, lastCheckpointAt: string | null = null) => ({
    ok: problem === null,
    events,
    streams,
    checkpoints,
    lastCheckpointAt,
    problem,
  });

  for (;;) {
    const query = db<AuditRow>('audit_events')
      .orderBy([{ column: 'stream' }, { column: 'seq' }])
      .limit(pageSize);
    if (after) query.whereRaw('(stream, seq) > (?, ?)', [after.stream, after.seq]);
    const rows = await query;
    for (const row of rows) {
      const sameStream = prev?.stream === row.stream;
      if (!sameStream) streams += 1;
      const expectedSeq = sameStream ? prev!.seq + 1 : 1;
      const prevHash = sameStream ? prev!.hash : genesisHash;
      if (
        Number(row.seq) !== expectedSeq ||
        row.prev_hash !== prevHash ||
        row.hash !== rowHash(row, prevHash)
      ) {
        return result({
          kind: 'broken_link',
          stream: row.stream,
          seq: String(row.seq),
          eventId: String(row.id),
        });
      }
      prev = { stream: row.stream, hash: row.hash, seq: Number(row.seq) };
      events += 1;
    }
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = { stream: last.stream, seq: String(last.seq) };
  }

  let checkpoints = 0;
  let lastCheckpointAt: string | null = null;
  let previous: CheckpointRow | undefined;
  let afterId = '0';
  for (;;) {
    const page = await db<CheckpointRow>('audit_checkpoints')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(100);
    for (const checkpoint of page) {
      const problem = await checkCheckpoint(db, keys, checkpoint, previous);
      if (problem) return result(problem, checkpoints, lastCheckpointAt);
      checkpoints += 1;
      lastCheckpointAt = checkpoint.at.toISOString();
      previous = checkpoint;
    }
    if (page.length < 100) break;
    afterId = String(page.at(-1)!.id);
  }
  return result(null, checkpoints, lastCheckpointAt);
}

async function checkCheckpoint(
  db: Knex,
  keys: KeyRing,
  checkpoint: CheckpointRow,
  previous: CheckpointRow | undefined,
): Promise<AuditProblem | null> {
  const id = String(checkpoint.id);
  const bad = (reason: string): AuditProblem => ({ kind: 'bad_checkpoint', checkpointId: id, reason });
  if (!keys.verify(checkpoint.key_id, Buffer.from(signedBody(checkpoint)), checkpoint.signature))
    return bad('signature does not verify');
  const expectedPrev = previous ? sha256Hex(signedBody(previous)) : genesisHash;
  if (checkpoint.prev_hash !== expectedPrev) return bad('not chained to the previous checkpoint');
  if (sha256Hex(canonical(checkpoint.heads)) !== checkpoint.heads_hash) return bad('heads altered');
  for (const head of checkpoint.heads) {
    const row = await db<AuditRow>('audit_events')
      .where({ stream: head.stream, seq: head.seq })
      .first('hash');
    if (row?.hash !== head.hash)
      return { kind: 'missing_head', stream: head.stream, seq: head.seq, checkpointId: id };
  }
  // An entry forged onto the end of a chain (its hashes computed) passes the chains; the signed count and
  // heads of the ids it was given still expose it.
  const covered = await coveredEntries(
    db,
    previous ? String(previous.last_event_id) : '0',
    String(checkpoint.last_event_id),
  );
  if (
    covered.events !== String(checkpoint.events) ||
    sha256Hex(canonical(covered.heads)) !== checkpoint.heads_hash
  )
    return {
      kind: 'covered_entries_changed',
      checkpointId: id,
      signedEvents: String(checkpoint.events),
      events: covered.events,
    };
  return null;
}

/** A checkpoint as published outside the database: `signed` is the exact text its Ed25519 signature covers. */
export interface PublishedCheckpoint {
  id: string;
  at: string;
  lastEventId: string;
  streams: string;
  events: string;
  headsHash: string;
  heads: StreamHead[];
  prevHash: string;
  keyId: string;
  signature: string;
  signed: string;
}

/** The checkpoints after `afterId`, oldest first, one page at a time. */
export async function signedCheckpoints(
  db: Knex,
  { afterId = '0', limit = 100 }: { afterId?: string; limit?: number } = {},
): Promise<PublishedCheckpoint[]> {
  const rows = await db<CheckpointRow>('audit_checkpoints')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  return rows.map((c) => ({
    id: String(c.id),
    at: c.at.toISOString(),
    lastEventId: String(c.last_event_id),
    streams: String(c.streams),
    events: String(c.events),
    headsHash: c.heads_hash,
    heads: c.heads,
    prevHash: c.prev_hash,
    keyId: c.key_id,
    signature: c.signature,
    signed: signedBody(c),
  }));
}
