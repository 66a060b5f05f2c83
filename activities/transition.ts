/**
 * The one way activities move a case: db/case-transition.ts's status-guarded update with its audit entry, in
 * one transaction, its refusals phrased for Temporal. A retry after a committed transition finds the case
 * already moved and succeeds; any other state is a non-retryable InvalidTransition.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { CaseRow } from '../db/cases';
import { transitionWithAudit, type CaseTransition } from '../db/case-transition';
import { transitions, type CaseStatus } from '../domain/lifecycle';
import { failureTypes } from '../workflows/contracts';

export interface TransitionRequest extends Omit<CaseTransition, 'check'> {
  /** Checked on the locked row before the move: a refusal (non-retryable) leaves the case as it was. */
  precondition?: (row: CaseRow) => void;
  /**
   * Statuses that show this transition was applied and later steps moved the case on: a local activity run
   * again because the workflow task that recorded it was lost (a Temporal restart) finds the case there.
   */
  movedOnTo?: readonly CaseStatus[];
}

export const caseNotFound = (caseId: string) =>
  ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, failureTypes.caseNotFound);

/** Applies the transition; returns true when this call moved the case, false when a retry found it moved. */
export async function applyTransition(db: Knex, request: TransitionRequest): Promise<boolean> {
  const { caseId, transition, precondition, movedOnTo, ...rest } = request;
  const { from, to } = transitions[transition];
  const outcome = await transitionWithAudit(db, {
    ...rest,
    caseId,
    transition,
    check: (locked) => {
      if ((from as readonly string[]).includes(locked.status)) precondition?.(locked);
    },
  });
  if (!outcome.found) throw caseNotFound(caseId);
  if (outcome.moved) return true;
  const { status } = outcome.row;
  if (status === to || movedOnTo?.includes(status)) return false;
  throw ApplicationFailure.nonRetryable(
    `case ${caseId} is ${status}: ${transition} needs ${from.join(' or ')}`,
    failureTypes.invalidTransition,
  );
}
