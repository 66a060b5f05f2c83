/** The queues waiting for people or libraries, counted for the metrics scrape (indexed, grouped, cheap). */
import type { Knex } from 'knex';
import { reviewStatuses } from '../domain/lifecycle';

export interface ReviewBacklogRow {
  status: string;
  regionId: string;
  cases: number;
  /** Age of the longest-waiting case, seconds. */
  oldestSeconds: number;
}

export async function reviewBacklog(db: Knex): Promise<ReviewBacklogRow[]> {
  const rows: { status: string; region_id: string; cases: number; oldest: string | number | null }[] =
    await db('cases')
      .whereIn('status', reviewStatuses)
      .groupBy('status', 'region_id')
      .select(
        'status',
        'region_id',
        db.raw('count(*)::int as cases'),
        db.raw('coalesce(extract(epoch from now() - min(queued_at)), 0) as oldest'),
      );
  return rows.map((r) => ({
    status: r.status,
    regionId: r.region_id,
    cases: r.cases,
    oldestSeconds: Number(r.oldest),
  }));
}

/** Submissions not yet delivered: waiting, retrying after a failure, or rejected into the manual queue. */
export const upstreamBacklogStates = ['pending', 'retrying', 'rejected'] as const;

export async function upstreamBacklog(
  db: Knex,
): Promise<{ target: string; state: string; submissions: number }[]> {
  return db('upstream_submissions')
    .whereIn('state', upstreamBacklogStates)
    .groupBy('target', 'state')
    .select('target', 'state', db.raw('count(*)::int as submissions'));
}
