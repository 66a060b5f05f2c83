/** The pipeline's verdicts over processed attempts in the last 30 days: by station, and failures by check. */
import type { Knex } from 'knex';
import { counted, qualityPeriodStart, total, type RegionScope } from './scope';

export interface VerdictCountRow {
  /** Null on the total row. */
  station_id: string | null;
  attempts: number;
  pass: number;
  review: number;
  retake: number;
}

/** One row per station, and the total (station_id null). The `outcomes` key is {verdict, sex, age band}. */
export async function verdictsByStation(db: Knex, scope: RegionScope): Promise<VerdictCountRow[]> {
  const { rows } = await db.raw<{ rows: VerdictCountRow[] }>(
    `select station_id, ${total()} as attempts, ${total(`key[1] = 'pass'`)} as pass,
        ${total(`key[1] = 'review'`)} as review, ${total(`key[1] = 'retake'`)} as retake
      from ? x
      group by grouping sets ((station_id), ()) having sum(n) > 0 order by station_id nulls first`,
    [counted(db, scope, 'outcomes', qualityPeriodStart)],
  );
  return rows;
}

export interface CheckFailureRow {
  check_id: string;
  failures: number;
}

/** Attempts failing each check (on any profile), most failures first. */
export async function failuresByCheck(db: Knex, scope: RegionScope): Promise<CheckFailureRow[]> {
  return counted(db, scope, 'check_failures', qualityPeriodStart)
    .groupByRaw('key[1]')
    .havingRaw('sum(n) > 0')
    .select(db.raw('key[1] as check_id'), db.raw(`${total()} as failures`))
    .orderBy([{ column: 'failures', order: 'desc' }, { column: 'check_id' }]);
}
