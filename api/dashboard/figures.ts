/**
 * The dashboard's answer assembled from its query modules (db/dashboard/, one per figure, run together):
 * counts from SQL, shaped for the API, with the alert rules of domain/drift.ts applied to them.
 */
import type { Knex } from 'knex';
import {
  fairnessDimensions,
  type Anomaly,
  type DashboardFigures,
  type VerdictCounts,
} from '../../domain/dashboard-schemas';
import { comparableZ, fairnessRule, isSpike, isUnusualVolume } from '../../domain/drift';
import { upstreamTargetInfo, upstreamTargets } from '../../domain/upstream';
import type { OutboxBacklog } from '../../db/exchange';
import type { ClientDayRow } from '../../db/interface-calls';
import type { StuckCaseRow } from '../../db/dashboard/anomalies';
import type { FairnessRow } from '../../db/dashboard/fairness';
import type { VerdictCountRow } from '../../db/dashboard/quality';
import { dashboardRows } from '../../db/dashboard/queries';
import type { SharingCountRow } from '../../db/dashboard/sharing';
import { qualityDays, ratio, type DashboardSettings, type RegionScope } from '../../db/dashboard/scope';
import type { TargetFiguresRow } from '../../db/dashboard/upstream';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const verdictCounts = (r: Omit<VerdictCountRow, 'station_id'> | undefined): VerdictCounts => {
  const { attempts = 0, pass = 0, review = 0, retake = 0 } = r ?? {};
  return {
    attempts,
    pass,
    review,
    retake,
    passRate: ratio(pass, attempts),
    reviewRate: ratio(review, attempts),
    retakeRate: ratio(retake, attempts),
  };
};

function fairness(rows: FairnessRow[]): DashboardFigures['fairness'] {
  const totalOf = (dimension: FairnessRow['dimension']) => {
    const of = rows.filter((r) => r.dimension === dimension && r.grp !== null);
    return {
      attempts: of.reduce((a, r) => a + r.attempts, 0),
      review: of.reduce((a, r) => a + r.review, 0),
      retake: of.reduce((a, r) => a + r.retake, 0),
    };
  };
  const groups = fairnessDimensions.flatMap((dimension) => {
    // The whole a group is compared with: the attempts where the dimension is recorded.
    const whole = totalOf(dimension);
    return rows
      .filter((r) => r.dimension === dimension && r.grp !== null)
      .map((r) => {
        const z = (measure: 'review' | 'retake') =>
          comparableZ(
            { k: r[measure], n: r.attempts },
            { k: whole[measure] - r[measure], n: whole.attempts - r.attempts },
            fairnessRule,
          );
        return {
          dimension,
          group: r.grp!,
          attempts: r.attempts,
          review: r.review,
          retake: r.retake,
          reviewRate: ratio(r.review, r.attempts),
          retakeRate: ratio(r.retake, r.attempts),
          reviewZ: z('review'),
          retakeZ: z('retake'),
          restRate: {
            review: ratio(whole.review - r.review, whole.attempts - r.attempts),
            retake: ratio(whole.retake - r.retake, whole.attempts - r.attempts),
          },
        };
      })
      .sort((a, b) => a.group.localeCompare(b.group));
  });
  const alerts = groups.flatMap((g) =>
    (['review', 'retake'] as const).flatMap((measure) => {
      const z = measure === 'review' ? g.reviewZ : g.retakeZ;
      if (z === null || Math.abs(z) < fairnessRule.zThreshold) return [];
      const rate = measure === 'review' ? g.reviewRate : g.retakeRate;
      return [{ dimension: g.dimension, group: g.group, measure, rate, restRate: g.restRate[measure], z }];
    }),
  );
  return {
    groups: groups.map(({ restRate: _, ...g }) => g),
    unrecorded: rows.find((r) => r.dimension === 'sex' && r.grp === null)?.attempts ?? 0,
    alerts,
  };
}

const sharingFigures = (r: Omit<SharingCountRow, 'client_id' | 'name'>) => ({
  activeGrants: r.active_grants,
  grants: r.grants,
  grantsToday: r.grants_today,
  reads: r.reads,
  readsToday: r.reads_today,
  revocations: r.revocations,
  revocationsToday: r.revocations_today,
});

function sharing(rows: SharingCountRow[]): DashboardFigures['sharing'] {
  const sum = (key: keyof Omit<SharingCountRow, 'client_id' | 'name'>) =>
    rows.reduce((a, r) => a + r[key], 0);
  return {
    ...sharingFigures({
      active_grants: sum('active_grants'),
      grants: sum('grants'),
      grants_today: sum('grants_today'),
      reads: sum('reads'),
      reads_today: sum('reads_today'),
      revocations: sum('revocations'),
      revocations_today: sum('revocations_today'),
    }),
    byClient: rows.map((r) => ({ clientId: r.client_id, name: r.name, ...sharingFigures(r) })),
  };
}

const interfaceCalls = (rows: ClientDayRow[]): DashboardFigures['interfaceCalls'] =>
  rows
    .map((r) => ({
      clientId: r.client_id,
      kind: r.client_kind,
      calls: r.calls,
      errors: r.errors,
      averageLatencyMs: r.calls ? Math.round((r.latency_sum / r.calls) * 10) / 10 : null,
      maxLatencyMs: r.latency_max,
      lastCallAt: iso(r.last_minute),
    }))
    .sort((a, b) => b.calls - a.calls || a.clientId.localeCompare(b.clientId));

function stuckAnomaly(rows: StuckCaseRow[]): Anomaly[] {
  if (!rows.length) return [];
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return [
    {
      kind: 'stuck_workflows',
      count: rows.length,
      oldestSince: rows[0]!.since.toISOString(),
      byStatus,
      caseIds: rows.slice(0, 10).map((r) => r.id),
    },
  ];
}

const targetAnomalies = (rows: TargetFiguresRow[]): Anomaly[] =>
  rows
    .filter((r) => r.failures_in_window > 0)
    .map((r) => ({
      kind: 'target_failing',
      target: r.target,
      name: upstreamTargetInfo[r.target].name,
      failures: r.failures_in_window,
      lastError: r.last_error,
      lastErrorAt: iso(r.last_error_at),
    }));

/** The exchange with the other network held back by a message it refuses (or cannot be reached). */
const exchangeAnomalies = (outbox: OutboxBacklog): Anomaly[] =>
  outbox.pending && outbox.headAttempts && outbox.oldestCreatedAt
    ? [
        {
          kind: 'exchange_stalled',
          pending: outbox.pending,
          oldestSince: outbox.oldestCreatedAt.toISOString(),
          attempts: outbox.headAttempts,
          lastError: outbox.headError,
        },
      ]
    : [];

export async function dashboardFigures(
  db: Knex,
  scope: RegionScope,
  regionId: string | null,
  settings: DashboardSettings,
): Promise<DashboardFigures> {
  const {
    stations,
    captures: captureDays,
    calendar,
    verdicts,
    checks,
    review,
    upstream: targets,
    library,
    fairness: fair,
    stuck,
    checkWindows: windows,
    volumes,
    sharing: grants,
    interfaceCalls: calls,
    clientReads,
    exchange: outbox,
  } = await dashboardRows(db, scope, settings);
  const today = calendar[calendar.length - 1]!;
  const todayAt = (stationId: string) =>
    captureDays.find((r) => r.station_id === stationId && r.day === today)?.captures ?? 0;
  const overall = verdictCounts(verdicts.find((r) => r.station_id === null));

  const spikes: Anomaly[] = windows.flatMap((w) => {
    const { spike, z } = isSpike({ k: w.recent_failures, n: w.recent_attempts }, [
      { k: w.baseline_failures, n: w.baseline_attempts },
      { k: w.other_failures, n: w.other_attempts },
    ]);
    if (!spike) return [];
    const pair = (failures: number, attempts: number) => ({ failures, attempts });
    return [
      {
        kind: 'check_spike' as const,
        stationId: w.station_id,
        checkId: w.check_id,
        recent: pair(w.recent_failures, w.recent_attempts),
        baseline: pair(w.baseline_failures, w.baseline_attempts),
        others: pair(w.other_failures, w.other_attempts),
        z,
      },
    ];
  });
  const unusualVolumes: Anomaly[] = volumes
    .filter((v) => isUnusualVolume(v.today, { mean: v.daily_mean, stddev: v.daily_stddev }))
    .map((v) => ({
      kind: 'unusual_volume',
      stationId: v.station_id,
      today: v.today,
      dailyMean: v.daily_mean,
      dailyStddev: v.daily_stddev,
    }));

  const unusualReads: Anomaly[] = clientReads
    .filter((v) => isUnusualVolume(v.today, { mean: v.daily_mean, stddev: v.daily_stddev }))
    .map((v) => ({
      kind: 'unusual_reads',
      clientId: v.client_id,
      today: v.today,
      dailyMean: v.daily_mean,
      dailyStddev: v.daily_stddev,
    }));

  return {
    generatedAt: new Date().toISOString(),
    regionId,
    settings: { ...settings, qualityDays },
    stations: {
      deployed: stations.length,
      online: stations.filter((s) => s.online).length,
      list: stations.map((s) => ({
        id: s.id,
        regionId: s.region_id,
        nameZh: s.name_zh,
        nameEn: s.name_en,
        online: s.online,
        lastHeartbeatAt: iso(s.last_heartbeat_at),
        lastCaptureAt: iso(s.last_capture_at),
        capturesToday: todayAt(s.id),
      })),
    },
    captures: {
      today: captureDays.filter((r) => r.day === today).reduce((a, r) => a + r.captures, 0),
      trend: calendar.map((day) => ({
        day,
        captures: captureDays.filter((r) => r.day === day).reduce((a, r) => a + r.captures, 0),
      })),
    },
    quality: {
      overall,
      byStation: verdicts
        .filter((r) => r.station_id !== null)
        .map((r) => ({ stationId: r.station_id!, ...verdictCounts(r) })),
      byCheck: checks.map((c) => ({
        checkId: c.check_id,
        attempts: overall.attempts,
        failures: c.failures,
        failureRate: ratio(c.failures, overall.attempts),
      })),
    },
    review: {
      backlog: review.in_review + review.awaiting_second_approval,
      inReview: review.in_review,
      awaitingSecondApproval: review.awaiting_second_approval,
      slaBreached: review.sla_breached,
      escalated: review.escalated,
      oldestQueuedAt: iso(review.oldest_queued_at),
    },
    upstream: upstreamTargets.map((target) => {
      const r = targets.find((t) => t.target === target);
      return {
        target,
        name: upstreamTargetInfo[target].name,
        delivered: r?.delivered ?? 0,
        deliveredToday: r?.delivered_today ?? 0,
        backlog: (r?.pending ?? 0) + (r?.retrying ?? 0),
        retrying: r?.retrying ?? 0,
        rejected: r?.rejected ?? 0,
        failuresInWindow: r?.failures_in_window ?? 0,
        lastErrorAt: iso(r?.last_error_at ?? null),
      };
    }),
    library: {
      issuedCases: library.issued_cases,
      issuedPhotos: library.issued_photos,
      revocations: library.revocations,
      revocationsToday: library.revocations_today,
    },
    sharing: sharing(grants),
    interfaceCalls: interfaceCalls(calls),
    fairness: fairness(fair),
    anomalies: [
      ...stuckAnomaly(stuck),
      ...targetAnomalies(targets),
      ...spikes,
      ...unusualVolumes,
      ...unusualReads,
      ...exchangeAnomalies(outbox),
    ],
  };
}
