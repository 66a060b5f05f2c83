/**
 * npm run bench:lifecycle [-- --cases N] — the photo lifecycle's throughput and latency on a running stack
 * (a benchmark, not a test). N residents (id_card, faces that pass) are captured through the API as operator
 * op.sh.pudong and carried to `issued` on the auto-issue path by the stack's worker:
 *
 * - saturated: the N captures sent two at a time as fast as the API takes them; cases per second is N over the
 *   time from the first capture sent to the last case issued;
 * - half load: N/2 captures sent at half that rate, evenly spaced, for the latency of an unqueued case;
 * - ceiling: the photo pipeline alone in this process on the same photos, two at a time as the worker runs
 *   them (WORKER_MAX_CONCURRENT_ACTIVITIES), before the saturated phase and after it. The machine's speed
 *   drifts a quarter between hours, so throughput is reported as a ratio to the ceiling of the same run;
 * - engine ceiling: N empty lifecycles (the same activities, upserts and four child workflows, no work
 *   inside; ./engine-ceiling) on the same Temporal server, before and after, so that what the lifecycle costs
 *   beyond the photo is compared with what the engine itself costs on this machine.
 *
 * Times: a capture starts when this process sends it; the verdict is the `case.processed` audit entry's time
 * and issuance the `case.issued` entry's (written in the transaction that moves the case; same machine clock),
 * read from the database when DATABASE_URL is set. Otherwise GET /cases/:id is polled and the first time a
 * status is seen counts (coarser: the poll round's length is printed). With Temporal reachable, the
 * half-load cases' workflow histories say where the time goes.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { loadConfig } from '../../config';
import { createDb } from '../../db/knex';
import { createPhotoPipeline, defaultProfileIds } from '../../imaging';
import { tokenFor } from '../../test/support/tokens';
import { captureResident } from './capture-resident';
import { startEngineCeiling, type EngineCeiling } from './engine-ceiling';
import { historyBreakdown, printBreakdown, type CaseHistory } from './history';
import { residentIdNumbers } from './id-numbers';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: '200' } },
});
const caseCount = Number(args.cases);
const config = loadConfig();
const apiUrl = (process.env.TONGPAI_API_URL || `http://localhost:${config.API_PORT}`).replace(/\/$/, '');
const operator = 'op.sh.pudong';
const uploadsInFlight = 2;
const photosInFlight = config.WORKER_MAX_CONCURRENT_ACTIVITIES;
const faceFiles = [
  'london_002_neutral.jpg',
  'london_006_neutral.jpg',
  'london_024_neutral.jpg',
  'london_034_neutral.jpg',
  'london_062_neutral.jpg',
  'london_087_neutral.jpg',
  'london_107_neutral.jpg',
  'canada_045f.jpg',
];
const faces = faceFiles.map((f) => readFileSync(path.join(config.TONGPAI_TESTDATA_DIR, 'faces-hr', f)));

interface Tracked {
  caseId: string;
  sentAt: number;
  acceptedAt: number;
  processedAt?: number;
  issuedAt?: number;
  /** When the last of its upstream libraries answered with a receipt (with DATABASE_URL). */
  deliveredAt?: number;
  status?: string;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] ?? NaN;
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pipeline alone on the same photos, as many at once as the worker runs: photos per second, and the CPU
 * time this process spent per photo (the pipeline's own threads included).
 */
async function ceiling(photoCount: number): Promise<{ perSecond: number; cpuMsPerPhoto: number }> {
  const pipeline = await createPhotoPipeline({ modelsDir: config.TONGPAI_MODELS_DIR });
  try {
    const run = async (count: number) => {
      let next = 0;
      const lane = async () => {
        while (next < count) {
          const master = faces[next++ % faces.length]!;
          await pipeline.process(master, { profiles: [...defaultProfileIds] });
        }
      };
      await Promise.all(Array.from({ length: photosInFlight }, lane));
    };
    await run(faces.length); // warm-up: code paths, caches, the sessions' first runs
    const start = performance.now();
    const cpu = process.cpuUsage();
    await run(photoCount);
    const { user, system } = process.cpuUsage(cpu);
    return {
      perSecond: (1000 * photoCount) / (performance.now() - start),
      cpuMsPerPhoto: (user + system) / 1000 / photoCount,
    };
  } finally {
    await pipeline.close();
  }
}

async function capture(token: string, photo: Buffer, idNumber: string, index: number): Promise<Tracked> {
  const sentAt = Date.now();
  const caseId = await captureResident({
    apiUrl,
    token,
    photo,
    personName: `基准${index}`,
    idNumber,
    device: 'bench:lifecycle',
  });
  return { caseId, sentAt, acceptedAt: Date.now() };
}

/** Statuses at which an auto-issue case has gone as far as it will without a person. */
const settled = new Set(['issued', 'failed', 'in_review', 'awaiting_retake', 'rejected']);
const afterVerdict = new Set(['processed', 'approved', ...settled]);

/** Waits until every case has settled and fills in its verdict and issuance times. */
async function awaitSettled(db: Knex | undefined, token: () => Promise<string>, cases: Tracked[]) {
  const deadline = Date.now() + 60_000 + cases.length * 5_000;
  if (db) {
    const ids = cases.map((c) => c.caseId);
    for (;;) {
      const rows: { id: string; status: string }[] = await db('cases')
        .whereIn('id', ids)
        .select('id', 'status');
      if (rows.length === ids.length && rows.every((r) => settled.has(r.status))) {
        const byId = new Map(cases.map((c) => [c.caseId, c]));
        for (const r of rows) byId.get(r.id)!.status = r.status;
        const events: { case_id: string; action: string; at: Date }[] = await db('audit_events')
          .whereIn('case_id', ids)
          .whereIn('action', ['case.processed', 'case.issued'])
          .select('case_id', 'action', 'at');
        for (const e of events) {
          const tracked = byId.get(e.case_id)!;
          if (e.action === 'case.processed') tracked.processedAt = e.at.getTime();
          else tracked.issuedAt = e.at.getTime();
        }
        return;
      }
      if (Date.now() > deadline) throw new Error('cases did not settle in time');
      await sleep(500);
    }
  }
  // No database: poll the API; a status counts when first seen, so the poll round's length is the error.
  let rounds = 0;
  const started = Date.now();
  for (;;) {
    const open = cases.filter((c) => !c.status || !settled.has(c.status));
    if (!open.length) break;
    if (Date.now() > deadline) throw new Error('cases did not settle in time');
    const bearer = await token();
    await Promise.all(
      open.map(async (c) => {
        const res = await fetch(`${apiUrl}/api/v1/cases/${c.caseId}`, {
          headers: { authorization: `Bearer ${bearer}` },
        });
        const { status } = (await res.json()) as { status: string };
        const seen = Date.now();
        c.status = status;
        if (afterVerdict.has(status)) c.processedAt ??= seen;
        if (status === 'issued') c.issuedAt ??= seen;
      }),
    );
    rounds++;
  }
  console.log(`  (polled the API: ${((Date.now() - started) / rounds).toFixed(0)} ms per round)`);
}

interface PhaseResult {
  label: string;
  cases: Tracked[];
  /** Cases issued per second, first capture sent to last case issued. */
  perSecond: number;
}

function report({ label, cases, perSecond }: PhaseResult): void {
  const issued = cases.filter((c) => c.status === 'issued');
  const others = cases.length - issued.length;
  const verdict = issued.map((c) => c.processedAt! - c.sentAt);
  const issue = issued.map((c) => c.issuedAt! - c.sentAt);
  const accept = cases.map((c) => c.acceptedAt - c.sentAt);
  console.log(
    `\n${label}: ${cases.length} cases, ${issued.length} issued${others ? ` (${others} not: ${[...new Set(cases.map((c) => c.status))].join(', ')})` : ''}, ${perSecond.toFixed(2)} cases/s`,
  );
  const line = (name: string, values: number[]) =>
    console.log(
      `  ${name.padEnd(24)} p50 ${seconds(quantile(values, 0.5)).padStart(6)} s   p95 ${seconds(quantile(values, 0.95)).padStart(6)} s`,
    );
  line('capture accepted (202)', accept);
  line('capture -> verdict', verdict);
  line('capture -> issued', issue);
  const delivered = issued.filter((c) => c.deliveredAt).map((c) => c.deliveredAt! - c.sentAt);
  if (delivered.length) line('capture -> delivered (4)', delivered);
}

/**
 * Waits until every issued case's upstream submissions are delivered (the stack's background work is done, so
 * the ceiling after is measured on an idle stack) and records when each case's last receipt came.
 */
async function awaitDelivered(db: Knex, cases: Tracked[]): Promise<void> {
  const ids = cases.filter((c) => c.status === 'issued').map((c) => c.caseId);
  const deadline = Date.now() + 60_000 + ids.length * 5_000;
  for (;;) {
    const open = await db('upstream_submissions')
      .whereIn('case_id', ids)
      .whereIn('state', ['pending', 'retrying'])
      .count({ n: '*' });
    if (Number(open[0]!.n) === 0) break;
    if (Date.now() > deadline) throw new Error('submissions were not delivered in time');
    await sleep(500);
  }
  const delivered: { case_id: string; last: Date }[] = await db('upstream_submissions')
    .whereIn('case_id', ids)
    .where('state', 'delivered')
    .groupBy('case_id')
    .select('case_id', db.raw('max(updated_at) as last'));
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  for (const d of delivered) byId.get(d.case_id)!.deliveredAt = d.last.getTime();
}

function deliveredPerSecond(cases: Tracked[]): number | undefined {
  if (!cases.some((c) => c.deliveredAt)) return undefined;
  const first = Math.min(...cases.map((c) => c.sentAt));
  const last = Math.max(...cases.map((c) => c.deliveredAt ?? first));
  return (1000 * cases.filter((c) => c.deliveredAt).length) / (last - first);
}

function issuedPerSecond(cases: Tracked[]): number {
  const first = Math.min(...cases.map((c) => c.sentAt));
  const last = Math.max(...cases.map((c) => c.issuedAt ?? c.processedAt ?? first));
  return (1000 * cases.filter((c) => c.status === 'issued').length) / (last - first);
}

/** Sends `count` captures, `uploadsInFlight` at a time, or one every `intervalMs` when paced. */
async function submit(
  token: string,
  ids: Iterator<string>,
  count: number,
  intervalMs?: number,
): Promise<Tracked[]> {
  const sent: Promise<Tracked>[] = [];
  if (intervalMs) {
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      sent.push(capture(token, faces[i % faces.length]!, ids.next().value!, i));
    }
    return Promise.all(sent);
  }
  const done: Tracked[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      done.push(await capture(token, faces[i % faces.length]!, ids.next().value!, i));
    }
  };
  await Promise.all(Array.from({ length: uploadsInFlight }, lane));
  return done;
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, node ${process.version}, ${new Date().toISOString()}, load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  const databaseUrl = process.env.DATABASE_URL;
  console.log(
    `stack: API ${apiUrl}, Keycloak ${config.keycloakUrl}, times from ${databaseUrl ? 'the audit trail (DATABASE_URL)' : 'polling GET /cases/:id'}; ${caseCount} cases, ${photosInFlight} photos in flight in the ceiling`,
  );
  const db = databaseUrl ? createDb(databaseUrl) : undefined;
  const token = () => tokenFor(operator, { keycloakUrl: config.keycloakUrl });
  const ids = residentIdNumbers();
  const ceilingPhotos = Math.max(24, Math.round(caseCount / 4));

  const ceilingLine = (
    when: string,
    { perSecond, cpuMsPerPhoto }: { perSecond: number; cpuMsPerPhoto: number },
  ) =>
    console.log(
      `ceiling ${when}: ${perSecond.toFixed(2)} photos/s, ${cpuMsPerPhoto.toFixed(0)} ms CPU per photo (pipeline alone, ${ceilingPhotos} photos)`,
    );
  const engine = await startEngineCeiling(
    config.temporalAddress,
    config.TEMPORAL_NAMESPACE,
    config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  );
  const engineLine = (when: string, { perSecond, workerCpuMsPerCase }: EngineCeiling) =>
    console.log(
      `engine ceiling ${when}: ${perSecond.toFixed(2)} empty lifecycles/s, ${workerCpuMsPerCase.toFixed(0)} ms worker CPU per case (${caseCount} cases, 4 children each)`,
    );
  console.log('');
  const before = await ceiling(ceilingPhotos);
  ceilingLine('before', before);
  const engineBefore = await engine.run(caseCount);
  engineLine('before', engineBefore);
  const saturated = await submit(await token(), ids, caseCount);
  await awaitSettled(db, token, saturated);
  if (db) await awaitDelivered(db, saturated);
  const saturatedRate = issuedPerSecond(saturated);
  const after = await ceiling(ceilingPhotos);
  ceilingLine('after', after);
  const engineAfter = await engine.run(caseCount);
  engineLine('after', engineAfter);
  await engine.close();

  const halfRate = saturatedRate / 2;
  const halfCount = Math.max(10, Math.round(caseCount / 2));
  const half = await submit(await token(), ids, halfCount, 1000 / halfRate);
  await awaitSettled(db, token, half);
  if (db) await awaitDelivered(db, half);

  const phases: PhaseResult[] = [
    { label: 'saturated', cases: saturated, perSecond: saturatedRate },
    {
      label: `half load (one capture every ${seconds(1000 / halfRate)} s)`,
      cases: half,
      perSecond: issuedPerSecond(half),
    },
  ];
  phases.forEach(report);

  const ceilingRate = (before.perSecond + after.perSecond) / 2;
  const ratio = saturatedRate / ceilingRate;
  const halfVerdictP95 = quantile(
    half.filter((c) => c.processedAt).map((c) => c.processedAt! - c.sentAt),
    0.95,
  );
  const saturatedDelivered = deliveredPerSecond(saturated);
  const engineRate = (engineBefore.perSecond + engineAfter.perSecond) / 2;
  const percent = (value: number) => `${(100 * value).toFixed(0)} %`;
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  console.log('\n| figure | value | target |\n|---|---|---|');
  console.log(
    `| pipeline alone (ceiling, mean of before and after) | ${ceilingRate.toFixed(2)} photos/s | |`,
  );
  console.log(
    `| engine alone (empty lifecycles, mean of before and after) | ${engineRate.toFixed(2)} cases/s | |`,
  );
  console.log(`| lifecycle to issued, saturated | ${saturatedRate.toFixed(2)} cases/s | |`);
  console.log(`| ratio to issued | ${percent(ratio)} | >= 60 % ${verdict(ratio >= 0.6)} |`);
  if (saturatedDelivered !== undefined) {
    const deliveredRatio = saturatedDelivered / ceilingRate;
    // Per case at full throughput: what the lifecycle takes beyond the photo, against the empty lifecycle.
    const overheadMs = 1000 / saturatedDelivered - 1000 / ceilingRate;
    const engineMs = 1000 / engineRate;
    console.log(
      `| lifecycle to delivered at all four, saturated | ${saturatedDelivered.toFixed(2)} cases/s | |`,
    );
    console.log(
      `| ratio to delivered | ${percent(deliveredRatio)} | >= 60 % ${verdict(deliveredRatio >= 0.6)} |`,
    );
    console.log(
      `| orchestration per case (lifecycle minus pipeline) / empty lifecycle | ${overheadMs.toFixed(0)} / ${engineMs.toFixed(0)} ms = ${(overheadMs / engineMs).toFixed(2)}x | <= 2x ${verdict(overheadMs <= 2 * engineMs)} |`,
    );
  }
  console.log(
    `| capture -> verdict p95 at half load | ${seconds(halfVerdictP95)} s | <= 1.5 s ${verdict(halfVerdictP95 <= 1500)} |`,
  );

  try {
    const connection = await Connection.connect({ address: config.temporalAddress });
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const histories: CaseHistory[] = [];
    for (const c of half.filter((t) => t.status === 'issued'))
      histories.push({
        sentAt: c.sentAt,
        events: (await client.workflow.getHandle(`photo-${c.caseId}`).fetchHistory()).events ?? [],
      });
    printBreakdown(historyBreakdown(histories));
    await connection.close();
  } catch (err) {
    console.log(`\n(no workflow histories: ${(err as Error).message})`);
  }
  await db?.destroy();
}

void main();
