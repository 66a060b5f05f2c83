/**
 * The audit trail: append-only (a trigger refuses updates and deletes) and hash-chained, so any edit or removal
 * of a past event breaks every later hash. Appends serialise on an advisory lock to keep the chain linear.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export interface AuditEvent {
  at: Date;
  caseId: string | null;
  actor: string;
  action: string;
  data: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  at: Date;
  case_id: string | null;
  actor: string;
  action: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const genesis = '0'.repeat(64);
const auditLockKey = 0x7470_6175; // "tpau"

/** Canonical JSON (sorted keys) so the hash does not depend on key order after a jsonb round trip. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    // Undefined members are dropped, as jsonb drops them: the hash must be recomputable from the stored row.
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashEvent(prevHash: string, event: AuditEvent): string {
  const body = canonical({ ...event, at: event.at.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Appends within the caller's transaction, so the state change and its audit record commit together. */
export async function appendAuditEvent(trx: Knex.Transaction, event: AuditEvent): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?)', [auditLockKey]);
  const last = await trx<AuditRow>('audit_events').orderBy('id', 'desc').first('hash');
  const prevHash = last?.hash ?? genesis;
  // Millisecond precision, as stored, so the hash can be recomputed from the row.
  const at = new Date(Math.floor(event.at.getTime()));
  await trx<AuditRow>('audit_events').insert({
    at,
    case_id: event.caseId,
    actor: event.actor,
    action: event.action,
    data: event.data,
    prev_hash: prevHash,
    hash: hashEvent(prevHash, { ...event, at }),
  });
}

export async function caseAuditTrail(db: Knex, caseId: string): Promise<AuditEvent[]> {
  const rows = await db<AuditRow>('audit_events').where({ case_id: caseId }).orderBy('id');
  return rows.map((r) => ({ at: r.at, caseId: r.case_id, actor: r.actor, action: r.action, data: r.data }));
}

/** Recomputes the whole chain; returns the id of the first event that does not verify, or null. */
export async function verifyAuditChain(db: Knex): Promise<string | null> {
  let prevHash = genesis;
  const rows = await db<AuditRow>('audit_events').orderBy('id');
  for (const r of rows) {
    const expected = hashEvent(prevHash, {
      at: r.at,
      caseId: r.case_id,
      actor: r.actor,
      action: r.action,
      data: r.data,
    });
    if (r.prev_hash !== prevHash || r.hash !== expected) return r.id;
    prevHash = r.hash;
  }
  return null;
}
