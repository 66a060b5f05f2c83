/**
 * What every dashboard query shares: the caller's scope over rows carrying a `region_id` (cases, stations),
 * the China Standard Time day the figures count in, and the captures relation (first captures and retakes).
 */
import type { Knex } from 'knex';

/** Restricts a query on a table with `region_id` to the caller's regions (api/auth/access-filter.ts). */
export type RegionScope = (qb: Knex.QueryBuilder) => void;

export interface DashboardSettings {
  /** A station is online when it captured or sent a heartbeat within this many minutes. */
  onlineMinutes: number;
  /** A case resting longer than this where the workflow should have moved it is stuck. */
  stuckMinutes: number;
  /** Upstream failures within this window make a target "failing". */
  failureWindowMinutes: number;
  /** The recent window a station's check failures are compared over. */
  spikeHours: number;
}

/** Days the quality figures, the fairness groups and the spike baselines look back. */
export const qualityDays = 30;

/** Midnight today in China Standard Time, as a timestamptz (so indexes on timestamps serve it). */
export const chinaMidnight = `(date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`;
export const chinaToday = `(now() at time zone 'Asia/Shanghai')::date`;
export const chinaDay = (column: string) => `(${column} at time zone 'Asia/Shanghai')::date`;
/** Midnight `days` days before today, China Standard Time. */
export const chinaMidnightDaysAgo = (days: number) =>
  `(${chinaMidnight} - interval '${Math.trunc(days)} days')`;

export const scopedCases = (db: Knex, scope: RegionScope) => db('cases').where(scope);

/**
 * Every capture in scope since `sinceSql` (a SQL timestamp expression): the current attempt of each case and
 * the earlier attempts a retake archived, with the station and, for processed ones, verdict and failing checks.
 * A case's own `captured_at` is its newest attempt's, so filtering cases on it first loses no older attempt.
 */
export function capturesSince(db: Knex, scope: RegionScope, sinceSql: string): Knex.Raw {
  return db.raw(
    `(select c.station_id, c.id_number, c.captured_at, c.verdict, c.quality_report -> 'failing' as failing
        from ? c where c.captured_at >= ${sinceSql}
      union all
      select c.station_id, c.id_number, a.captured_at, a.verdict, a.quality_report -> 'failing'
        from case_attempts a join ? c on c.id = a.case_id
        where c.captured_at >= ${sinceSql} and a.captured_at >= ${sinceSql})`,
    [scopedCases(db, scope), scopedCases(db, scope)],
  );
}

/** The distinct checks an attempt's `failing` list names (a check fails once per attempt, whatever profile). */
export const failedChecks = `cross join lateral (
  select distinct e ->> 'id' as check_id from jsonb_array_elements(coalesce(x.failing, '[]'::jsonb)) e) f`;

export const ratio = (k: number, n: number) => (n ? k / n : 0);
