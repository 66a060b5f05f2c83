/** Each of the dashboard's query modules alone (bench:scale and the dashboard's own benchmark time them). */
import type { Knex } from 'knex';
import { checkWindows, stationVolumes, stuckCases } from '../../db/dashboard/anomalies';
import { capturesByStationAndDay } from '../../db/dashboard/captures';
import { fairnessCounts } from '../../db/dashboard/fairness';
import { libraryFigures } from '../../db/dashboard/library';
import { failuresByCheck, verdictsByStation } from '../../db/dashboard/quality';
import { reviewFigures } from '../../db/dashboard/review';
import type { DashboardSettings, RegionScope } from '../../db/dashboard/scope';
import { sharingCounts } from '../../db/dashboard/sharing';
import { stationStatuses } from '../../db/dashboard/stations';
import { targetFigures } from '../../db/dashboard/upstream';
import { clientDays } from '../../db/interface-calls';
import { chinaMidnight } from '../../domain/china-day';

/** The API's defaults (config: STATION_ONLINE_MINUTES and the DASHBOARD_* settings). */
export const benchDashboardSettings: DashboardSettings = {
  onlineMinutes: 10,
  stuckMinutes: 30,
  failureWindowMinutes: 60,
  spikeHours: 24,
};

export const dashboardModules = (
  db: Knex,
  scope: RegionScope,
  settings = benchDashboardSettings,
): Record<string, () => Promise<unknown>> => ({
  stations: () => stationStatuses(db, scope, settings.onlineMinutes),
  captures: () => capturesByStationAndDay(db, scope),
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
});
