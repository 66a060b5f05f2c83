/** Per upstream library, over the submissions of the cases in scope: delivered, backlog and failures. */
import type { Knex } from 'knex';
import { upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { chinaMidnight, total, type RegionScope } from './scope';

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
 * The counts by state from the `submissions` counters (key {target, state}; a rejected one until it is closed
 * by hand) and today's deliveries from `delivered_daily`; the submissions failing now from the partial index
 * on retrying submissions (migration 0019), each looked up in scope through its case.
 */
export async function targetFigures(
  db: Knex,
  scope: RegionScope,
  failureWindowMinutes: number,
): Promise<TargetFiguresRow[]> {
  const counts = db('dashboard_counts')
    .where(scope)
    .where((q) => {
      void q
        .where('figure', 'submissions')
        .orWhere(
          (today) => void today.where('figure', 'delivered_daily').where('bucket', db.raw(chinaMidnight)),
        );
    })
    .groupByRaw('key[1]')
    .select(
      db.raw('key[1] as target'),
      ...(['delivered', 'pending', 'retrying', 'rejected'] as const).map((state) =>
        db.raw(`${total(`figure = 'submissions' and key[2] = '${state}'`)} as ${state}`),
      ),
      db.raw(`${total(`figure = 'delivered_daily'`)} as delivered_today`),
    ) as Promise<Omit<TargetFiguresRow, 'failures_in_window' | 'last_error_at' | 'last_error'>[]>;
  const retrying = (target: UpstreamTarget) =>
    db('upstream_submissions as s')
      .where({ 's.state': 'retrying', 's.target': target })
      .whereExists(db('cases').where(scope).whereRaw('cases.id = s.case_id').select(db.raw('1')));
  const failing = Promise.all(
    upstreamTargets.map(async (target) => {
      const [newest, window] = await Promise.all([
        retrying(target)
          .orderByRaw('s.last_error_at desc nulls last')
          .first('s.last_error_at', 's.last_error') as Promise<
          { last_error_at: Date | null; last_error: string | null } | undefined
        >,
        retrying(target)
          .where('s.last_error_at', '>=', db.raw('now() - make_interval(mins => ?)', [failureWindowMinutes]))
          .first(db.raw('count(*)::int as failures')) as Promise<{ failures: number }>,
      ]);
      return { target, failures: window.failures, newest };
    }),
  );
  const [byState, failures] = await Promise.all([counts, failing]);
  return byState.map((r) => {
    const f = failures.find((x) => x.target === r.target);
    return {
      ...r,
      failures_in_window: f?.failures ?? 0,
      last_error_at: f?.newest?.last_error_at ?? null,
      last_error: f?.newest?.last_error ?? null,
    };
  });
}
