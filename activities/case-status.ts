/** The automatic steps that only move a case: start processing, fail, escalate, abandon. */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findCase } from '../db/cases';
import { reviewStatuses } from '../domain/lifecycle';
import type { CaseFailure, CaseRef } from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';
import { applyTransition } from './transition';

export function caseStatusActivities({ db }: ActivityDeps) {
  return {
    async markProcessing({ caseId }: CaseRef): Promise<void> {
      // The workflow starts inside the capture's transaction: the row may not be committed yet, so a missing
      // case is worth another look (the workflow bounds how long) rather than a failure.
      if (!(await findCase(db, caseId)))
        throw ApplicationFailure.retryable(`case ${caseId} is not committed yet`, 'CaseNotYetVisible');
      await applyTransition(db, { caseId, transition: 'startProcessing', actor: workerActor });
    },
    async markFailed({ caseId, reason, code, message }: CaseFailure): Promise<void> {
      await applyTransition(db, {
        caseId,
        transition: 'fail',
        actor: workerActor,
        patch: { failure_reason: reason, failure_code: code ?? null, failure_message: message ?? null },
        data: { reason, code, message },
      });
    },
    /** The SLA ran out: the case joins the supervisors' queue (its status stays; a decision may have won). */
    async escalateCase({ caseId }: CaseRef): Promise<void> {
      await db.transaction(async (trx) => {
        const changed = await trx('cases')
          .where({ id: caseId })
          .whereIn('status', reviewStatuses)
          .whereNull('escalated_at')
          // A decision that moved the case to its next queue (a new SLA) since the timer fired wins.
          .where('sla_due_at', '<=', trx.fn.now())
          .update({ escalated_at: trx.fn.now(), updated_at: trx.fn.now() });
        if (!changed) return;
        const row = await trx('cases').where({ id: caseId }).first('status', 'sla_due_at');
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId,
          actor: workerActor,
          action: 'case.escalated',
          data: { status: row?.status, slaDueAt: row?.sla_due_at },
        });
      });
    },
    async abandonCase({ caseId }: CaseRef): Promise<void> {
      await applyTransition(db, { caseId, transition: 'abandon', actor: workerActor });
    },
  };
}
