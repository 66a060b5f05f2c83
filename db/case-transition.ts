/**
 * A lifecycle transition (domain/lifecycle.ts) applied as a status-guarded update with its audit entry, in one
 * transaction: the core that the worker's activities (activities/transition.ts) and the API's decisions share.
 * Refusals are the caller's to phrase (a non-retryable failure in a workflow, a problem in the API), so this
 * reports what it found instead of throwing a transport's error.
 */
import type { Knex } from 'knex';
import { transitions, type TransitionName } from '../domain/lifecycle';
import { appendAuditEvent } from './audit';
import { transitionCase, type CasePatch, type CaseRow } from './cases';

export interface CaseTransition {
  caseId: string;
  transition: TransitionName;
  /** Who: a username, or `system:worker` for automatic steps. */
  actor: string;
  patch?: CasePatch;
  /** The audit entry's data; given the locked row when it depends on what the case was. */
  data?: Record<string, unknown> | ((before: CaseRow) => Record<string, unknown>);
  /** Checked on the locked row before the move; what it throws leaves the case as it was. */
  check?: (locked: CaseRow) => void;
  /**
   * Further writes (or calls) that belong to the same step, run only when the case moved and before the audit
   * entry, so that no audit lock is held while they wait on anything remote.
   */
  alsoWrite?: (trx: Knex.Transaction, rows: { before: CaseRow; after: CaseRow }) => Promise<void>;
}

export type TransitionOutcome = { found: false } | { found: true; moved: boolean; row: CaseRow };

export async function transitionWithAudit(db: Knex, request: CaseTransition): Promise<TransitionOutcome> {
  const { caseId, transition, actor, patch = {}, data = {} } = request;
  const { from, to, action } = transitions[transition];
  return db.transaction(async (trx) => {
    // NO KEY UPDATE, the lock the update itself takes: audit appends to this case (e.g. an upstream delivery
    // under way) hold KEY SHARE on the row for their foreign key while holding the chain's lock, which this
    // transaction takes later; FOR UPDATE and they would wait for each other, a deadlock.
    const locked = await trx<CaseRow>('cases').where({ id: caseId }).forNoKeyUpdate().first();
    if (!locked) return { found: false };
    request.check?.(locked);
    const moved = await transitionCase(trx, caseId, from, to, patch);
    // Not moved: the locked row is the case as it stands (the lock keeps it so until this transaction ends).
    const row = moved ?? locked;
    if (moved) {
      await request.alsoWrite?.(trx, { before: locked, after: row });
      const entryData = typeof data === 'function' ? data(locked) : data;
      await appendAuditEvent(trx, { at: new Date(), caseId, actor, action, data: entryData });
    }
    return { found: true, moved: moved !== undefined, row };
  });
}
