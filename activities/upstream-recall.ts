/**
 * Recalling a revoked or superseded case's photos from one upstream library (docs/upstream.md, Recall). The
 * recall is noted on the submission's row; a delivered submission is recalled with its stored receipt and
 * moves to recalled with the library's recall receipt and an audit entry, in one transaction. A submission
 * still being made is waited for (a retryable failure, so Temporal retries with backoff) and recalled once
 * delivered; a rejected one left nothing at the library. The library refusing the recall (404
 * unknown_receipt, any other 4xx) is recorded and audited, not retried.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findCase } from '../db/cases';
import { listIssuedPhotos } from '../db/issued-photos';
import { lockForRecall, recordRecalled, recordRecallFailure } from '../db/upstream-recalls';
import type { SubmissionKey } from '../db/upstream-submissions';
import { withdrawnStatuses } from '../domain/revocation';
import { failureTypes, type UpstreamRecallInput, type UpstreamRecallResult } from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';
import { caseNotFound } from './transition';
import { toActivityFailure, UpstreamError, UpstreamRejectedError } from './upstream';

export type RecallOutcome = Pick<UpstreamRecallResult, 'state' | 'recallId'>;

export function upstreamRecallActivities({ db, upstream }: ActivityDeps) {
  return {
    async recallFromUpstream({ caseId, target, reason }: UpstreamRecallInput): Promise<RecallOutcome> {
      const row = await findCase(db, caseId);
      if (!row) throw caseNotFound(caseId);
      // A recall started for a revocation that did not commit finds the photos still standing: none is made.
      if (!(withdrawnStatuses as readonly string[]).includes(row.status))
        throw ApplicationFailure.nonRetryable(
          `case ${caseId} is ${row.status}: only revoked or superseded photos are recalled`,
          failureTypes.notRecallable,
        );
      const [issued] = await listIssuedPhotos(db, caseId);
      if (!issued) return { state: 'not_delivered' };
      const key: SubmissionKey = { case_id: caseId, target, photo_version: issued.attempt };
      const current = await db.transaction((trx) => lockForRecall(trx, key, reason));
      if (!current || current.state === 'rejected') return { state: 'not_delivered' };
      if (current.state === 'recalled') return { state: 'recalled', recallId: current.recall_id! };
      if (current.state !== 'delivered')
        throw ApplicationFailure.create({
          type: failureTypes.submissionInFlight,
          message: `${target}: the submission is ${current.state}; it is recalled once delivered`,
        });
      // A retry after a recorded refusal answers as the library did, without calling again.
      if (current.recall_error) throw refusal(current.recall_error);

      try {
        const recall = await upstream[target].recall({ receiptId: current.receipt_id!, reason });
        await db.transaction(async (trx) => {
          if (!(await recordRecalled(trx, key, recall))) return;
          await appendAuditEvent(trx, {
            at: new Date(),
            caseId,
            actor: workerActor,
            action: 'upstream.recalled',
            data: {
              target,
              photoVersion: key.photo_version,
              receiptId: recall.receiptId,
              recallId: recall.recallId,
              reason,
            },
          });
        });
        return { state: 'recalled', recallId: recall.recallId };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        const refused = err instanceof UpstreamRejectedError;
        await db.transaction(async (trx) => {
          const recorded = await recordRecallFailure(trx, key, { message: err.message, refused });
          if (!recorded || !refused) return;
          await appendAuditEvent(trx, {
            at: new Date(),
            caseId,
            actor: workerActor,
            action: 'upstream.recall_refused',
            data: {
              target,
              photoVersion: key.photo_version,
              receiptId: current.receipt_id,
              reason,
              code: err.code,
              error: err.message,
            },
          });
        });
        if (refused) throw refusal(err.message);
        throw toActivityFailure(err, Context.current().info.attempt);
      }
    },
  };
}

const refusal = (message: string) =>
  ApplicationFailure.nonRetryable(message, failureTypes.upstreamRecallRefused);
