/**
 * The steps around people: routing a processed case (rules per region), recording a reviewer's decision
 * (the claim checked on the locked row), and recording a retake's new master in the same case, with every
 * earlier attempt archived.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { capturersOf, findCase, type CaseRow } from '../db/cases';
import { needsSecondApproval, reviewSlasFor, routeFor, rulesFor, type QueueSlas } from '../domain/rules';
import {
  failureTypes,
  type DecisionRecord,
  type RetakeRecord,
  type RouteInput,
  type RoutedCase,
} from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';
import { applyTransition } from './transition';

const secondsFrom = (seconds: number, from = Date.now()) => new Date(from + seconds * 1000);

export function reviewActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async routeCase({ caseId, timers, perQueueSla }: RouteInput): Promise<RoutedCase> {
      const row = await findCase(db, caseId);
      if (!row?.verdict)
        throw ApplicationFailure.nonRetryable(
          `case ${caseId} has no verdict`,
          failureTypes.invalidTransition,
        );
      const rules = rulesFor(deps.rules, row.region_id);
      // The pipeline judged the master for the documents the case is for (every profile's own verdict stays).
      const { verdict } = row;
      const c = {
        category: row.category,
        nationalityConflict: row.nationality_conflict,
        verdict,
        channel: row.channel,
      };
      const { route, reason } = routeFor(rules, c);
      const slas: QueueSlas = perQueueSla
        ? reviewSlasFor(rules, { category: row.category, reason }, timers.reviewSlaSeconds)
        : { reviewSlaSeconds: timers.reviewSlaSeconds, secondApprovalSlaSeconds: timers.reviewSlaSeconds };
      const now = Date.now();
      const failing = (row.quality_report?.failing ?? [])
        .filter((f) => row.documents.includes(f.profile) && f.severity === 'retake')
        .map((f) => f.id);
      await applyTransition(db, {
        caseId,
        transition:
          route === 'auto_issue' ? 'autoApprove' : route === 'review' ? 'sendToReview' : 'requireRetake',
        actor: workerActor,
        // Issuing follows the automatic approval in the same workflow task (both local activities): if that
        // task's completion is lost, both run again, and the approval finds the case issued (or beyond).
        movedOnTo: route === 'auto_issue' ? ['issued', 'superseded', 'revoked'] : [],
        patch: {
          route_reason: reason,
          ...(route === 'review'
            ? {
                queued_at: new Date(now),
                sla_due_at: secondsFrom(slas.reviewSlaSeconds, now),
                escalated_at: null,
              }
            : {}),
          ...(route === 'retake'
            ? {
                retake_checks: [...new Set(failing)],
                retake_deadline_at: secondsFrom(timers.retakeDeadlineSeconds, now),
              }
            : {}),
        },
        data: {
          route,
          reason,
          verdict,
          documents: row.documents,
          ...(route === 'review' ? { slaSeconds: slas.reviewSlaSeconds } : {}),
        },
      });
      return {
        route,
        reason,
        capturedBy: await capturersOf(db, row),
        needsSecondApproval: needsSecondApproval(rules, c),
        slas,
      };
    },

    async recordDecision(record: DecisionRecord): Promise<void> {
      const { caseId, actor, transition, timers } = record;
      const now = Date.now();
      await applyTransition(db, {
        caseId,
        transition,
        actor: actor.username,
        precondition: (row) => {
          const held =
            row.claimed_by_subject === actor.subject &&
            row.claim_expires_at &&
            row.claim_expires_at.getTime() > now;
          if (!held)
            throw ApplicationFailure.nonRetryable(
              `${actor.username} does not hold the claim on case ${caseId}`,
              failureTypes.claimNotHeld,
            );
        },
        patch: {
          claimed_by_subject: null,
          claimed_by_username: null,
          claim_expires_at: null,
          decision_reason_code: record.reasonCode ?? null,
          decision_note: record.note ?? null,
          ...(transition === 'approveFirst'
            ? {
                first_approver_subject: actor.subject,
                first_approver_username: actor.username,
                queued_at: new Date(now),
                sla_due_at: secondsFrom(record.secondApprovalSlaSeconds ?? timers.reviewSlaSeconds, now),
                escalated_at: null,
              }
            : {}),
          ...(transition === 'requestRetake' || transition === 'requestRetakeAtSecondApproval'
            ? {
                retake_checks: record.checks ?? [],
                retake_deadline_at: secondsFrom(timers.retakeDeadlineSeconds, now),
                // The new photo gets a review of its own: the old one's first approval does not carry over.
                first_approver_subject: null,
                first_approver_username: null,
              }
            : {}),
        },
        data: {
          decision: record.decision,
          roles: actor.roles,
          reasonCode: record.reasonCode,
          note: record.note,
          checks: record.checks,
        },
      });
    },

    async recordRetake(record: RetakeRecord): Promise<void> {
      const { caseId, actor, master } = record;
      await applyTransition(db, {
        caseId,
        transition: 'submitRetake',
        actor: actor.username,
        patch: {
          attempt: db.raw('attempt + 1') as unknown as number,
          master_sha256: master.sha256,
          master_mime_type: master.mimeType,
          master_bytes: master.bytes,
          master_width: null,
          master_height: null,
          operator_subject: actor.subject,
          operator_username: actor.username,
          device: record.device,
          captured_at: new Date(record.capturedAt),
          verdict: null,
          quality_report: null,
          preview_sha256: null,
          retake_checks: null,
          retake_deadline_at: null,
        },
        alsoWrite: (trx, { before }) => archiveAttempt(trx, before),
        data: { sha256: master.sha256, bytes: master.bytes, format: master.format, device: record.device },
      });
    },
  };
}

/** Keeps the attempt a retake replaces: its master, its verdict and report (its photos stay in case_photos). */
async function archiveAttempt(trx: Knex.Transaction, row: CaseRow): Promise<void> {
  await trx('case_attempts').insert({
    case_id: row.id,
    attempt: row.attempt,
    master_sha256: row.master_sha256,
    master_mime_type: row.master_mime_type,
    master_bytes: row.master_bytes,
    master_width: row.master_width,
    master_height: row.master_height,
    operator_subject: row.operator_subject,
    operator_username: row.operator_username,
    device: row.device,
    captured_at: row.captured_at,
    verdict: row.verdict,
    quality_report: row.quality_report,
    preview_sha256: row.preview_sha256,
    failure_code: row.failure_code,
    failure_message: row.failure_message,
  });
}
