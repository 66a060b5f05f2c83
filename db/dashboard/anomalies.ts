/**
 * The counts behind the anomalies list: cases resting where their workflow should have moved them, each
 * station's recent failures of each check with its own earlier rate and the other stations', and each
 * station's captures today against its earlier days, and each client's photo reads today against its earlier days. The rules that turn counts into alerts are domain/drift.ts.
 */
import type { Knex } from 'knex';
import { reviewStatuses, statusTraits, type CaseStatus } from '../../domain/lifecycle';
import {
  chinaDay,
  chinaMidnight,
  chinaMidnightDaysAgo,
  counted,
  qualityPeriodStart,
  scopedCases,
  type RegionScope,
} from './scope';

/** Statuses the worker moves on by itself: resting in one means the workflow is not running. */
const workingStatuses = Object.entries(statusTraits)
  .filter(([, traits]) => traits.active)
  .map(([status]) => status as CaseStatus);

export interface StuckCaseRow {
  id: string;
  status: CaseStatus;
  since: Date;
}

/**
 * Cases the workflow should have moved: in a working status longer than `stuckMinutes`, or past a timer the
 * workflow runs (the retake deadline; a review SLA not escalated) by more than that. Oldest first.
 */
export async function stuckCases(
  db: Knex,
  scope: RegionScope,
  stuckMinutes: number,
): Promise<StuckCaseRow[]> {
  const late = db.raw(`now() - make_interval(mins => ?)`, [stuckMinutes]);
  return scopedCases(db, scope)
    .where((qb) => {
      void qb
        .where((w) => void w.whereIn('status', workingStatuses).where('updated_at', '<', late))
        .orWhere((w) => void w.where('status', 'awaiting_retake').where('retake_deadline_at', '<', late))
        .orWhere(
          (w) =>
            void w.whereIn('status', reviewStatuses).whereNull('escalated_at').where('sla_due_at', '<', late),
        );
    })
    .select('id', 'status', db.raw('least(updated_at, retake_deadline_at, sla_due_at) as since'))
    .orderBy('since');
}

export interface CheckWindowRow {
  station_id: string;
  check_id: string;
  recent_failures: number;
  recent_attempts: number;
  baseline_failures: number;
  baseline_attempts: number;
  other_failures: number;
  other_attempts: number;
}

/**
 * For each station and check failed lately: failures and attempts in the last `spikeHours`, at the same
 * station before that (within the quality period), and at the other stations in scope in the same window.
 * From the hourly counters (`attempts_hourly`, `check_failures_hourly`; the attempts counted under the check
 * '') and, for the part of an hour where the window starts, the attempts themselves.
 */
export async function checkWindows(
  db: Knex,
  scope: RegionScope,
  spikeHours: number,
): Promise<CheckWindowRow[]> {
  const windowStart = db.raw(`now() - make_interval(hours => ?)`, [spikeHours]);
  /** The first whole hour of the window: the counters' buckets from there on are recent. */
  const wholeHoursFrom = db.raw(`dashboard_hour(? + interval '1 hour' - interval '1 microsecond')`, [
    windowStart,
  ]);
  const { rows } = await db.raw<{ rows: CheckWindowRow[] }>(
    `with hourly as (
        select station_id, coalesce(key[1], '') as check_id,
          coalesce(sum(n) filter (where bucket >= ?), 0) as recent, sum(n) as total
        from ? c group by 1, 2),
      part_hour as (
        select x.station_id, f.check_id, count(*) as recent
        from ? x cross join lateral unnest(array[''] || x.failed_checks) f(check_id) group by 1, 2),
      counts as (
        select station_id, check_id, coalesce(h.recent, 0) + coalesce(p.recent, 0) as recent,
          coalesce(h.total, 0) as total
        from hourly h full join part_hour p using (station_id, check_id)),
      per_station as (
        select station_id, recent::int as recent_attempts, (total - recent)::int as baseline_attempts
        from counts where check_id = ''),
      failures as (
        select station_id, check_id, recent::int as recent_failures, (total - recent)::int as baseline_failures
        from counts where check_id <> '')
      select f.station_id, f.check_id, f.recent_failures, p.recent_attempts, f.baseline_failures,
          p.baseline_attempts,
          (sum(f.recent_failures) over (partition by f.check_id) - f.recent_failures)::int as other_failures,
          ((select sum(recent_attempts) from per_station) - p.recent_attempts)::int as other_attempts
        from failures f join per_station p using (station_id)`,
    [
      wholeHoursFrom,
      db('dashboard_counts')
        .whereIn('figure', ['attempts_hourly', 'check_failures_hourly'])
        .where(scope)
        .where('bucket', '>=', db.raw(qualityPeriodStart)),
      db('attempt_outcomes')
        .where(scope)
        .where('captured_at', '>=', windowStart)
        .where('captured_at', '<', wholeHoursFrom),
    ],
  );
  return rows.filter((r) => r.recent_failures > 0);
}

/** A key's count today beside the mean and spread of its daily counts over the 28 days before. */
interface DailyVolumeRow {
  today: number;
  daily_mean: number;
  daily_stddev: number;
}
export type StationVolumeRow = DailyVolumeRow & { station_id: string };
export type ClientReadVolumeRow = DailyVolumeRow & { client_id: string };

const volumeDays = 28;

/**
 * Today's count of each key against its 28 days before, a day without a row counting 0: `perDay` answers
 * (key, day, n) with `day` a China midnight, `keys` (key) the keys to judge; the answer names the key `as`.
 */
const againstEarlierDays = (perDay: string, keys: string, as: string) =>
  `with per_day as (${perDay}), keys as (${keys}),
    earlier as (
      select k.key, coalesce(d.n, 0) as n
      from keys k
      cross join generate_series(${chinaMidnightDaysAgo(volumeDays)}, ${chinaMidnightDaysAgo(1)}, interval '1 day') g(day)
      left join per_day d on d.key = k.key and d.day = g.day)
    select e.key as "${as}", coalesce(max(t.n), 0)::int as today, avg(e.n)::float8 as daily_mean,
        stddev_pop(e.n)::float8 as daily_stddev
      from earlier e left join per_day t on t.key = e.key and t.day = ${chinaMidnight}
      group by e.key`;

/** Each station's captures today, and the mean and spread of its daily captures over the 28 days before. */
export async function stationVolumes(db: Knex, scope: RegionScope): Promise<StationVolumeRow[]> {
  const { rows } = await db.raw<{ rows: StationVolumeRow[] }>(
    againstEarlierDays(
      'select station_id as key, bucket as day, sum(n) as n from ? x group by 1, 2',
      'select id as key from ? s',
      'station_id',
    ),
    [
      counted(db, scope, 'captures', chinaMidnightDaysAgo(volumeDays)),
      db('stations').where(scope).select('id'),
    ],
  );
  return rows;
}

/**
 * Each client's photo reads today, and the mean and spread of its daily reads over the 28 days before: a third
 * party's grant reads (the counters, over the grants in scope) and a department's lookups answered (the metered
 * calls, which are the province's, as the interface is).
 */
export async function clientReadVolumes(db: Knex, scope: RegionScope): Promise<ClientReadVolumeRow[]> {
  const since = chinaMidnightDaysAgo(volumeDays);
  const { rows } = await db.raw<{ rows: ClientReadVolumeRow[] }>(
    againstEarlierDays(
      `select key, day, sum(n) as n from (
          select key[1] as key, bucket as day, n from ? x
          union all
          select client_id, ${chinaDay('minute')}, count from interface_calls
            where endpoint = 'lookup' and result = 'ok' and minute >= ${since}) reads
        group by 1, 2`,
      'select distinct key from per_day',
      'client_id',
    ),
    [counted(db, scope, 'grant_reads', since).select('key', 'bucket', 'n')],
  );
  return rows;
}
