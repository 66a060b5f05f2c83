/**
 * Submissions to the upstream libraries on the real stack (API, Temporal, PostgreSQL, the pipeline) against
 * the upstream simulator started in this process: an issued case reaches all four libraries, one receipt
 * each, shown on the case; running a submission again sends it again and gets the same receipt, stored once;
 * an outage recorded as retrying with its error, then delivered; a submission that cannot be made rejected.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../activities';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import type { UpstreamSubmission } from '../domain/schemas';
import { upstreamTargets } from '../domain/upstream';
import { apiCall, captureForm } from './support/api';
import { waitUntil } from '../stack/process';
import { startWorkingService } from './support/capture-service';
import { activityDeps, testSimulator } from './support/temporal';
import { tokenFor } from './support/tokens';
import { failureTypes } from '../workflows/contracts';

jest.setTimeout(180_000);

/** Passes every profile's checks: a resident's case is issued without a person. */
const goodFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: Awaited<ReturnType<typeof startWorkingService>>;
let operator: string;
/** The case issued by the first test. */
let caseId: string;

beforeAll(async () => {
  service = await startWorkingService('upstream');
  operator = await tokenFor('op.sh.pudong');
});

afterAll(() => service?.close());

const upstreamOf = async (caseId: string, token = operator) =>
  apiCall(service.api.baseUrl, 'GET', `/api/v1/cases/${caseId}/upstream`, token);

async function delivered(caseId: string): Promise<UpstreamSubmission[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { body } = await upstreamOf(caseId);
    const submissions = body as UpstreamSubmission[];
    if (submissions.length === 4 && submissions.every((s) => s.state === 'delivered')) return submissions;
    if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const storedReceipts = async (caseId: string) => {
  const all = (await (await fetch(`${(await testSimulator()).url}/admin/submissions`)).json()) as {
    receipt: { caseId: string; receiptId: string; target: string };
  }[];
  return all.map((s) => s.receipt).filter((r) => r.caseId === caseId);
};

test('an issued case is delivered to every library, one receipt each, shown on the case and audited', async () => {
  const bytes = await fs.readFile(goodFace);
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    operator,
    captureForm(bytes, { personName: '周九', idNumber: '11010519491231002X' }),
  );
  expect(captured.status).toBe(202);
  caseId = (captured.body as { caseId: string }).caseId;

  const submissions = await delivered(caseId);
  expect(submissions.map((s) => s.target).sort()).toEqual([...upstreamTargets].sort());
  for (const s of submissions)
    expect(s).toMatchObject({
      photoVersion: 1,
      receiptId: expect.stringMatching(/^SIM-/),
      attempts: 1,
      lastError: null,
    });
  const receipts = await storedReceipts(caseId);
  expect(receipts.map((r) => r.receiptId).sort()).toEqual(submissions.map((s) => s.receiptId).sort());

  const audited = (await caseAuditTrail(service.database.db, caseId)).filter(
    (e) => e.action === 'upstream.delivered',
  );
  expect(audited.map((e) => e.data.target).sort()).toEqual([...upstreamTargets].sort());

  // Who may not read the case does not learn it exists.
  expect((await upstreamOf(caseId, await tokenFor('rev.hz'))).status).toBe(404);

  // Operators find a case's submissions by state in Temporal (UI, CLI: `temporal workflow list --query …`).
  const query = `TongpaiCaseId = '${caseId}' AND TongpaiUpstream = 'delivered'`;
  await waitUntil(
    'the submissions to be searchable as delivered',
    async () => {
      const found: string[] = [];
      for await (const wf of service.temporal.client.workflow.list({ query })) found.push(wf.workflowId);
      return found.length === upstreamTargets.length;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );

  // A submission run again (a retry after a lost answer) is sent again and answered with the same receipt.
  await service.database
    .db('upstream_submissions')
    .where({ case_id: caseId, target: 'yrd' })
    .update({ state: 'retrying' });
  const { submitToUpstream } = createActivities(
    await activityDeps(service.database.db, service.testBlobs.blobs),
  );
  const again = await submitToUpstream({ caseId, target: 'yrd' });
  expect(again.receiptId).toBe(submissions.find((s) => s.target === 'yrd')!.receiptId);
  expect(await storedReceipts(caseId)).toHaveLength(4);
});

test('the auto-issue steps run again after their workflow task was lost (a Temporal restart) answer as before and move nothing', async () => {
  const db = service.database.db;
  const { routeCase, issueCase } = createActivities(await activityDeps(db, service.testBlobs.blobs));
  const trail = (await caseAuditTrail(db, caseId)).length;
  const timers = { retakeDeadlineSeconds: 7200, reviewSlaSeconds: 4 * 3600 };
  expect(await routeCase({ caseId, timers, perQueueSla: true })).toMatchObject({ route: 'auto_issue' });
  expect(await issueCase({ caseId })).toEqual({ superseded: [] });
  expect(await db('cases').where({ id: caseId }).first()).toMatchObject({ status: 'issued' });
  expect(await caseAuditTrail(db, caseId)).toHaveLength(trail);
});

const setFaults = async (faults: Record<string, unknown>) => {
  const res = await fetch(`${(await testSimulator()).url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
};

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (err: unknown) => err as ApplicationFailure,
  );

test('an outage is recorded as retrying with its error and goes to Temporal to retry; the next try delivers', async () => {
  const { submitToUpstream } = createActivities(
    await activityDeps(service.database.db, service.testBlobs.blobs),
  );
  const rows = service.database.db('upstream_submissions').where({ case_id: caseId, target: 'id_card' });
  await rows.clone().update({ state: 'retrying' });
  await setFaults({ errorRate: 1 });
  const failure = await failureOf(submitToUpstream({ caseId, target: 'id_card' }));
  await setFaults({ errorRate: 0 });
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({
    type: failureTypes.upstreamUnavailable,
    nonRetryable: false,
    nextRetryDelay: 1000,
  });
  const shown = ((await upstreamOf(caseId)).body as UpstreamSubmission[]).find(
    (s) => s.target === 'id_card',
  )!;
  expect(shown).toMatchObject({ state: 'retrying', attempts: 2, lastError: expect.stringContaining('503') });

  expect(await submitToUpstream({ caseId, target: 'id_card' })).toMatchObject({ target: 'id_card' });
  expect(await rows.clone().first()).toMatchObject({ state: 'delivered', attempts: 3 });
  expect(await storedReceipts(caseId)).toHaveLength(4);
});

test('a submission that cannot be made is rejected with the reason, audited, and not retried', async () => {
  const { submitToUpstream } = createActivities(
    await activityDeps(service.database.db, service.testBlobs.blobs),
  );
  const db = service.database.db;
  await db('upstream_submissions')
    .where({ case_id: caseId, target: 'driving_licence' })
    .update({ state: 'pending' });
  // An issued set without the licence's photo (its verdict kept it from being issued): nothing to send.
  await db('issued_photos').where({ case_id: caseId, profile_id: 'driving_licence' }).delete();
  const failure = await failureOf(submitToUpstream({ caseId, target: 'driving_licence' }));
  expect(failure).toMatchObject({ type: failureTypes.upstreamRejected, nonRetryable: true });
  const shown = ((await upstreamOf(caseId)).body as UpstreamSubmission[]).find(
    (s) => s.target === 'driving_licence',
  )!;
  expect(shown).toMatchObject({ state: 'rejected', lastError: expect.stringContaining('driving_licence') });
  const audited = (await caseAuditTrail(db, caseId)).filter((e) => e.action === 'upstream.rejected');
  expect(audited).toEqual([
    expect.objectContaining({
      data: expect.objectContaining({ target: 'driving_licence', code: 'not_issued' }),
    }),
  ]);
});
