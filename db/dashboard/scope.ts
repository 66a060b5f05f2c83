/**
 * What every dashboard query shares: the caller's scope over rows carrying a `region_id` (cases, stations,
 * attempt outcomes), the China Standard Time day the figures count in, the captures (first and retakes) and
 * the processed attempts' outcomes.
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

/**
 * China Standard Time has no daylight saving, so a China day is a fixed 24 hours from a midnight at +08:00:
 * `date_bin` finds a timestamp's day by arithmetic, where `at time zone` would look the zone up for every row
 * (measured: most of a 50,000-row scan's time). Today's midnight is a scalar subquery, computed once per query
 * rather than once per row filtered.
 */
const chinaMidnightOrigin = `timestamptz '2000-01-01 00:00:00+08'`;
/** The China day a timestamp falls in, as the timestamptz of that day's midnight. */
export const chinaDay = (column: string) => `date_bin('1 day', ${column}, ${chinaMidnightOrigin})`;
/** Midnight today in China Standard Time, as a timestamptz (so indexes on timestamps serve it). */
export const chinaMidnight = `(select ${chinaDay('now()')})`;
/** Midnight `days` days before today, China Standard Time. */
export const chinaMidnightDaysAgo = (days: number) =>
  `(${chinaMidnight} - interval '${Math.trunc(days)} days')`;
/** A day's midnight (from chinaDay) as YYYY-MM-DD. */
export const dayText = (midnight: string) =>
  `to_char(${midnight} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

export const scopedCases = (db: Knex, scope: RegionScope) => db('cases').where(scope);

/**
 * Every capture in scope since `sinceSql` (a SQL timestamp expression), processed or not: the current attempt
 * of each case and the earlier attempts a retake archived. A case's own `captured_at` is its newest attempt's,
 * so filtering cases on it first loses no older attempt.
 */
export function capturesSince(db: Knex, scope: RegionScope, sinceSql: string): Knex.Raw {
  return db.raw(
    `(select c.station_id, c.captured_at from ? c where c.captured_at >= ${sinceSql}
      union all
      select c.station_id, a.captured_at from case_attempts a join ? c on c.id = a.case_id
        where c.captured_at >= ${sinceSql} and a.captured_at >= ${sinceSql})`,
    [scopedCases(db, scope), scopedCases(db, scope)],
  );
}

/**
 * Processed attempts in scope over the quality period: station, time, verdict, the checks that failed, and
 * the sex and age band from the ID number (`attempt_outcomes`, kept by triggers: see migration 0013).
 */
export const outcomesSince = (db: Knex, scope: RegionScope) =>
  db('attempt_outcomes')
    .where(scope)
    .where('captured_at', '>=', db.raw(chinaMidnightDaysAgo(qualityDays - 1)));

/** One row per check an attempt failed (on any profile, once per attempt). */
export const failedChecks = `cross join lateral unnest(x.failed_checks) f(check_id)`;

export const ratio = (k: number, n: number) => (n ? k / n : 0);
