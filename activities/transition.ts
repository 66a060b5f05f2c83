/**
 * The one way activities move a case: a lifecycle transition (domain/lifecycle.ts) applied as a status-guarded
 * update, with its audit entry, in one transaction. A retry after a committed transition finds the case
 * already moved and succeeds; any other state is a non-retryable InvalidTransition.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { appendAuditEvent } from '../db/audit';
import { findCase, transitionCase, type CasePatch, type CaseRow } from '../db/cases';
import { transitions, type CaseStatus, type TransitionName } from '../domain/lifecycle';
import { failureTypes } from '../workflows/contracts';

export interface TransitionRequest {
  caseId: string;
  transition: TransitionName;
  /** Who: a username, or `system:worker` for automatic steps. */
  actor: string;
  patch?: CasePatch;
  data?: Record<string, unknown>;
  /** Checked on the locked row before the move: a refusal (non-retryable) leaves the case as it was. */
  precondition?: (row: CaseRow) => void;
  /**
   * Statuses that show this transition was applied and later steps moved the case on: a local activity run
   * again because the workflow task that recorded it was lost (a Temporal restart) finds the case there.
   */
  movedOnTo?: readonly CaseStatus[];
  /** Further writes that belong to the same step (photos, issued set), run only when the case moved. */
  alsoWrite?: (trx: Knex.Transaction, rows: { before: CaseRow; after: CaseRow }) => Promise<void>;
}

export const caseNotFound = (caseId: string) =>
  ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, failureTypes.caseNotFound);

/** Applies the transition; returns true when this call moved the case, false when a retry found it moved. */
export async function applyTransition(db: Knex, request: TransitionRequest): Promise<boolean> {
  const { caseId, transition, actor, patch = {}, data = {} } = request;
  const { from, to, action } = transitions[transition];
  return db.transaction(async (trx) => {
    const locked = await trx<CaseRow>('cases').where({ id: caseId }).forUpdate().first();
    if (!locked) throw caseNotFound(caseId);
    if ((from as readonly string[]).includes(locked.status)) request.precondition?.(locked);
    const moved = await transitionCase(trx, caseId, from, to, patch);
    const row = (await findCase(trx, caseId))!;
    if (moved) {
      await request.alsoWrite?.(trx, { before: locked, after: row });
      await appendAuditEvent(trx, { at: new Date(), caseId, actor, action, data });
      return true;
    }
    if (row.status === to || request.movedOnTo?.includes(row.status)) return false;
    throw ApplicationFailure.nonRetryable(
      `case ${caseId} is ${row.status}: ${transition} needs ${from.join(' or ')}`,
      failureTypes.invalidTransition,
    );
  });
}
