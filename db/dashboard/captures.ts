/** Captures per station and China day over the last 30 days (today's are the last day's). */
import type { Knex } from 'knex';
import { chinaMidnight, chinaMidnightDaysAgo, counted, dayText, total, type RegionScope } from './scope';

export const trendDays = 30;

export interface CaptureDayRow {
  station_id: string;
  day: string;
  captures: number;
}

/** One row per station and day with captures; `day` as YYYY-MM-DD. */
export async function capturesByStationAndDay(db: Knex, scope: RegionScope): Promise<CaptureDayRow[]> {
  return counted(db, scope, 'captures', chinaMidnightDaysAgo(trendDays - 1))
    .groupBy('station_id', 'bucket')
    .havingRaw('sum(n) > 0')
    .select('station_id', db.raw(`${dayText('bucket')} as day`), db.raw(`${total()} as captures`));
}

/** The days of the trend, oldest first, as the database's calendar in China Standard Time has them. */
export async function trendCalendar(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { day: string }[] }>(
    `select ${dayText('d')} as day
      from generate_series(${chinaMidnightDaysAgo(trendDays - 1)}, ${chinaMidnight}, interval '1 day') d order by d`,
  );
  return rows.map((r) => r.day);
}
