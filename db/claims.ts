/**
 * Review claims: one reviewer at a time holds a case in a review queue, for a lease that runs out on its own.
 * Every change is a guarded update (a 409 when no row changed) with its audit entry in the same transaction.
 */
import type { Knex } from 'knex';
import { reviewStatuses } from '../domain/lifecycle';
import type { PersonCategory } from '../domain/cases';
import { appendAuditEvent } from './audit';
import type { CaseRow } from './cases';

export interface Claimant {
  subject: string;
  username: string;
}

/** Free to claim: nobody holds it, or the holder's lease ran out, or the caller holds it already (renewal). */
const claimable = (who: Claimant) => (qb: Knex.QueryBuilder) => {
  void qb
    .whereNull('claimed_by_subject')
    .orWhereRaw('claim_expires_at <= now()')
    .orWhere('claimed_by_subject', who.subject);
};

async function takeClaim(trx: Knex.Transaction, caseId: string, who: Claimant, leaseSeconds: number) {
  const [row] = await trx<CaseRow>('cases')
    .where({ id: caseId })
    .whereIn('status', reviewStatuses)
    .where(claimable(who))
    .update({
      claimed_by_subject: who.subject,
      claimed_by_username: who.username,
      claim_expires_at: trx.raw(`now() + make_interval(secs => ?)`, [leaseSeconds]) as unknown as Date,
    })
    .returning(['id', 'claim_expires_at']);
  if (!row) return undefined;
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId,
    actor: who.username,
    action: 'case.claimed',
    data: { until: row.claim_expires_at },
  });
  return row;
}

export async function claimCase(db: Knex, caseId: string, who: Claimant, leaseSeconds: number) {
  return db.transaction((trx) => takeClaim(trx, caseId, who, leaseSeconds));
}

export async function releaseCase(db: Knex, caseId: string, who: Claimant): Promise<boolean> {
  return db.transaction(async (trx) => {
    const changed = await trx<CaseRow>('cases')
      .where({ id: caseId, claimed_by_subject: who.subject })
      .update({ claimed_by_subject: null, claimed_by_username: null, claim_expires_at: null });
    if (changed) {
      await appendAuditEvent(trx, {
        at: new Date(),
        caseId,
        actor: who.username,
        action: 'case.released',
        data: {},
      });
    }
    return changed > 0;
  });
}

export interface QueueFilter {
  /** Restricts to what the caller may decide (built from their ability). */
  scope: (qb: Knex.QueryBuilder) => void;
  /** `review` (first decisions), `second` (second approvals) or `escalated`. */
  queue: 'review' | 'second' | 'escalated';
  category?: PersonCategory[];
  /** People who may not take a case: whoever captured it, or approved it first. */
  excludeSubject: string;
  /** Whether the caller may give second approvals (else the escalated queue holds first decisions only). */
  maySecond: boolean;
}

/** The oldest free case of the queue, claimed for the caller in the same transaction (skipping locked rows). */
export async function claimNext(db: Knex, filter: QueueFilter, who: Claimant, leaseSeconds: number) {
  return db.transaction(async (trx) => {
    const query = trx<CaseRow>('cases')
      .where(filter.scope)
      .where(claimable(who))
      .whereNot('operator_subject', filter.excludeSubject)
      .whereNotExists(
        trx('case_attempts')
          .whereRaw('case_attempts.case_id = cases.id')
          .where('case_attempts.operator_subject', filter.excludeSubject),
      )
      .orderBy('queued_at', 'asc')
      .first('id')
      .forUpdate()
      .skipLocked();
    if (filter.queue === 'second')
      query.where('status', 'awaiting_second_approval').where((qb) => {
        void qb
          .whereNull('first_approver_subject')
          .orWhereNot('first_approver_subject', filter.excludeSubject);
      });
    else if (filter.queue === 'escalated')
      query.whereNotNull('escalated_at').where((qb) => {
        void qb.where('status', 'in_review');
        if (filter.maySecond)
          void qb.orWhere((second) => {
            void second
              .where('status', 'awaiting_second_approval')
              .whereNot('first_approver_subject', filter.excludeSubject);
          });
      });
    else query.where('status', 'in_review');
    if (filter.category?.length) query.whereIn('category', filter.category);
    const next = await query;
    if (!next) return undefined;
    return takeClaim(trx, next.id, who, leaseSeconds);
  });
}
