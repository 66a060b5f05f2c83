/** Per upstream library, over the submissions of the cases in scope: delivered, backlog and failures. */
import type { Knex } from 'knex';
import type { UpstreamTarget } from '../../domain/upstream';
import { chinaMidnight, scopedCases, total, type RegionScope } from './scope';

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

/**
 * Deliveries from the `delivered` and `delivered_daily` counters (key {target}): they grow without bound. The
 * backlog and the failures from the submissions still open (by the state index), with their cases in scope.
 */
export async function targetFigures(
  db: Knex,
  scope: RegionScope,
  failureWindowMinutes: number,
): Promise<TargetFiguresRow[]> {
  const open = () =>
    db('upstream_submissions as s')
      .whereIn('s.state', ['pending', 'retrying', 'rejected'])
      .whereExists(scopedCases(db, scope).whereRaw('cases.id = s.case_id').select(db.raw('1')));
  const [delivered, backlog, errors] = await Promise.all([
    db('dashboard_counts')
      .where(scope)
      .where((q) => {
        void q
          .where('figure', 'delivered')
          .orWhere(
            (today) => void today.where('figure', 'delivered_daily').where('bucket', db.raw(chinaMidnight)),
          );
      })
      .groupByRaw('key[1]')
      .select(
        db.raw('key[1] as target'),
        db.raw(`${total(`figure = 'delivered'`)} as delivered`),
        db.raw(`${total(`figure = 'delivered_daily'`)} as delivered_today`),
      ) as Promise<{ target: UpstreamTarget; delivered: number; delivered_today: number }[]>,
    open()
      .groupBy('s.target')
      .select(
        's.target',
        db.raw(`count(*) filter (where s.state = 'pending')::int as pending`),
        db.raw(`count(*) filter (where s.state = 'retrying')::int as retrying`),
        db.raw(`count(*) filter (where s.state = 'rejected' and s.closed_at is null)::int as rejected`),
        db.raw(
          `count(*) filter (where s.state = 'retrying'
            and s.last_error_at >= now() - make_interval(mins => ?))::int as failures_in_window`,
          [failureWindowMinutes],
        ),
        db.raw(`max(s.last_error_at) filter (where s.state = 'retrying') as last_error_at`),
      ) as Promise<Omit<TargetFiguresRow, 'delivered' | 'delivered_today' | 'last_error'>[]>,
    // The newest error of each library failing now.
    open()
      .where('s.state', 'retrying')
      .distinctOn('s.target')
      .orderBy([{ column: 's.target' }, { column: 's.last_error_at', order: 'desc', nulls: 'last' }])
      .select('s.target', 's.last_error') as Promise<{ target: UpstreamTarget; last_error: string | null }[]>,
  ]);
  const targets = [...new Set([...delivered, ...backlog].map((r) => r.target))];
  return targets.map((target) => {
    const d = delivered.find((r) => r.target === target);
    const b = backlog.find((r) => r.target === target);
    return {
      target,
      delivered: d?.delivered ?? 0,
      delivered_today: d?.delivered_today ?? 0,
      pending: b?.pending ?? 0,
      retrying: b?.retrying ?? 0,
      rejected: b?.rejected ?? 0,
      failures_in_window: b?.failures_in_window ?? 0,
      last_error_at: b?.last_error_at ?? null,
      last_error: errors.find((e) => e.target === target)?.last_error ?? null,
    };
  });
}
