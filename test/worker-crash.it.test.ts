/**
 * A worker killed (SIGKILL) while it is processing photos loses nothing: another worker finishes every case,
 * each exactly once (one set of photos, one `case.processed` audit event, an intact audit chain).
 * The workers are real `activities/main.ts` processes, as `npm start` runs them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, repoRoot } from '../config';
import { caseAuditTrail } from '../db/audit';
import { formatBlobKeyring } from '../db/blob-keys';
import { verifyAuditTrail } from '../db/audit-verify';
import { testKeys, testKeysDir } from './support/keys';
import { statusTraits, type CaseStatus } from '../domain/lifecycle';
import { startProcess, waitUntil, type ManagedProcess } from '../stack/process';
import { testEngineEnv } from '../stack/jest/test-env';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { tokenFor } from './support/tokens';

jest.setTimeout(240_000);

const config = loadConfig();
const facePaths = ['london_002_neutral.jpg', 'london_006_neutral.jpg', 'london_024_neutral.jpg'].map((f) =>
  path.join(config.TONGPAI_TESTDATA_DIR, 'faces-hr', f),
);
const captures = 6;

let service: CaptureService;
const workers: ManagedProcess[] = [];

beforeAll(async () => {
  service = await startCaptureService('crash');
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await service?.close();
});

/** Starts `activities/main.ts` on this file's database, blobs and task queue; resolves once it polls. */
async function startWorkerProcess(): Promise<ManagedProcess> {
  let polling = false;
  const output: string[] = [];
  const worker = startProcess(
    'worker',
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['activities/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: service.database.url,
        SIGNING_KEYS_DIR: testKeysDir(),
        TEMPORAL_ADDRESS: testEngineEnv('temporalAddress'),
        TEMPORAL_TASK_QUEUE: service.taskQueue,
        BLOB_DIR: service.testBlobs.dir,
        BLOB_STORE: 'file',
        BLOB_MASTER_KEYS: formatBlobKeyring(service.testBlobs.keyring),
        BLOB_MASTER_KEY_ID: service.testBlobs.keyring.currentKeyId,
        TONGPAI_MODELS_DIR: config.TONGPAI_MODELS_DIR,
        // What the assertions rely on, whatever the developer's shell says: the shipped profiles, two at once.
        TONGPAI_PROFILES_DIR: '',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '2',
      },
      sink: (_name, line) => {
        output.push(line);
        if (line.includes('worker polling task queue')) polling = true;
      },
    },
  );
  workers.push(worker);
  await waitUntil('the worker to poll', async () => polling, {
    timeoutMs: 90_000,
    intervalMs: 100,
    process: worker,
  }).catch((err: Error) => {
    throw new Error(`${err.message}:\n${output.join('\n')}`);
  });
  return worker;
}

async function capture(token: string, photo: Buffer, n: number): Promise<string> {
  const res = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    token,
    captureForm(photo, { personName: `崩溃测试${n}` }),
  );
  expect(res.status).toBe(202);
  return (res.body as { caseId: string }).caseId;
}

/** True once some workflow has a `processMaster` attempt running on a worker. */
async function processingStarted(caseIds: string[]): Promise<boolean> {
  for (const id of caseIds) {
    const { raw } = await service.temporal.client.workflow.getHandle(`photo-${id}`).describe();
    const pending = raw.pendingActivities ?? [];
    if (pending.some((a) => a.activityType?.name === 'processMaster' && a.lastStartedTime)) return true;
  }
  return false;
}

test('a worker killed mid-processing loses nothing: a second worker finishes every case exactly once', async () => {
  const token = await tokenFor('op.sh.pudong');
  const photos = await Promise.all(facePaths.map((p) => fs.readFile(p)));
  const caseIds: string[] = [];
  for (let n = 0; n < captures; n++) caseIds.push(await capture(token, photos[n % photos.length]!, n));

  const first = await startWorkerProcess();
  await waitUntil('processMaster to start', () => processingStarted(caseIds), {
    timeoutMs: 60_000,
    intervalMs: 25,
  });
  process.kill(-first.child.pid!, 'SIGKILL'); // its process group: tsx and the node process it runs
  await first.exited;

  const statuses = async () =>
    (await service.database.db('cases').whereIn('id', caseIds).select('status')).map(
      (r: { status: CaseStatus }) => r.status,
    );
  const settled = async () => (await statuses()).filter((s) => !statusTraits[s].active).length;
  expect(await settled()).toBeLessThan(captures);

  await startWorkerProcess();
  // Each case rests where its verdict sends it (issued, a review queue or a retake), none still processing.
  await waitUntil('every case to be processed and routed', async () => (await settled()) === captures, {
    timeoutMs: 120_000,
    intervalMs: 250,
  });

  let retried = 0;
  for (const id of caseIds) {
    const trail = await caseAuditTrail(service.database.db, id);
    expect(trail.map((e) => e.action).slice(0, 3)).toEqual([
      'case.captured',
      'case.processing',
      'case.processed',
    ]);
    expect(trail.filter((e) => e.action === 'case.processed')).toHaveLength(1);
    const photoRows: { profile_id: string; sha256: string }[] = await service.database
      .db('case_photos')
      .where({ case_id: id });
    expect(photoRows).toHaveLength(5);
    // The photos on record are the ones the audit event vouches for (one attempt wrote both).
    expect(Object.fromEntries(photoRows.map((p) => [p.profile_id, p.sha256]))).toEqual(trail[2]!.data.photos);
    for (const row of photoRows) expect(await service.testBlobs.blobs.has(row.sha256)).toBe(true);
    const history = await service.temporal.client.workflow.getHandle(`photo-${id}`).fetchHistory();
    // A retried activity's ActivityTaskStarted event carries the attempt that finally completed.
    if (history.events?.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1)) retried += 1;
  }
  // The attempt that was running when the worker died timed out and ran again on the second worker.
  expect(retried).toBeGreaterThanOrEqual(1);
  expect((await verifyAuditTrail(service.database.db, testKeys())).problem).toBeNull();
});
