/** Captures per station and China day over the last 30 days (today's are the last day's). */
import type { Knex } from 'knex';
import { capturesSince, chinaDay, chinaMidnightDaysAgo, chinaToday, type RegionScope } from './scope';

export const trendDays = 30;

export interface CaptureDayRow {
  station_id: string;
  day: string;
  captures: number;
}

/** One row per station and day with captures; `day` as YYYY-MM-DD. */
export async function capturesByStationAndDay(db: Knex, scope: RegionScope): Promise<CaptureDayRow[]> {
  const { rows } = await db.raw<{ rows: CaptureDayRow[] }>(
    `select x.station_id, to_char(${chinaDay('x.captured_at')}, 'YYYY-MM-DD') as day, count(*)::int as captures
      from ? x group by 1, 2`,
    [capturesSince(db, scope, chinaMidnightDaysAgo(trendDays - 1))],
  );
  return rows;
}

/** The days of the trend, oldest first, as the database's calendar in China Standard Time has them. */
export async function trendCalendar(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { day: string }[] }>(
    `select to_char(d, 'YYYY-MM-DD') as day
      from generate_series(${chinaToday} - ${trendDays - 1}, ${chinaToday}, interval '1 day') d order by d`,
  );
  return rows.map((r) => r.day);
}
