/** Applications for catalogue entries: their rows, moved only by status-guarded updates. */
import type { Knex } from 'knex';
import type { Application, ApplicationStatus, SharingService } from '../domain/sharing';

export interface ApplicationRow {
  id: string;
  organisation_id: string;
  entry_id: string;
  matters: string[];
  purpose: string;
  expected_daily_volume: number;
  validity_days: number;
  status: ApplicationStatus;
  applied_by: string;
  applied_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  rate_per_minute: number | null;
  daily_quota: number | null;
  profiles: string[] | null;
  valid_until: Date | null;
  reminded_at: Date | null;
  workflow_id: string;
}

type ApplicationListRow = ApplicationRow & { organisation_name: string; entry_name: string };

export const toApplication = (r: ApplicationListRow): Application => ({
  id: r.id,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  entryId: r.entry_id,
  entryName: r.entry_name,
  matters: r.matters,
  purpose: r.purpose,
  expectedDailyVolume: r.expected_daily_volume,
  validityDays: r.validity_days,
  status: r.status,
  appliedBy: r.applied_by,
  appliedAt: r.applied_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
  reason: r.reason,
  ratePerMinute: r.rate_per_minute,
  dailyQuota: r.daily_quota,
  profiles: r.profiles,
  validUntil: r.valid_until?.toISOString() ?? null,
  remindedAt: r.reminded_at?.toISOString() ?? null,
  workflowId: r.workflow_id,
});

const withNames = (db: Knex) =>
  db('sharing_applications as a')
    .join('organisations as o', 'o.id', 'a.organisation_id')
    .join('catalogue_entries as e', 'e.id', 'a.entry_id')
    .select('a.*', 'o.name as organisation_name', 'e.name as entry_name');

/** Newest first; of these organisations only when `organisationIds` is given. */
export async function listApplications(
  db: Knex,
  filter: { organisationIds?: string[]; status?: ApplicationStatus[] },
): Promise<Application[]> {
  const rows: ApplicationListRow[] = await withNames(db)
    .modify((q) => {
      if (filter.organisationIds) q.whereIn('a.organisation_id', filter.organisationIds);
      if (filter.status) q.whereIn('a.status', filter.status);
    })
    .orderBy('a.applied_at', 'desc');
  return rows.map(toApplication);
}

export async function findApplication(db: Knex, id: string): Promise<Application | undefined> {
  const row: ApplicationListRow | undefined = await withNames(db).where('a.id', id).first();
  return row && toApplication(row);
}

export async function insertApplication(trx: Knex.Transaction, row: ApplicationRow): Promise<void> {
  await trx('sharing_applications').insert(row);
}

/** Moves an application from one of `from` to `to` with the fields given; false when it was not in `from`. */
export async function moveApplication(
  trx: Knex.Transaction,
  id: string,
  from: readonly ApplicationStatus[],
  to: ApplicationStatus,
  fields: Partial<ApplicationRow> = {},
): Promise<boolean> {
  return (
    (await trx('sharing_applications')
      .where({ id })
      .whereIn('status', from)
      .update({ ...fields, status: to })) > 0
  );
}

export async function markReminded(trx: Knex.Transaction, id: string): Promise<boolean> {
  return (
    (await trx('sharing_applications')
      .where({ id })
      .whereNull('reminded_at')
      .update({ reminded_at: trx.fn.now() })) > 0
  );
}

/** An active approval of the organisation for a service, with its entry's networks and matters' names. */
export interface ActiveApproval {
  id: string;
  entry_id: string;
  matters: string[];
  purpose: string;
  rate_per_minute: number;
  daily_quota: number;
  profiles: string[];
  networks: string[];
  entry_matters: { code: string; name: string }[];
}

/** The active approvals of the organisation that owns this client. */
export async function activeApprovals(
  db: Knex,
  clientId: string,
  service: SharingService,
): Promise<ActiveApproval[]> {
  return db('sharing_applications as a')
    .join('catalogue_entries as e', 'e.id', 'a.entry_id')
    .join('organisation_clients as c', 'c.organisation_id', 'a.organisation_id')
    .where({ 'c.client_id': clientId, 'a.status': 'active', 'e.service': service })
    .where('a.valid_until', '>', db.fn.now())
    .orderBy('a.decided_at')
    .select(
      'a.id',
      'a.entry_id',
      'a.matters',
      'a.purpose',
      'a.rate_per_minute',
      'a.daily_quota',
      'a.profiles',
      'e.networks',
      'e.matters as entry_matters',
    );
}
