/** Activities that move a case between statuses, writing the read model and the audit trail in one transaction. */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findCase, transitionCase, type CaseRow } from '../db/cases';
import type { CaseStatus } from '../domain/cases';
import { failureTypes, type CaseFailure, type CaseRef } from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';

type FailurePatch = Pick<CaseRow, 'failure_reason' | 'failure_code' | 'failure_message'>;

export function caseStatusActivities({ db }: ActivityDeps) {
  /** Idempotent: a retry after a committed transition finds the case already moved and succeeds. */
  async function transition(
    caseId: string,
    from: CaseStatus[],
    to: CaseStatus,
    patch: Partial<FailurePatch> = {},
    data: Record<string, unknown> = {},
  ) {
    await db.transaction(async (trx) => {
      const moved = await transitionCase(trx, caseId, from, to, patch);
      if (moved) {
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId,
          actor: workerActor,
          action: `case.${to}`,
          data,
        });
        return;
      }
      const current = await findCase(trx, caseId);
      if (!current)
        throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, failureTypes.caseNotFound);
      if (current.status !== to) {
        throw ApplicationFailure.nonRetryable(
          `case ${caseId} is ${current.status}, cannot become ${to}`,
          failureTypes.invalidTransition,
        );
      }
    });
  }

  return {
    async markProcessing({ caseId }: CaseRef): Promise<void> {
      await transition(caseId, ['received'], 'processing');
    },
    async markFailed({ caseId, reason, code, message }: CaseFailure): Promise<void> {
      const patch: FailurePatch = {
        failure_reason: reason,
        failure_code: code ?? null,
        failure_message: message ?? null,
      };
      await transition(caseId, ['received', 'processing'], 'failed', patch, { reason, code, message });
    },
  };
}
