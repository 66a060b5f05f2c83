/**
 * The audit trail: append-only (triggers refuse update, delete and truncate) and hash-chained per stream (one
 * stream per case, `system` for events about no case). An append locks only its own stream, so captures,
 * decisions and photo reads of different cases never wait for each other, and no append holds a lock that
 * others need while the caller talks to another service. Signed checkpoints (db/audit-verify.ts) cover
 * every stream's head, so removing the newest entries of a stream is detectable too.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonical } from '../domain/canonical';

export interface AuditEvent {
  at: Date;
  caseId: string | null;
  actor: string;
  action: string;
  data: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  stream: string;
  seq: string;
  at: Date;
  case_id: string | null;
  actor: string;
  action: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const genesisHash = '0'.repeat(64);
export const systemStream = 'system';
/** Appends hold it shared (never waiting for each other); a checkpoint takes it alone (db/audit-verify.ts). */
export const checkpointLockKey = 0x7470_6370; // "tpcp"

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash of one entry: its stream position and content, chained to the previous entry's hash. */
export function hashEntry(
  prevHash: string,
  entry: { stream: string; seq: number | string; at: Date } & Omit<AuditEvent, 'at'>,
): string {
  const body = canonical({ ...entry, seq: String(entry.seq), at: entry.at.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

const streamOf = (caseId: string | null) => caseId ?? systemStream;

/** Appends within the caller's transaction, so the state change and its audit record commit together. */
export async function appendAuditEvent(trx: Knex.Transaction, event: AuditEvent): Promise<void> {
  const stream = streamOf(event.caseId);
  // Serialises appends to this stream only (released at commit); other streams go on in parallel. The locks and
  // the read of the stream's head are one round trip (migration 0021).
  const { rows } = await trx.raw<{ rows: Pick<AuditRow, 'hash' | 'seq'>[] }>(
    'select hash, seq from audit_stream_head(?, ?)',
    [stream, checkpointLockKey],
  );
  const last = rows[0];
  const prevHash = last?.hash ?? genesisHash;
  const seq = Number(last?.seq ?? 0) + 1;
  // Millisecond precision, as stored, so the hash can be recomputed from the row.
  const at = new Date(Math.floor(event.at.getTime()));
  await trx<AuditRow>('audit_events').insert({
    stream,
    seq: String(seq),
    at,
    case_id: event.caseId,
    actor: event.actor,
    action: event.action,
    data: event.data,
    prev_hash: prevHash,
    hash: hashEntry(prevHash, { ...event, stream, seq, at }),
  });
}

/** Appends in a transaction of its own (for events that change nothing else, e.g. a photo read). */
export function recordAuditEvent(db: Knex, event: AuditEvent): Promise<void> {
  return db.transaction((trx) => appendAuditEvent(trx, event));
}

export async function caseAuditTrail(db: Knex, caseId: string): Promise<AuditEvent[]> {
  const rows = await db<AuditRow>('audit_events').where({ stream: caseId }).orderBy('seq');
  return rows.map((r) => ({ at: r.at, caseId: r.case_id, actor: r.actor, action: r.action, data: r.data }));
}

export function rowHash(row: AuditRow, prevHash: string): string {
  return hashEntry(prevHash, {
    stream: row.stream,
    seq: row.seq,
    at: row.at,
    caseId: row.case_id,
    actor: row.actor,
    action: row.action,
    data: row.data,
  });
}
