/**
 * A worker killed (SIGKILL) while it is processing photos loses nothing: another worker finishes every case,
 * each exactly once (one set of photos, one `case.processed` audit event, an intact audit chain).
 * The workers are real `activities/main.ts` processes, as `npm start` runs them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { testKeys } from './support/keys';
import { statusTraits, type CaseStatus } from '../domain/lifecycle';
import { waitUntil, type ManagedProcess } from '../stack/process';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { tokenFor } from './support/tokens';
import {
  killWorkerProcess,
  processingStarted,
  startWorkerProcess as startWorkerOn,
} from './support/worker-process';

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

async function startWorkerProcess(): Promise<ManagedProcess> {
  const worker = await startWorkerOn(service);
  workers.push(worker);
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

test('a worker killed mid-processing loses nothing: a second worker finishes every case exactly once', async () => {
  const token = await tokenFor('op.sh.pudong');
  const photos = await Promise.all(facePaths.map((p) => fs.readFile(p)));
  const caseIds: string[] = [];
  for (let n = 0; n < captures; n++) caseIds.push(await capture(token, photos[n % photos.length]!, n));

  const first = await startWorkerProcess();
  await waitUntil('processMaster to start', () => processingStarted(service, caseIds), {
    timeoutMs: 60_000,
    intervalMs: 25,
  });
  await killWorkerProcess(first);

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
