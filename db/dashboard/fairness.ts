/**
 * Review and retake rates by the groups the record allows: sex and age band, read from the resident ID
 * number (GB 11643: birth date in digits 7–14, sex in digit 17, odd for men) at the time of the capture (by
 * the SQL functions of migration 0013), and station. Other identity numbers (passports, permits) encode
 * neither: those attempts are counted apart.
 */
import type { Knex } from 'knex';
import { counted, qualityPeriodStart, total, type RegionScope } from './scope';

export interface FairnessRow {
  dimension: 'sex' | 'ageBand' | 'station' | 'all';
  /** Null for the whole, and for the sex of attempts without a resident ID (unrecorded). */
  grp: string | null;
  attempts: number;
  review: number;
  retake: number;
}

/** Counts per sex (null: unrecorded), age band and station, and the whole (`all`), from the `outcomes` counters. */
export async function fairnessCounts(db: Knex, scope: RegionScope): Promise<FairnessRow[]> {
  const { rows } = await db.raw<{ rows: FairnessRow[] }>(
    `select case when grouping(sex) = 0 then 'sex'
          when grouping(age_band) = 0 then 'ageBand' when grouping(station_id) = 0 then 'station'
          else 'all' end as dimension,
        coalesce(sex, age_band, station_id) as grp, ${total()} as attempts,
        ${total(`verdict = 'review'`)} as review, ${total(`verdict = 'retake'`)} as retake
      from (select station_id, key[1] as verdict, key[2] as sex, key[3] as age_band, n from ? c) g
      group by grouping sets ((sex), (age_band), (station_id), ()) having sum(n) > 0`,
    [counted(db, scope, 'outcomes', qualityPeriodStart)],
  );
  // A null age band is the same attempts as a null sex (the same condition): counted once.
  return rows.filter((r) => !(r.dimension === 'ageBand' && r.grp === null));
}
