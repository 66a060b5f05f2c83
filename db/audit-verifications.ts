/**
 * A verification run of the audit trail (db/audit-verify.ts), recorded twice in one transaction: as an entry
 * of the trail (`audit.verified`, so reading the trail is itself audited) and as a row of
 * `audit_verifications`, the quick read of the last result.
 */
import type { Knex } from 'knex';
import type { KeyRing } from '../signing/keys';
import { appendAuditEvent } from './audit';
import { verifyAuditTrail, type AuditProblem, type AuditVerification } from './audit-verify';
import { whileHoldingLock } from './session-lock';

/** A whole-trail verification is under way elsewhere (another auditor, the CLI): one runs at a time. */
export class VerificationRunningError extends Error {
  override name = 'VerificationRunningError';
  constructor() {
    super('a verification of the audit trail is already running; its result will be the latest run');
  }
}

/** The lock a run holds (exported for the test that holds it as another run would). */
export const verificationLockKey = 0x7470_7666; // "tpvf"

export interface AuditVerificationRun extends AuditVerification {
  id: string;
  at: string;
  actor: string;
}

interface VerificationRow {
  id: string;
  at: Date;
  actor: string;
  ok: boolean;
  events: string;
  streams: number;
  checkpoints: number;
  last_checkpoint_at: Date | null;
  problem: AuditProblem | null;
}

const toRun = (row: VerificationRow): AuditVerificationRun => ({
  id: String(row.id),
  at: row.at.toISOString(),
  actor: row.actor,
  ok: row.ok,
  events: Number(row.events),
  streams: row.streams,
  checkpoints: row.checkpoints,
  lastCheckpointAt: row.last_checkpoint_at?.toISOString() ?? null,
  problem: row.problem,
});

/**
 * Verifies the whole trail in pages, then records who ran it and what it found. One run at a time across every
 * process (a run reads every entry: minutes at millions); a VerificationRunningError while another runs.
 */
export async function runAuditVerification(
  db: Knex,
  keys: KeyRing,
  actor: string,
  options?: { pageSize?: number },
): Promise<AuditVerificationRun> {
  const run = await whileHoldingLock(db, verificationLockKey, () =>
    verifyAndRecord(db, keys, actor, options),
  );
  if (!run.done) throw new VerificationRunningError();
  return run.value;
}

async function verifyAndRecord(
  db: Knex,
  keys: KeyRing,
  actor: string,
  options?: { pageSize?: number },
): Promise<AuditVerificationRun> {
  const result = await verifyAuditTrail(db, keys, options);
  const at = new Date();
  return db.transaction(async (trx) => {
    const [row] = await trx<VerificationRow>('audit_verifications')
      .insert({
        at,
        actor,
        ok: result.ok,
        events: String(result.events),
        streams: result.streams,
        checkpoints: result.checkpoints,
        last_checkpoint_at: result.lastCheckpointAt ? new Date(result.lastCheckpointAt) : null,
        problem: result.problem ? (JSON.stringify(result.problem) as unknown as AuditProblem) : null,
      })
      .returning('*');
    await appendAuditEvent(trx, {
      at,
      caseId: null,
      actor,
      action: 'audit.verified',
      data: {
        ok: result.ok,
        events: result.events,
        checkpoints: result.checkpoints,
        problem: result.problem,
      },
    });
    return toRun(row!);
  });
}

export async function latestAuditVerification(db: Knex): Promise<AuditVerificationRun | null> {
  const row = await db<VerificationRow>('audit_verifications').orderBy('id', 'desc').first();
  return row ? toRun(row) : null;
}
