/**
 * What the administrators' upstream page reads and changes: each library's pause flag, backlog, deliveries
 * today and failing submissions; the manual queue of rejected submissions, their resubmission or closing, and
 * the corrections (photos rendered again) sent with a resubmission.
 */
import type { Knex } from 'knex';
import type { PhotoCertificate } from '../signing/certificate';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import type { SubmissionKey, UpstreamSubmissionRow } from './upstream-submissions';

/** Restricts a query on `cases` to the rows the caller may act on (api/auth/access-filter.ts). */
export type CaseScope = (qb: Knex.QueryBuilder) => void;

export interface UpstreamTargetRow {
  target: UpstreamTarget;
  paused: boolean;
  changed_at: Date;
  changed_by: string | null;
  reason: string | null;
}

export async function isTargetPaused(db: Knex, target: UpstreamTarget): Promise<boolean> {
  const row = await db<UpstreamTargetRow>('upstream_targets').where({ target }).first();
  return row?.paused ?? false;
}

/** Sets the flag; false when it already had that value (nothing changed, nothing to audit). */
export async function setTargetPaused(
  trx: Knex.Transaction,
  target: UpstreamTarget,
  change: { paused: boolean; by: string; reason: string },
): Promise<boolean> {
  await trx('upstream_targets').insert({ target }).onConflict('target').ignore();
  const changed = await trx('upstream_targets').where({ target, paused: !change.paused }).update({
    paused: change.paused,
    changed_at: trx.fn.now(),
    changed_by: change.by,
    reason: change.reason,
  });
  return changed > 0;
}

export interface TargetOverviewRow {
  target: UpstreamTarget;
  flag: UpstreamTargetRow | undefined;
  pending: number;
  retrying: number;
  rejected: number;
  deliveredToday: number;
  lastDeliveredAt: Date | null;
  failures: UpstreamSubmissionRow[];
}

/** Every library's flag and counts over the submissions of the cases in scope; "today" from `since`. */
export async function targetOverview(db: Knex, scope: CaseScope, since: Date): Promise<TargetOverviewRow[]> {
  const inScope = (qb: Knex.QueryBuilder) =>
    void qb.whereIn('case_id', db('cases').select('id').where(scope));
  const counts: {
    target: UpstreamTarget;
    pending: string;
    retrying: string;
    rejected: string;
    delivered_today: string;
    last_delivered_at: Date | null;
  }[] = await db('upstream_submissions')
    .where(inScope)
    .groupBy('target')
    .select(
      'target',
      db.raw("count(*) filter (where state = 'pending') as pending"),
      db.raw("count(*) filter (where state = 'retrying') as retrying"),
      db.raw("count(*) filter (where state = 'rejected' and closed_at is null) as rejected"),
      db.raw("count(*) filter (where state = 'delivered' and updated_at >= ?) as delivered_today", [since]),
      db.raw("max(updated_at) filter (where state = 'delivered') as last_delivered_at"),
    );
  // Each library's newest ten, so that one failing library does not crowd the others out.
  const failures = await Promise.all(
    upstreamTargets.map((target) =>
      db<UpstreamSubmissionRow>('upstream_submissions')
        .where(inScope)
        .where({ target, state: 'retrying' })
        .orderBy('last_error_at', 'desc')
        .limit(10),
    ),
  );
  const flags = await db<UpstreamTargetRow>('upstream_targets');
  return upstreamTargets.map((target, i) => {
    const c = counts.find((row) => row.target === target);
    return {
      target,
      flag: flags.find((f) => f.target === target),
      pending: Number(c?.pending ?? 0),
      retrying: Number(c?.retrying ?? 0),
      rejected: Number(c?.rejected ?? 0),
      deliveredToday: Number(c?.delivered_today ?? 0),
      lastDeliveredAt: c?.last_delivered_at ?? null,
      failures: failures[i]!,
    };
  });
}

export interface ManualQueueRow extends UpstreamSubmissionRow {
  person_name: string;
  region_id: string;
  station_id: string | null;
}

/** Rejected submissions nobody has closed, in scope, oldest rejection first. */
export async function listManualQueue(db: Knex, scope: CaseScope): Promise<ManualQueueRow[]> {
  return db('upstream_submissions as s')
    .join('cases as c', 'c.id', 's.case_id')
    .where('s.state', 'rejected')
    .whereNull('s.closed_at')
    .whereIn('s.case_id', db('cases').select('id').where(scope))
    .orderBy([{ column: 's.last_error_at', order: 'asc' }, 's.case_id', 's.target'])
    .select('s.*', 'c.person_name', 'c.region_id', 'c.station_id');
}

/** The newest photo version's submission of a case to a target. */
export async function latestSubmission(
  db: Knex,
  caseId: string,
  target: UpstreamTarget,
): Promise<UpstreamSubmissionRow | undefined> {
  return db<UpstreamSubmissionRow>('upstream_submissions')
    .where({ case_id: caseId, target })
    .orderBy('photo_version', 'desc')
    .first();
}

/** Rejected and open → pending again (true), counted; false when it was not waiting in the queue. */
export async function reopenSubmission(trx: Knex.Transaction, key: SubmissionKey): Promise<boolean> {
  const changed = await trx('upstream_submissions')
    .where(key)
    .where({ state: 'rejected' })
    .whereNull('closed_at')
    .update({ state: 'pending', resubmissions: trx.raw('resubmissions + 1'), updated_at: trx.fn.now() });
  return changed > 0;
}

/** Rejected and open → closed with the reason (true); false when it was not waiting in the queue. */
export async function closeSubmission(
  trx: Knex.Transaction,
  key: SubmissionKey,
  close: { by: string; reason: string },
): Promise<boolean> {
  const changed = await trx('upstream_submissions')
    .where(key)
    .where({ state: 'rejected' })
    .whereNull('closed_at')
    .update({
      closed_at: trx.fn.now(),
      closed_by: close.by,
      close_reason: close.reason,
      updated_at: trx.fn.now(),
    });
  return changed > 0;
}

export interface UpstreamCorrectionRow extends SubmissionKey {
  profile_id: string;
  sha256: string;
  key_id: string;
  certificate: PhotoCertificate;
  corrected_at: Date;
  corrected_by: string;
}

/** A later correction of the same photo replaces the earlier one (only the newest is sent). */
export async function saveCorrections(trx: Knex.Transaction, rows: UpstreamCorrectionRow[]): Promise<void> {
  if (!rows.length) return;
  await trx('upstream_corrections')
    .insert(rows.map((r) => ({ ...r, certificate: JSON.stringify(r.certificate) })))
    .onConflict(['case_id', 'target', 'photo_version', 'profile_id'])
    .merge();
}

export async function listCorrections(db: Knex, key: SubmissionKey): Promise<UpstreamCorrectionRow[]> {
  return db<UpstreamCorrectionRow>('upstream_corrections').where(key);
}
