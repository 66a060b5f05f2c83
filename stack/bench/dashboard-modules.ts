/** The dashboard's settings the benchmarks time its queries with (db/dashboard/queries.ts). */
import type { DashboardSettings } from '../../db/dashboard/scope';

/** The API's defaults (config: STATION_ONLINE_MINUTES and the DASHBOARD_* settings). */
export const benchDashboardSettings: DashboardSettings = {
  onlineMinutes: 10,
  stuckMinutes: 30,
  failureWindowMinutes: 60,
  spikeHours: 24,
};
