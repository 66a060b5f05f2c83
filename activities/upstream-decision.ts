/**
 * An administrator's decision on a rejected submission (the manual queue), persisted with its audit entry in
 * one transaction: resubmit (the row back to pending; with `correct`, the refused photos rendered again from
 * the master through the pipeline, certified, and kept as this submission's correction) or close with a reason.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findCase } from '../db/cases';
import { listIssuedPhotos } from '../db/issued-photos';
import {
  closeSubmission,
  latestSubmission,
  reopenSubmission,
  saveCorrections,
  type UpstreamCorrectionRow,
} from '../db/upstream-admin';
import type { SubmissionKey } from '../db/upstream-submissions';
import { withdrawnStatuses } from '../domain/lifecycle';
import { upstreamTargetInfo } from '../domain/upstream';
import { certifyPhoto } from '../signing/certificate';
import { failureTypes, type UpstreamDecisionRecord } from '../workflows/contracts';
import type { ActivityDeps } from './deps';
import { caseNotFound } from './transition';

export function upstreamDecisionActivities(deps: ActivityDeps) {
  const { db, blobs, pipeline, keys } = deps;

  return {
    async recordUpstreamDecision(record: UpstreamDecisionRecord): Promise<void> {
      const { caseId, target, decision, reason, actor } = record;
      const row = await latestSubmission(db, caseId, target);
      if (!row) throw caseNotFound(caseId);
      const key: SubmissionKey = { case_id: caseId, target, photo_version: row.photo_version };
      // A retry of this activity after its commit finds the decision made: done.
      if (decision === 'resubmit' && row.state !== 'rejected') return;
      if (decision === 'close' && row.closed_at) return;
      if (row.state !== 'rejected') throw notInQueue(`${target} is ${row.state}`);
      if (decision === 'resubmit') {
        // Revoked or superseded since the API looked: the library must not receive these photos now.
        const current = await findCase(db, caseId);
        if (current && withdrawnStatuses.has(current.status))
          throw ApplicationFailure.create({
            type: failureTypes.photosWithdrawn,
            message: `case ${caseId} is ${current.status}`,
            nonRetryable: true,
          });
      }

      const corrections = decision === 'resubmit' && record.correct ? await correct(key, actor.username) : [];
      const changed = await db.transaction(async (trx) => {
        const moved =
          decision === 'resubmit'
            ? await reopenSubmission(trx, key)
            : await closeSubmission(trx, key, { by: actor.username, reason });
        if (!moved) return false;
        await saveCorrections(trx, corrections);
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId,
          actor: actor.username,
          action: decision === 'resubmit' ? 'upstream.resubmitted' : 'upstream.closed',
          data: {
            target,
            photoVersion: key.photo_version,
            reason,
            rejection: row.last_error,
            ...(decision === 'resubmit'
              ? { corrected: Object.fromEntries(corrections.map((c) => [c.profile_id, c.sha256])) }
              : {}),
          },
        });
        return true;
      });
      if (!changed) throw notInQueue(`${target} was decided meanwhile`);
    },
  };

  /** The target's standard photos rendered again from the master with the current profiles, certified. */
  async function correct(key: SubmissionKey, by: string): Promise<UpstreamCorrectionRow[]> {
    const row = await findCase(db, key.case_id);
    if (!row) throw caseNotFound(key.case_id);
    const profiles = upstreamTargetInfo[key.target].photos.filter((kind) => kind !== 'master');
    const { report, renders } = await pipeline.process(await blobs.get(row.master_sha256), {
      profiles,
      documents: row.documents,
    });
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const issued = await listIssuedPhotos(db, key.case_id);
    const corrections: UpstreamCorrectionRow[] = [];
    for (const profileId of profiles) {
      const jpeg = renders[profileId];
      if (
        !jpeg ||
        report.profiles[profileId]?.status !== 'rendered' ||
        !issued.some((p) => p.profile_id === profileId)
      )
        throw ApplicationFailure.nonRetryable(
          `${profileId} cannot be rendered again from the master`,
          failureTypes.uncorrectable,
        );
      const sha256 = await blobs.put(jpeg);
      corrections.push({
        ...key,
        profile_id: profileId,
        sha256,
        key_id: keys.activeKeyId,
        certificate: certifyPhoto(keys, {
          sha256,
          caseId: key.case_id,
          profileId,
          issuedAt: issuedAt.toISOString(),
        }),
        corrected_at: issuedAt,
        corrected_by: by,
      });
    }
    return corrections;
  }
}

const notInQueue = (message: string) =>
  ApplicationFailure.nonRetryable(message, failureTypes.notInManualQueue);
