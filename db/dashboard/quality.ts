/** The pipeline's verdicts over processed attempts in the last 30 days: by station, and failures by check. */
import type { Knex } from 'knex';
import { failedChecks, outcomesSince, type RegionScope } from './scope';

export interface VerdictCountRow {
  /** Null on the total row. */
  station_id: string | null;
  attempts: number;
  pass: number;
  review: number;
  retake: number;
}

/** One row per station, and the total (station_id null). */
export async function verdictsByStation(db: Knex, scope: RegionScope): Promise<VerdictCountRow[]> {
  const { rows } = await db.raw<{ rows: VerdictCountRow[] }>(
    `select x.station_id, count(*)::int as attempts,
        count(*) filter (where x.verdict = 'pass')::int as pass,
        count(*) filter (where x.verdict = 'review')::int as review,
        count(*) filter (where x.verdict = 'retake')::int as retake
      from ? x
      group by grouping sets ((x.station_id), ()) order by x.station_id nulls first`,
    [outcomesSince(db, scope)],
  );
  return rows;
}

export interface CheckFailureRow {
  check_id: string;
  failures: number;
}

/** Attempts failing each check (on any profile), most failures first. */
export async function failuresByCheck(db: Knex, scope: RegionScope): Promise<CheckFailureRow[]> {
  const { rows } = await db.raw<{ rows: CheckFailureRow[] }>(
    `select f.check_id, count(*)::int as failures
      from ? x ${failedChecks}
      group by f.check_id order by failures desc, f.check_id`,
    [outcomesSince(db, scope)],
  );
  return rows;
}
