/**
 * Submitting a case's issued photos to one upstream library (docs/upstream.md). The payload is built from the
 * issued set (the frozen JPEGs and their certificates; the master as the outbound master without metadata),
 * the adapter delivers it, and the outcome is recorded in `upstream_submissions`: delivered with its receipt
 * and audit entry in one transaction; retrying with the last error (then the failure goes to Temporal, which
 * retries with backoff or as the library's Retry-After asks); rejected with the reason and an audit entry.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { appendAuditEvent } from '../db/audit';
import { isTargetPaused, listCorrections, type UpstreamCorrectionRow } from '../db/upstream-admin';
import { findCase, type CaseRow } from '../db/cases';
import { listIssuedPhotos, type IssuedPhotoRow } from '../db/issued-photos';
import {
  currentSubmission,
  recordAttempt,
  type SubmissionKey,
  type UpstreamSubmissionRow,
} from '../db/upstream-submissions';
import { upstreamTargetInfo, type UpstreamTarget } from '../domain/upstream';
import { outboundMaster } from '../imaging/outbound';
import {
  failureTypes,
  upstreamAttemptFailed,
  type UpstreamDelivery,
  type UpstreamSubmissionInput,
} from '../workflows/contracts';
import { idNumberOf } from '../db/person-cipher';
import { workerActor, type ActivityDeps } from './deps';
import { beatingWhileRunning } from './heartbeat';
import { caseNotFound } from './transition';
import {
  photoForSubmission,
  jitteredMs,
  toActivityFailure,
  UpstreamError,
  UpstreamRejectedError,
  type SubmissionInput,
  type SubmittedPhoto,
} from './upstream';

export function upstreamSubmitActivities(deps: ActivityDeps) {
  const { db, blobs, upstream, upstreamPausedRetrySeconds } = deps;

  return beatingWhileRunning({
    async submitToUpstream({ caseId, target }: UpstreamSubmissionInput): Promise<UpstreamDelivery> {
      // Paused by an administrator: nothing is sent and nothing recorded; look again later. The delay is
      // jittered so that a resume is answered by the waiting submissions spread over the interval.
      if (await isTargetPaused(db, target))
        throw ApplicationFailure.create({
          message: `${target} is paused by an administrator`,
          type: failureTypes.upstreamPaused,
          nextRetryDelay: jitteredMs(upstreamPausedRetrySeconds * 1000),
        });
      const row = await findCase(db, caseId);
      if (!row) throw caseNotFound(caseId);
      const issued = await listIssuedPhotos(db, caseId);
      if (!issued.length)
        throw ApplicationFailure.nonRetryable(`case ${caseId} has no issued photos`, failureTypes.notIssued);
      const key: SubmissionKey = { case_id: caseId, target, photo_version: issued[0]!.attempt };
      const current = await currentSubmission(db, key);
      // A retry after a committed delivery (or a rejection) answers from the record, without calling again.
      if (current.state === 'delivered' || current.state === 'recalled') return delivery(current);
      if (current.state === 'rejected')
        throw ApplicationFailure.nonRetryable(
          current.last_error ?? 'rejected',
          failureTypes.upstreamRejected,
        );

      const missing = upstreamTargetInfo[target].photos.filter(
        (kind) => kind !== 'master' && !issued.some((p) => p.profile_id === kind),
      );
      if (missing.length) {
        const err = new UpstreamRejectedError(`not issued for this case: ${missing.join(', ')}`, {
          target,
          code: 'not_issued',
        });
        await recordRejection(key, err);
        throw rejection(err);
      }

      try {
        // Corrections are made in the manual queue, after a rejected attempt: a first attempt has none.
        const corrections = current.attempts ? await listCorrections(db, key) : [];
        const receipt = await upstream[target].submit(await submission(row, issued, target, corrections));
        await db.transaction(async (trx) => {
          const delivered = await recordAttempt(trx, key, {
            state: 'delivered',
            receipt_id: receipt.receiptId,
            receipt,
          });
          if (!delivered) return;
          await appendAuditEvent(trx, {
            at: new Date(),
            caseId,
            actor: workerActor,
            action: 'upstream.delivered',
            data: {
              target,
              photoVersion: key.photo_version,
              receiptId: receipt.receiptId,
              photos: Object.fromEntries(receipt.photos.map((p) => [p.kind, p.sha256])),
            },
          });
        });
        return { target, photoVersion: key.photo_version, receiptId: receipt.receiptId };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        if (err instanceof UpstreamRejectedError) {
          await recordRejection(key, err);
          throw rejection(err);
        }
        await db.transaction((trx) =>
          recordAttempt(trx, key, { state: 'retrying', last_error: err.message, last_error_at: new Date() }),
        );
        await announceRetrying(err.message);
        throw toActivityFailure(err, Context.current().info.attempt);
      }
    },
  });

  async function submission(
    row: CaseRow,
    issued: IssuedPhotoRow[],
    target: UpstreamTarget,
    corrections: UpstreamCorrectionRow[],
  ): Promise<SubmissionInput> {
    const photos: SubmittedPhoto[] = [];
    for (const kind of upstreamTargetInfo[target].photos) {
      if (kind === 'master') {
        photos.push(
          photoForSubmission(kind, (await outboundMaster(await blobs.get(row.master_sha256))).jpeg),
        );
        continue;
      }
      // An administrator's correction of this submission replaces the issued photo (docs/upstream.md).
      const photo =
        corrections.find((c) => c.profile_id === kind) ?? issued.find((p) => p.profile_id === kind)!;
      photos.push(photoForSubmission(kind, await blobs.get(photo.sha256), photo.certificate));
    }
    return {
      photoVersion: issued[0]!.attempt,
      case: {
        id: row.id,
        regionId: row.region_id,
        stationId: row.station_id,
        issuedAt: issued[0]!.issued_at.toISOString(),
      },
      // Opened for the library alone: the number leaves sealed storage only in this request.
      person: { idNumber: idNumberOf(deps.personCipher, row), name: row.person_name, category: row.category },
      photos,
    };
  }

  async function recordRejection(key: SubmissionKey, err: UpstreamRejectedError) {
    await db.transaction(async (trx: Knex.Transaction) => {
      const now = new Date();
      const rejected = await recordAttempt(trx, key, {
        state: 'rejected',
        last_error: err.message,
        last_error_at: now,
      });
      if (!rejected) return;
      await appendAuditEvent(trx, {
        at: now,
        caseId: key.case_id,
        actor: workerActor,
        action: 'upstream.rejected',
        data: {
          target: key.target,
          photoVersion: key.photo_version,
          code: err.code,
          reason: err.message,
          problems: err.problems,
        },
      });
    });
  }
}

const delivery = (row: UpstreamSubmissionRow): UpstreamDelivery => ({
  target: row.target,
  photoVersion: row.photo_version,
  receiptId: row.receipt_id!,
});

const rejection = (err: UpstreamRejectedError) => toActivityFailure(err) as ApplicationFailure;

/**
 * Tells the submission's workflow that this attempt failed and will be retried, so that its search attribute
 * says `retrying`. The database row already says so (what the console shows); the attribute only helps an
 * operator's search, so a failure to signal is logged and the retry goes on.
 */
async function announceRetrying(error: string): Promise<void> {
  const context = Context.current();
  const workflowId = context.info.workflowExecution?.workflowId;
  if (!workflowId) return;
  try {
    await context.client.workflow.getHandle(workflowId).signal(upstreamAttemptFailed, { error });
  } catch (err) {
    context.log.warn('could not mark the submission retrying in Temporal', { error: String(err) });
  }
}
