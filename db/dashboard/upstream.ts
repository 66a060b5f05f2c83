/** Per upstream library, over the submissions of the cases in scope: delivered, backlog and failures. */
import type { Knex } from 'knex';
import type { UpstreamTarget } from '../../domain/upstream';
import { chinaMidnight, scopedCases, type RegionScope } from './scope';

export interface TargetFiguresRow {
  target: UpstreamTarget;
  delivered: number;
  delivered_today: number;
  pending: number;
  retrying: number;
  rejected: number;
  failures_in_window: number;
  last_error_at: Date | null;
  last_error: string | null;
}

export async function targetFigures(
  db: Knex,
  scope: RegionScope,
  failureWindowMinutes: number,
): Promise<TargetFiguresRow[]> {
  const { rows } = await db.raw<{ rows: TargetFiguresRow[] }>(
    `select s.target,
        count(*) filter (where s.state = 'delivered')::int as delivered,
        count(*) filter (where s.state = 'delivered' and s.updated_at >= ${chinaMidnight})::int as delivered_today,
        count(*) filter (where s.state = 'pending')::int as pending,
        count(*) filter (where s.state = 'retrying')::int as retrying,
        count(*) filter (where s.state = 'rejected' and s.closed_at is null)::int as rejected,
        count(*) filter (where s.state = 'retrying'
          and s.last_error_at >= now() - make_interval(mins => ?))::int as failures_in_window,
        max(s.last_error_at) filter (where s.state = 'retrying') as last_error_at
      from upstream_submissions s where s.case_id in ?
      group by s.target`,
    [failureWindowMinutes, scopedCases(db, scope).select('id')],
  );
  // The newest error of each library failing now: few rows, by the state index.
  const errors: { target: UpstreamTarget; last_error: string | null }[] = await db('upstream_submissions')
    .distinctOn('target')
    .where('state', 'retrying')
    .whereIn('case_id', scopedCases(db, scope).select('id'))
    .orderBy([{ column: 'target' }, { column: 'last_error_at', order: 'desc', nulls: 'last' }])
    .select('target', 'last_error');
  return rows.map((r) => ({
    ...r,
    last_error: errors.find((e) => e.target === r.target)?.last_error ?? null,
  }));
}
