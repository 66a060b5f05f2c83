/** Captures per station and China day over the last 30 days (today's are the last day's). */
import type { Knex } from 'knex';
import {
  capturesSince,
  chinaDay,
  chinaMidnight,
  chinaMidnightDaysAgo,
  dayText,
  type RegionScope,
} from './scope';

export const trendDays = 30;

export interface CaptureDayRow {
  station_id: string;
  day: string;
  captures: number;
}

/** One row per station and day with captures; `day` as YYYY-MM-DD. */
export async function capturesByStationAndDay(db: Knex, scope: RegionScope): Promise<CaptureDayRow[]> {
  const { rows } = await db.raw<{ rows: CaptureDayRow[] }>(
    `select station_id, ${dayText('day')} as day, captures from (
        select x.station_id, ${chinaDay('x.captured_at')} as day, count(*)::int as captures from ? x group by 1, 2) d`,
    [capturesSince(db, scope, chinaMidnightDaysAgo(trendDays - 1))],
  );
  return rows;
}

/** The days of the trend, oldest first, as the database's calendar in China Standard Time has them. */
export async function trendCalendar(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { day: string }[] }>(
    `select ${dayText('d')} as day
      from generate_series(${chinaMidnightDaysAgo(trendDays - 1)}, ${chinaMidnight}, interval '1 day') d order by d`,
  );
  return rows.map((r) => r.day);
}
