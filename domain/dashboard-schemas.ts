/**
 * What the dashboard (驾驶舱) answers: every figure counted in SQL over the caller's scope (a region, or the
 * province), the anomalies found in them and the fairness monitoring. The console and the big screen import
 * only the types. docs/dashboard.md says what each figure means and what is not recorded.
 */
import { z } from 'zod';
import { clientKinds } from './sharing-terms';
import { upstreamTargets } from './upstream';
import { bilingualSchema } from './schemas';

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);
const instant = z.iso.datetime().nullable();

export const verdictCountsSchema = z
  .strictObject({
    attempts: count.describe('Processed attempts (first captures and retakes)'),
    pass: count,
    review: count,
    retake: count,
    passRate: rate,
    reviewRate: rate,
    retakeRate: rate,
  })
  .meta({ id: 'VerdictCounts', description: "The photo pipeline's verdicts over processed attempts" });
export type VerdictCounts = z.infer<typeof verdictCountsSchema>;

const stationStatusSchema = z.strictObject({
  id: z.string(),
  regionId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  online: z.boolean(),
  lastHeartbeatAt: instant,
  lastCaptureAt: instant,
  capturesToday: count,
});

const targetFiguresSchema = z.strictObject({
  target: z.enum(upstreamTargets),
  name: bilingualSchema,
  delivered: count.describe('Submissions the library acknowledged (all time)'),
  deliveredToday: count,
  backlog: count.describe('Pending or retrying submissions'),
  retrying: count,
  rejected: count.describe('Refused and not yet closed by an administrator (the manual queue)'),
  failuresInWindow: count.describe('Submissions whose last error is within the failure window'),
  lastErrorAt: instant,
});

const stuckAnomaly = z.strictObject({
  kind: z.literal('stuck_workflows'),
  count,
  oldestSince: z.iso.datetime(),
  byStatus: z.record(z.string(), count),
  caseIds: z.array(z.uuid()).describe('The oldest ten'),
});
const targetFailingAnomaly = z.strictObject({
  kind: z.literal('target_failing'),
  target: z.enum(upstreamTargets),
  name: bilingualSchema,
  failures: count,
  lastError: z.string().nullable(),
  lastErrorAt: instant,
});
const proportionSchema = z.strictObject({ failures: count, attempts: count });
const checkSpikeAnomaly = z.strictObject({
  kind: z.literal('check_spike'),
  stationId: z.string(),
  checkId: z.string(),
  recent: proportionSchema,
  baseline: proportionSchema.describe("The station's own earlier attempts"),
  others: proportionSchema.describe('The other stations in scope, same window'),
  z: z.array(z.number()).describe('One z per reference that had enough attempts'),
});
const unusualVolumeAnomaly = z.strictObject({
  kind: z.literal('unusual_volume'),
  stationId: z.string(),
  today: count,
  dailyMean: z.number(),
  dailyStddev: z.number(),
});
const unusualReadsAnomaly = z.strictObject({
  kind: z.literal('unusual_reads'),
  clientId: z.string().describe("A third party's or a department's client"),
  today: count.describe('Photos it read today: grant reads, or lookups answered'),
  dailyMean: z.number(),
  dailyStddev: z.number(),
});
const exchangeStalledAnomaly = z.strictObject({
  kind: z.literal('exchange_stalled'),
  pending: count.describe('Messages for the other network not yet delivered'),
  oldestSince: z.iso.datetime(),
  attempts: count.describe('Failed pushes of the message at the head, which holds the others back'),
  lastError: z.string().nullable().describe("The other side's answer, or the network error"),
});
export const anomalySchema = z
  .discriminatedUnion('kind', [
    stuckAnomaly,
    targetFailingAnomaly,
    checkSpikeAnomaly,
    unusualVolumeAnomaly,
    unusualReadsAnomaly,
    exchangeStalledAnomaly,
  ])
  .meta({ id: 'DashboardAnomaly' });
export type Anomaly = z.infer<typeof anomalySchema>;

export const fairnessDimensions = ['sex', 'ageBand', 'station'] as const;
export type FairnessDimension = (typeof fairnessDimensions)[number];
export const ageBands = ['0-17', '18-29', '30-44', '45-59', '60+'] as const;

const fairnessGroupSchema = z.strictObject({
  dimension: z.enum(fairnessDimensions),
  group: z.string().describe('male / female; an age band; a station id'),
  attempts: count,
  review: count,
  retake: count,
  reviewRate: rate,
  retakeRate: rate,
  reviewZ: z.number().nullable().describe('Against the rest of the whole; null below the minimum count'),
  retakeZ: z.number().nullable(),
});

const driftAlertSchema = z.strictObject({
  dimension: z.enum(fairnessDimensions),
  group: z.string(),
  measure: z.enum(['review', 'retake']),
  rate,
  restRate: rate,
  z: z.number(),
});

const sharingCountsSchema = z.strictObject({
  activeGrants: count.describe('Grants a client may still redeem (state active)'),
  grants: count.describe('Grants given, all time'),
  grantsToday: count,
  reads: count.describe('Photos read through grants, all time'),
  readsToday: count,
  revocations: count.describe('Grants revoked, all time'),
  revocationsToday: count,
});

const interfaceClientDaySchema = z.strictObject({
  clientId: z.string(),
  kind: z.enum(clientKinds),
  calls: count.describe('Calls since midnight, China Standard Time, whatever their answer'),
  errors: count.describe('Of them, answered with anything but ok'),
  averageLatencyMs: z.number().min(0).nullable(),
  maxLatencyMs: count.nullable(),
  lastCallAt: instant.describe('The minute of the latest call'),
});

export const dashboardSchema = z
  .strictObject({
    generatedAt: z.iso.datetime(),
    regionId: z.string().nullable().describe('The region the figures cover; null: every region'),
    settings: z.strictObject({
      onlineMinutes: count,
      stuckMinutes: count,
      failureWindowMinutes: count,
      spikeHours: count,
      qualityDays: count,
    }),
    stations: z.strictObject({ deployed: count, online: count, list: z.array(stationStatusSchema) }),
    captures: z.strictObject({
      today: count.describe('Captures (first and retakes) since midnight, China Standard Time'),
      trend: z.array(z.strictObject({ day: z.iso.date(), captures: count })).describe('The last 30 days'),
    }),
    quality: z.strictObject({
      overall: verdictCountsSchema,
      byStation: z.array(verdictCountsSchema.extend({ stationId: z.string() })),
      byCheck: z.array(
        z.strictObject({ checkId: z.string(), attempts: count, failures: count, failureRate: rate }),
      ),
    }),
    review: z.strictObject({
      backlog: count,
      inReview: count,
      awaitingSecondApproval: count,
      slaBreached: count.describe('Waiting past their SLA now'),
      escalated: count,
      oldestQueuedAt: instant,
    }),
    upstream: z.array(targetFiguresSchema),
    library: z.strictObject({
      issuedCases: count.describe('Cases whose photos are issued and current'),
      issuedPhotos: count.describe('Certified standard photos in force'),
      revocations: count,
      revocationsToday: count,
    }),
    sharing: sharingCountsSchema
      .extend({
        byClient: z
          .array(
            sharingCountsSchema.extend({
              clientId: z.string().nullable().describe('Null: grants any registered client may redeem'),
              name: z.string().nullable().describe('The name citizens read (third_party_clients)'),
            }),
          )
          .describe('Grants and revocations by the client the grant names, reads by the client that read'),
      })
      .describe('Citizens’ grants over the cases in scope, their reads and revocations'),
    interfaceCalls: z
      .array(interfaceClientDaySchema)
      .describe('Every external client’s calls today (the interface is the province’s: not per region)'),
    fairness: z.strictObject({
      groups: z.array(fairnessGroupSchema),
      unrecorded: count.describe(
        'Attempts whose ID number encodes no birth date or sex (not resident format)',
      ),
      alerts: z.array(driftAlertSchema),
    }),
    anomalies: z.array(anomalySchema),
  })
  .meta({ id: 'Dashboard', description: 'The 驾驶舱 figures over the caller’s scope' });
export type DashboardFigures = z.infer<typeof dashboardSchema>;

export const heartbeatBodySchema = z.strictObject({
  device: z.string().trim().max(200).optional().describe('What the station runs on, e.g. a camera model'),
});

export const heartbeatSchema = z
  .strictObject({
    stationId: z.string(),
    receivedAt: z.iso.datetime(),
    onlineUntil: z.iso.datetime().describe('Online until then without another heartbeat or capture'),
  })
  .meta({ id: 'StationHeartbeat' });
export type StationHeartbeat = z.infer<typeof heartbeatSchema>;
