/**
 * Several workers against one Temporal server: three real worker processes (`activities/main.ts`, as the worker
 * image runs its replicas: a prebuilt workflow bundle, a health endpoint) share one task queue; twenty residents are captured through the API and one
 * worker is killed (SIGKILL) while it processes photos. Every case still reaches its final status exactly once:
 * one processing and one verdict in its audit trail, one set of photos, one issuance with one issued photo per
 * profile, and one receipt per upstream library.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, repoRoot } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { statusTraits, type CaseStatus } from '../domain/lifecycle';
import { upstreamTargets } from '../domain/upstream';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { freePort } from '../stack/jest/free-port';
import { waitUntil, type ManagedProcess } from '../stack/process';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { testKeys } from './support/keys';
import { closeActivityDeps, testSimulator } from './support/temporal';
import { tokenFor } from './support/tokens';
import {
  killWorkerProcess,
  runningPhotoWorkers,
  startWorkerProcess,
  upstreamEnv,
} from './support/worker-process';

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
let bundleDir: string;
const workers: ManagedProcess[] = [];
const healthPorts = new Map<ManagedProcess, number>();

beforeAll(async () => {
  service = await startCaptureService('workers');
  // The workflow bundle built once, as the worker image's build does (`npm run build:workflows`).
  bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'workflow-bundle-'));
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['activities/bundle-workflows.ts', path.join(bundleDir, 'workflow-bundle.js')],
    { cwd: repoRoot, stdio: 'pipe' },
  );
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await closeActivityDeps(); // the upstream simulator
  await service?.close();
  await fs.rm(bundleDir, { recursive: true, force: true });
});

const healthStatus = (worker: ManagedProcess) =>
  fetch(`http://127.0.0.1:${healthPorts.get(worker)}/readyz`).then(
    (res) => res.status,
    () => 'unreachable',
  );

/** One replica as the image runs it: the prebuilt bundle, a health endpoint of its own. */
async function startReplica(env: Record<string, string>): Promise<ManagedProcess> {
  const port = await freePort();
  const worker = await startWorkerProcess(service, {
    ...env,
    TONGPAI_WORKFLOW_BUNDLE: path.join(bundleDir, 'workflow-bundle.js'),
    WORKER_HTTP_PORT: String(port),
  });
  healthPorts.set(worker, port);
  // The endpoint answers 200 once the worker runs, a moment after its first poll is logged.
  await waitUntil('the worker to report healthy', async () => (await healthStatus(worker)) === 200, {
    timeoutMs: 10_000,
    intervalMs: 50,
  });
  return worker;
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
  workers.push(...(await Promise.all(Array.from({ length: workerCount }, () => startReplica(env)))));
  expect(await Promise.all(workers.map(healthStatus))).toEqual([200, 200, 200]);

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
  const survivors = workers.filter((w) => w !== victim);
  expect(await healthStatus(victim!)).toBe('unreachable');

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
  expect(await Promise.all(survivors.map(healthStatus))).toEqual([200, 200]);
  expect((await verifyAuditTrail(service.database.db, testKeys())).problem).toBeNull();
});
