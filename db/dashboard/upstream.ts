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
        max(s.last_error_at) as last_error_at,
        (array_agg(s.last_error order by s.last_error_at desc nulls last))[1] as last_error
      from upstream_submissions s join ? c on c.id = s.case_id
      group by s.target`,
    [failureWindowMinutes, scopedCases(db, scope).select('id')],
  );
  return rows;
}
