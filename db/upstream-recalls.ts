/**
 * Recalls of delivered submissions (docs/upstream.md, Recall): the recall asked for is noted on the
 * submission's row, and the row moves delivered -> recalled only with the library's recall receipt.
 */
import type { Knex } from 'knex';
import type { RecallReceipt } from '../activities/upstream/contract';
import type { SubmissionKey, UpstreamSubmissionRow } from './upstream-submissions';

/**
 * The row, locked for the rest of the transaction, with the recall noted (the first reason asked for stays:
 * a photo superseded and later revoked was withdrawn as superseded). Undefined when there is no row.
 */
export async function lockForRecall(
  trx: Knex.Transaction,
  key: SubmissionKey,
  reason: string,
): Promise<UpstreamSubmissionRow | undefined> {
  await trx('upstream_submissions')
    .where(key)
    .whereNull('recall_requested_at')
    .update({ recall_reason: reason, recall_requested_at: trx.fn.now(), updated_at: trx.fn.now() });
  return trx<UpstreamSubmissionRow>('upstream_submissions').where(key).forUpdate().first();
}

/** Delivered -> recalled with the library's recall receipt; false when the row was not delivered any more. */
export async function recordRecalled(
  trx: Knex.Transaction,
  key: SubmissionKey,
  recall: RecallReceipt,
): Promise<boolean> {
  const changed = await trx('upstream_submissions')
    .where(key)
    .where({ state: 'delivered' })
    .update({
      state: 'recalled',
      recall_id: recall.recallId,
      recall_receipt: JSON.stringify(recall),
      recalled_at: new Date(recall.recalledAt),
      recall_error: null,
      last_error: null,
      last_error_at: null,
      updated_at: trx.fn.now(),
    });
  return changed > 0;
}

/** A failed recall call: its error shown on the row; `refused` (not retried) when the library said no. */
export async function recordRecallFailure(
  trx: Knex.Transaction,
  key: SubmissionKey,
  failure: { message: string; refused: boolean },
): Promise<boolean> {
  const changed = await trx('upstream_submissions')
    .where(key)
    .where({ state: 'delivered' })
    .update({
      ...(failure.refused ? { recall_error: failure.message } : {}),
      last_error: `recall: ${failure.message}`,
      last_error_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    });
  return changed > 0;
}
