/**
 * Processing that keeps failing for a reason other than the photo (here: the stored master is gone) is
 * retried as configured and then gives up: the case fails with `processing_failed`, a message the
 * operator can act on in both languages and an audit event, and its workflow completes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { testKeys } from './support/keys';
import { blobPath } from '../db/blob-store';
import type { CaseDetail } from '../domain/cases';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { activityDeps, closeActivityDeps, startWorker, type RunningWorker } from './support/temporal';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const facePath = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: CaptureService;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  service = await startCaptureService('gives-up', { processing: { attempts: 2, firstRetrySeconds: 1 } });
});

afterAll(async () => {
  await worker?.stop();
  await closeActivityDeps();
  await service?.close();
});

test('after its configured attempts the case fails with processing_failed, audited; the workflow completes', async () => {
  const { api, database, testBlobs, temporal, taskQueue } = service;
  const operator = await tokenFor('op.sh.pudong');
  const call = (method: string, url: string, body?: FormData) =>
    apiCall(api.baseUrl, method, url, operator, body);
  const accepted = await call('POST', '/api/v1/captures', captureForm(await fs.readFile(facePath)));
  expect(accepted.status).toBe(202);
  const { caseId } = accepted.body as { caseId: string };
  const shown = (await call('GET', `/api/v1/cases/${caseId}`)).body as CaseDetail;
  // No worker polls yet: the master goes missing before anything reads it.
  const { sha256 } = shown.master;
  await fs.rm(blobPath(testBlobs.dir, sha256));

  worker = await startWorker(taskQueue, await activityDeps(database.db, testBlobs.blobs));
  const result = await temporal.client.workflow.getHandle(`photo-${caseId}`).result();
  expect(result).toMatchObject({
    status: 'failed',
    failureReason: expect.stringMatching(/^processing failed 2 times: blob [0-9a-f]{64} is missing$/),
  });

  const failed = (await call('GET', `/api/v1/cases/${caseId}`)).body as CaseDetail;
  expect(failed).toMatchObject({
    status: 'failed',
    failureCode: 'processing_failed',
    failureMessage: { zh: expect.stringContaining('重新采集'), en: expect.stringContaining('capture again') },
    verdict: null,
    photos: [],
  });
  const trail = await caseAuditTrail(database.db, caseId);
  expect(trail.map((e) => e.action)).toEqual(['case.captured', 'case.processing', 'case.failed']);
  expect(trail.at(-1)!.data).toMatchObject({ code: 'processing_failed' });
  expect((await verifyAuditTrail(database.db, testKeys())).problem).toBeNull();
});
