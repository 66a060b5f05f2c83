/**
 * The steps of an application's workflow, each persisted with its audit entry in one transaction and
 * status-guarded: a retry after a commit finds the step done and does nothing more.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findApplication, markReminded, moveApplication } from '../db/sharing-applications';
import { liveApplicationStatuses, type ApplicationStatus } from '../domain/sharing';
import { applicationFailureTypes, type ApplicationDecisionRecord } from '../workflows/contracts';
import type { ActivityDeps } from './deps';
import { workerActor } from './deps';

export function sharingApplicationActivities({ db }: Pick<ActivityDeps, 'db'>) {
  /** Moves the application with its audit entry; a repeat that finds it at `to` already is done. */
  async function move(
    applicationId: string,
    from: readonly ApplicationStatus[],
    to: ApplicationStatus,
    audit: { actor: string; action: string; data: Record<string, unknown> },
    fields: Parameters<typeof moveApplication>[4] = {},
  ) {
    const moved = await db.transaction(async (trx) => {
      if (!(await moveApplication(trx, applicationId, from, to, fields))) return false;
      await appendAuditEvent(trx, {
        at: new Date(),
        caseId: null,
        ...audit,
        data: { applicationId, ...audit.data },
      });
      return true;
    });
    if (moved) return;
    const current = await findApplication(db, applicationId);
    if (current?.status === to) return;
    throw ApplicationFailure.create({
      type: applicationFailureTypes.notPending,
      message: `application ${applicationId} is ${current?.status ?? 'missing'}, not ${from.join(' or ')}`,
      nonRetryable: true,
    });
  }

  return {
    async recordApplicationDecision({
      applicationId,
      decision,
      actor,
      reason,
      limits,
    }: ApplicationDecisionRecord) {
      const decided = { decided_by: actor.username, decided_at: new Date() };
      if (decision === 'reject')
        return move(
          applicationId,
          ['pending'],
          'rejected',
          { actor: actor.username, action: 'application.rejected', data: { reason } },
          { ...decided, reason: reason ?? null },
        );
      await move(
        applicationId,
        ['pending'],
        'approved',
        { actor: actor.username, action: 'application.approved', data: { limits } },
        {
          ...decided,
          rate_per_minute: limits!.ratePerMinute,
          daily_quota: limits!.dailyQuota,
          profiles: limits!.profiles,
          valid_until: new Date(limits!.validUntil),
        },
      );
    },

    /** Answers the time left until the approval's expiry, for the workflow's timers. */
    async activateApplication({ applicationId }: { applicationId: string }): Promise<{ msToExpiry: number }> {
      await move(applicationId, ['approved'], 'active', {
        actor: workerActor,
        action: 'application.activated',
        data: {},
      });
      const application = await findApplication(db, applicationId);
      return { msToExpiry: Math.max(0, Date.parse(application!.validUntil!) - Date.now()) };
    },

    /** Audited as the reminder to the organisation's contacts (what a notification channel would send). */
    async remindApplicationExpiry({ applicationId }: { applicationId: string }) {
      await db.transaction(async (trx) => {
        if (!(await markReminded(trx, applicationId))) return;
        const application = await findApplication(trx, applicationId);
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId: null,
          actor: workerActor,
          action: 'application.expiry_reminded',
          data: {
            applicationId,
            organisationId: application?.organisationId,
            validUntil: application?.validUntil,
          },
        });
      });
    },

    async endApplication(input: {
      applicationId: string;
      to: 'expired' | 'suspended';
      actor: string;
      reason: string;
    }) {
      await move(
        input.applicationId,
        liveApplicationStatuses,
        input.to,
        { actor: input.actor, action: `application.${input.to}`, data: { reason: input.reason } },
        { reason: input.reason },
      );
    },
  };
}
