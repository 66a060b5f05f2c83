/**
 * Every query the dashboard's answer is made from, by name: run together for the answer (api/dashboard/
 * figures.ts) and one at a time by the benchmarks (bench:scale, the dashboard's own).
 */
import type { Knex } from 'knex';
import { chinaMidnight } from '../../domain/china-day';
import { outboxBacklog } from '../exchange';
import { clientDays } from '../interface-calls';
import { checkWindows, clientReadVolumes, stationVolumes, stuckCases } from './anomalies';
import { capturesByStationAndDay, trendCalendar } from './captures';
import { fairnessCounts } from './fairness';
import { libraryFigures } from './library';
import { failuresByCheck, verdictsByStation } from './quality';
import { reviewFigures } from './review';
import type { DashboardSettings, RegionScope } from './scope';
import { sharingCounts } from './sharing';
import { stationStatuses } from './stations';
import { targetFigures } from './upstream';

export const dashboardQueries = (db: Knex, scope: RegionScope, settings: DashboardSettings) => ({
  stations: () => stationStatuses(db, scope, settings.onlineMinutes),
  captures: () => capturesByStationAndDay(db, scope),
  calendar: () => trendCalendar(db),
  verdicts: () => verdictsByStation(db, scope),
  checks: () => failuresByCheck(db, scope),
  review: () => reviewFigures(db, scope),
  upstream: () => targetFigures(db, scope, settings.failureWindowMinutes),
  library: () => libraryFigures(db, scope),
  fairness: () => fairnessCounts(db, scope),
  stuck: () => stuckCases(db, scope, settings.stuckMinutes),
  checkWindows: () => checkWindows(db, scope, settings.spikeHours),
  volumes: () => stationVolumes(db, scope),
  sharing: () => sharingCounts(db, scope),
  interfaceCalls: () => clientDays(db, chinaMidnight()),
  clientReads: () => clientReadVolumes(db, scope),
  exchange: () => outboxBacklog(db),
});

type Queries = ReturnType<typeof dashboardQueries>;
export type DashboardRows = { [K in keyof Queries]: Awaited<ReturnType<Queries[K]>> };

/** Every query at once. */
export async function dashboardRows(
  db: Knex,
  scope: RegionScope,
  settings: DashboardSettings,
): Promise<DashboardRows> {
  const queries = Object.entries(dashboardQueries(db, scope, settings));
  const rows = await Promise.all(queries.map(async ([name, query]) => [name, await query()] as const));
  return Object.fromEntries(rows) as DashboardRows;
}
