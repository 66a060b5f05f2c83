/**
 * What every dashboard query shares: the caller's scope over rows carrying a `region_id` (cases, stations,
 * counters), the China Standard Time day the figures count in, and the counters the figures are read from.
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
 * The counters of one figure in scope (`dashboard_counts`, kept by the triggers of migration 0019: the figure's
 * dimensions are its `key`, listed there), from `sinceSql` (a SQL timestamp expression) when given.
 */
export function counted(db: Knex, scope: RegionScope, figure: string, sinceSql?: string): Knex.QueryBuilder {
  const query = db('dashboard_counts').where({ figure }).where(scope);
  return sinceSql ? query.where('bucket', '>=', db.raw(sinceSql)) : query;
}

/** The start of the quality period (30 China days, today included). */
export const qualityPeriodStart = chinaMidnightDaysAgo(qualityDays - 1);

/** A sum of counters as an integer, 0 when none match (`filter`: a SQL condition on them). */
export const total = (filter?: string) =>
  `coalesce(sum(n)${filter ? ` filter (where ${filter})` : ''}, 0)::int`;

export const ratio = (k: number, n: number) => (n ? k / n : 0);
