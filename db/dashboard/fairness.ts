/**
 * Review and retake rates by the groups the record allows: sex and age band, read from the resident ID
 * number (GB 11643: birth date in digits 7–14, sex in digit 17, odd for men) at the time of the capture, and
 * station. Other identity numbers (passports, permits) encode neither: those attempts are counted apart.
 */
import type { Knex } from 'knex';
import { processedSince } from './quality';
import type { RegionScope } from './scope';

export interface FairnessRow {
  dimension: 'sex' | 'ageBand' | 'station' | 'all';
  /** Null for the whole, and for the sex of attempts without a resident ID (unrecorded). */
  grp: string | null;
  attempts: number;
  review: number;
  retake: number;
}

const residentId = `x.id_number ~ '^[0-9]{17}[0-9Xx]$'`;
const sex = `case when ${residentId} then
    case when substr(x.id_number, 17, 1)::int % 2 = 1 then 'male' else 'female' end end`;
const localCapture = `(x.captured_at at time zone 'Asia/Shanghai')`;
/** Whole years at the capture: the birthday this year counts once reached (compared as MMDD text). */
const age = `extract(year from ${localCapture})::int - substr(x.id_number, 7, 4)::int
    - case when to_char(${localCapture}, 'MMDD') < substr(x.id_number, 11, 4) then 1 else 0 end`;
const ageBand = `case when ${residentId} then case
    when ${age} < 18 then '0-17' when ${age} < 30 then '18-29' when ${age} < 45 then '30-44'
    when ${age} < 60 then '45-59' else '60+' end end`;

/** Counts per sex (null: unrecorded), age band and station, and the whole (`all`). */
export async function fairnessCounts(db: Knex, scope: RegionScope): Promise<FairnessRow[]> {
  const { rows } = await db.raw<{ rows: FairnessRow[] }>(
    `with g as (
        select x.station_id, x.verdict, ${sex} as sex, ${ageBand} as age_band from ? x where x.verdict is not null)
      select case when grouping(sex) = 0 then 'sex'
          when grouping(age_band) = 0 then 'ageBand' when grouping(station_id) = 0 then 'station'
          else 'all' end as dimension,
        coalesce(sex, age_band, station_id) as grp, count(*)::int as attempts,
        count(*) filter (where verdict = 'review')::int as review,
        count(*) filter (where verdict = 'retake')::int as retake
      from g group by grouping sets ((sex), (age_band), (station_id), ())`,
    [processedSince(db, scope)],
  );
  // A null age band is the same attempts as a null sex (the same condition): counted once.
  return rows.filter((r) => !(r.dimension === 'ageBand' && r.grp === null));
}
