/** The headline figures both pages show first, in order: what each tile says, from the server's counts. */
import type { DashboardFigures } from '../../../domain/dashboard-schemas';

export interface Kpi {
  /** i18n key under tongpai.dashboard.kpi */
  id: string;
  value: string;
  /** A second line (i18n key under tongpai.dashboard.kpi_detail, with its values). */
  detail?: { id: string; values: Record<string, number | string> };
  /** Shown as a warning (something is wrong now). */
  alert?: boolean;
}

export function kpis(f: DashboardFigures): Kpi[] {
  const upstreamBacklog = f.upstream.reduce((a, t) => a + t.backlog, 0);
  const upstreamFailing = f.upstream.filter((t) => t.failuresInWindow > 0).length;
  return [
    {
      id: 'stations_online',
      value: `${f.stations.online} / ${f.stations.deployed}`,
      detail: { id: 'online_window', values: { minutes: f.settings.onlineMinutes } },
    },
    { id: 'captures_today', value: String(f.captures.today) },
    {
      id: 'review_backlog',
      value: String(f.review.backlog),
      detail: { id: 'sla_breached', values: { count: f.review.slaBreached } },
      alert: f.review.slaBreached > 0,
    },
    {
      id: 'library',
      value: String(f.library.issuedPhotos),
      detail: { id: 'issued_cases', values: { count: f.library.issuedCases } },
    },
    {
      id: 'upstream_backlog',
      value: String(upstreamBacklog),
      detail: { id: 'targets_failing', values: { count: upstreamFailing } },
      alert: upstreamFailing > 0,
    },
    {
      id: 'revocations',
      value: String(f.library.revocations),
      detail: { id: 'today', values: { count: f.library.revocationsToday } },
    },
    { id: 'anomalies', value: String(f.anomalies.length), alert: f.anomalies.length > 0 },
  ];
}
