/** Submissions of issued photo sets to the upstream libraries: one row per (case, target, photo version). */
import type { Knex } from 'knex';
import type { Receipt } from '../activities/upstream/contract';
import type { UpstreamSubmission } from '../domain/schemas';
import { upstreamTargetInfo, type UpstreamSubmissionState, type UpstreamTarget } from '../domain/upstream';

export interface UpstreamSubmissionRow {
  case_id: string;
  target: UpstreamTarget;
  photo_version: number;
  state: UpstreamSubmissionState;
  receipt_id: string | null;
  receipt: Receipt | null;
  attempts: number;
  last_error: string | null;
  last_error_at: Date | null;
  updated_at: Date;
  recall_reason: string | null;
  recall_requested_at: Date | null;
  recall_id: string | null;
  recalled_at: Date | null;
  recall_error: string | null;
  /** Times an administrator sent it again from the manual queue. */
  resubmissions: number;
  /** Set when an administrator closed it (rejected, not to be sent) with a reason. */
  closed_at: Date | null;
  closed_by: string | null;
  close_reason: string | null;
}

export type SubmissionKey = Pick<UpstreamSubmissionRow, 'case_id' | 'target' | 'photo_version'>;

export const toUpstreamSubmission = (row: UpstreamSubmissionRow): UpstreamSubmission => ({
  target: row.target,
  name: upstreamTargetInfo[row.target].name,
  photoVersion: row.photo_version,
  state: row.state,
  receiptId: row.receipt_id,
  attempts: row.attempts,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
  recall:
    row.recall_reason && row.recall_requested_at
      ? {
          reason: row.recall_reason,
          requestedAt: row.recall_requested_at.toISOString(),
          recallId: row.recall_id,
          recalledAt: row.recalled_at?.toISOString() ?? null,
          error: row.recall_error,
        }
      : null,
  resubmissions: row.resubmissions,
  closedAt: row.closed_at?.toISOString() ?? null,
  closedBy: row.closed_by,
  closeReason: row.close_reason,
});

/**
 * Written in the issuing transaction: every target is pending from the moment the case is issued (and by a
 * submission of a case issued before these rows existed).
 */
export async function insertPendingSubmissions(db: Knex, keys: SubmissionKey[]): Promise<void> {
  if (keys.length)
    await db('upstream_submissions').insert(keys).onConflict(['case_id', 'target', 'photo_version']).ignore();
}

export async function listUpstreamSubmissions(db: Knex, caseId: string): Promise<UpstreamSubmissionRow[]> {
  return db<UpstreamSubmissionRow>('upstream_submissions')
    .where({ case_id: caseId })
    .orderBy([{ column: 'photo_version', order: 'desc' }, 'target']);
}

/**
 * The row as its last writer committed it (waiting for one still writing it), created pending if the case was
 * issued before these rows existed. Statements of their own: the lock only waits, and is released at once.
 */
export async function currentSubmission(db: Knex, key: SubmissionKey): Promise<UpstreamSubmissionRow> {
  const locked = () => db<UpstreamSubmissionRow>('upstream_submissions').where(key).forUpdate().first();
  const row = await locked();
  if (row) return row;
  await insertPendingSubmissions(db, [key]);
  return (await locked())!;
}

export async function findSubmission(
  db: Knex,
  key: SubmissionKey,
): Promise<UpstreamSubmissionRow | undefined> {
  return db<UpstreamSubmissionRow>('upstream_submissions').where(key).first();
}

/**
 * One more call made, `patch` saying how it ended; only while the submission is open (pending or retrying),
 * so a late answer never overwrites a delivery or a rejection. True when the row changed.
 */
export async function recordAttempt(
  trx: Knex.Transaction,
  key: SubmissionKey,
  patch: Partial<Pick<UpstreamSubmissionRow, 'state' | 'receipt_id' | 'last_error' | 'last_error_at'>> & {
    receipt?: Receipt;
  },
): Promise<boolean> {
  const { receipt, ...rest } = patch;
  const changed = await trx('upstream_submissions')
    .where(key)
    .whereIn('state', ['pending', 'retrying'])
    .update({
      ...rest,
      ...(receipt ? { receipt: JSON.stringify(receipt) } : {}),
      attempts: trx.raw('attempts + 1'),
      updated_at: trx.fn.now(),
    });
  return changed > 0;
}
