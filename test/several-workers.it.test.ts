/**
 * Several workers against one Temporal server: three real worker processes (`activities/main.ts`, as a
 * deployment runs its replicas) share one task queue; twenty residents are captured through the API and one
 * worker is killed (SIGKILL) while it processes photos. Every case still reaches its final status exactly once:
 * one processing and one verdict in its audit trail, one set of photos, one issuance with one issued photo per
 * profile, and one receipt per upstream library.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { statusTraits, type CaseStatus } from '../domain/lifecycle';
import { upstreamTargets } from '../domain/upstream';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { waitUntil, type ManagedProcess } from '../stack/process';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { testKeys } from './support/keys';
import { closeActivityDeps, simulatorTokens, testSimulator } from './support/temporal';
import { tokenFor } from './support/tokens';
import { killWorkerProcess, runningPhotoWorkers, startWorkerProcess } from './support/worker-process';

jest.setTimeout(420_000);

const config = loadConfig();
const faces = [
  'london_002_neutral.jpg',
  'london_006_neutral.jpg',
  'london_024_neutral.jpg',
  'london_034_neutral.jpg',
];
const captures = 20;
const workerCount = 3;

let service: CaptureService;
const workers: ManagedProcess[] = [];

beforeAll(async () => {
  service = await startCaptureService('workers');
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await closeActivityDeps(); // the upstream simulator
  await service?.close();
});

/** The workers deliver to this file's upstream simulator, never to one a developer's `npm start` runs. */
async function upstreamEnv(): Promise<Record<string, string>> {
  const simulator = await testSimulator();
  const env: Record<string, string> = {};
  for (const target of upstreamTargets) {
    const name = target.toUpperCase();
    env[`UPSTREAM_${name}_URL`] = simulator.targetUrl(target);
    env[`UPSTREAM_${name}_TOKEN`] = simulatorTokens[target];
  }
  return env;
}

/** The worker process whose `<pid>@<host>` identity this is: its pid's process group is the one we started. */
async function workerOfIdentity(identity: string): Promise<ManagedProcess | undefined> {
  const pid = Number(identity.split('@')[0]);
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const processGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  return workers.find((w) => w.child.pid === processGroup);
}

test('three workers on one task queue, one killed mid-load: every case reaches its final status exactly once', async () => {
  const env = await upstreamEnv();
  workers.push(
    ...(await Promise.all(Array.from({ length: workerCount }, () => startWorkerProcess(service, env)))),
  );

  const token = await tokenFor('op.sh.pudong');
  const photos = await Promise.all(
    faces.map((f) => fs.readFile(path.join(config.TONGPAI_TESTDATA_DIR, 'faces-hr', f))),
  );
  const idNumbers = residentIdNumbers();
  const caseIds: string[] = [];
  for (let n = 0; n < captures; n++) {
    const res = await apiCall(
      service.api.baseUrl,
      'POST',
      '/api/v1/captures',
      token,
      captureForm(photos[n % photos.length]!, {
        personName: `多工作者${n}`,
        idNumber: idNumbers.next().value!,
      }),
    );
    expect(res.status).toBe(202);
    caseIds.push((res.body as { caseId: string }).caseId);
  }

  // Kill a worker that is running a photo now, while most cases are still ahead.
  let victim: ManagedProcess | undefined;
  await waitUntil(
    'a worker to run a photo',
    async () => {
      for (const identity of await runningPhotoWorkers(service, caseIds))
        victim ??= await workerOfIdentity(identity);
      return victim !== undefined;
    },
    { timeoutMs: 90_000, intervalMs: 25 },
  );
  await killWorkerProcess(victim!);

  const statuses = async () =>
    (await service.database.db('cases').whereIn('id', caseIds).select('status')).map(
      (r: { status: CaseStatus }) => r.status,
    );
  expect((await statuses()).filter((s) => !statusTraits[s].active).length).toBeLessThan(captures);

  await waitUntil(
    'every case to reach its final status',
    async () => (await statuses()).every((s) => !statusTraits[s].active),
    { timeoutMs: 300_000, intervalMs: 500 },
  );
  // These faces pass: every case is issued without a person.
  expect(await statuses()).toEqual(Array(captures).fill('issued'));

  const delivered = async () =>
    Number(
      (
        await service.database
          .db('upstream_submissions')
          .whereIn('case_id', caseIds)
          .where({ state: 'delivered' })
          .count({ n: '*' })
      )[0]!.n,
    );
  await waitUntil('every submission to be delivered', async () => (await delivered()) === captures * 4, {
    timeoutMs: 120_000,
    intervalMs: 500,
  });

  const identities = new Set<string>();
  let retried = 0;
  for (const id of caseIds) {
    const actions = (await caseAuditTrail(service.database.db, id)).map((e) => e.action);
    const count = (action: string) => actions.filter((a) => a === action).length;
    expect([count('case.processing'), count('case.processed'), count('case.issued')]).toEqual([1, 1, 1]);
    expect(count('upstream.delivered')).toBe(upstreamTargets.length);
    expect(await service.database.db('case_photos').where({ case_id: id }).count({ n: '*' })).toEqual([
      { n: '5' },
    ]);
    const issued: { profile_id: string }[] = await service.database
      .db('issued_photos')
      .where({ case_id: id });
    expect(issued.length).toBeGreaterThan(0);
    expect(new Set(issued.map((p) => p.profile_id)).size).toBe(issued.length);
    const submissions = await service.database.db('upstream_submissions').where({ case_id: id });
    expect(submissions.map((s: { target: string }) => s.target).sort()).toEqual([...upstreamTargets].sort());

    const history = await service.temporal.client.workflow.getHandle(`photo-${id}`).fetchHistory();
    for (const event of history.events ?? []) {
      const started = event.activityTaskStartedEventAttributes;
      if (!started) continue;
      if (started.identity) identities.add(started.identity);
      if ((started.attempt ?? 1) > 1) retried += 1;
    }
  }
  // The simulator holds one receipt per case and library: no submission went out twice.
  const receipts = (await (await fetch(`${(await testSimulator()).url}/admin/submissions`)).json()) as {
    receipt: { caseId: string; target: string };
  }[];
  const ours = receipts.map((s) => s.receipt).filter((r) => caseIds.includes(r.caseId));
  expect(ours).toHaveLength(captures * upstreamTargets.length);
  expect(new Set(ours.map((r) => `${r.caseId}/${r.target}`)).size).toBe(ours.length);

  // The work was shared (activities finished on more than one worker), and what the killed worker held ran again.
  expect(identities.size).toBeGreaterThanOrEqual(2);
  expect(retried).toBeGreaterThanOrEqual(1);
  expect((await verifyAuditTrail(service.database.db, testKeys())).problem).toBeNull();
});
