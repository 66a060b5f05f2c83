/**
 * Submissions to the upstream libraries on the real stack (API, Temporal, PostgreSQL, the pipeline) against
 * the upstream simulator started in this process: an issued case reaches all four libraries, one receipt
 * each, shown on the case; running a submission again sends it again and gets the same receipt, stored once;
 * an outage recorded as retrying with its error, then delivered; a submission that cannot be made rejected.
 * The manual queue and the pause, through the administrators' API: a 4xx puts the submission in the queue
 * with the library's reason, an administrator resubmits it (exactly one receipt) or closes it with a reason;
 * a paused library receives nothing until it is resumed, then exactly once; every step audited; others refused.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import type { UpstreamSubmission } from '../domain/schemas';
import { upstreamTargetInfo, upstreamTargets } from '../domain/upstream';
import { apiCall, captureForm } from './support/api';
import { waitUntil } from '../stack/process';
import { startWorkingService } from './support/capture-service';
import { activityDeps, setSimulatorFaults, testSimulator } from './support/temporal';
import { tokenFor } from './support/tokens';
import { failureTypes, getUpstreamState } from '../workflows/contracts';

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

  // A case issued before submission rows existed has none: its submission creates it, and is recorded.
  await service.database.db('upstream_submissions').where({ case_id: caseId, target: 'id_card' }).del();
  const recreated = await submitToUpstream({ caseId, target: 'id_card' });
  expect(recreated.receiptId).toBe(submissions.find((s) => s.target === 'id_card')!.receiptId);
  expect(
    await service.database.db('upstream_submissions').where({ case_id: caseId, target: 'id_card' }),
  ).toMatchObject([{ state: 'delivered', photo_version: 1, receipt_id: recreated.receiptId, attempts: 1 }]);
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
  await setSimulatorFaults({ errorRate: 1 });
  // Run as Temporal runs it (its second attempt): the activity reads its attempt for the backoff.
  const secondAttempt = new MockActivityEnvironment({ attempt: 2 });
  const failure = await failureOf(
    secondAttempt.run(submitToUpstream, { caseId, target: 'id_card' as const }),
  );
  await setSimulatorFaults({ errorRate: 0 });
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
  // The administrators' upstream page shows the library failing, with the submission and its last error.
  const page = await apiCall(
    service.api.baseUrl,
    'GET',
    '/api/v1/upstream-targets',
    await tokenFor('adm.province'),
  );
  expect((page.body as { id: string }[]).find((t) => t.id === 'id_card')).toMatchObject({
    health: 'failing',
    retrying: 1,
    failures: [expect.objectContaining({ caseId, attempts: 2, lastError: expect.stringContaining('503') })],
  });

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

/** Captures a resident who passes every check (issued without a person) and returns the case id. */
async function captureIssued(personName: string, idNumber: string): Promise<string> {
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    operator,
    captureForm(await fs.readFile(goodFace), { personName, idNumber }),
  );
  expect(captured.status).toBe(202);
  return (captured.body as { caseId: string }).caseId;
}

/** Waits until every library's submission of the case has left pending/retrying (or `done` says so). */
async function settled(
  caseId: string,
  done = (s: UpstreamSubmission[]) =>
    s.length === 4 && s.every((x) => x.state === 'delivered' || x.state === 'rejected'),
): Promise<UpstreamSubmission[]> {
  let last: UpstreamSubmission[] = [];
  await waitUntil(
    'the submissions to settle',
    async () => done((last = (await upstreamOf(caseId)).body as UpstreamSubmission[])),
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  return last;
}

const admin = (method: string, url: string, token: string, body?: object) =>
  apiCall(service.api.baseUrl, method, `/api/v1${url}`, token, body);

test('a refused submission waits in the manual queue with the reason; an administrator resubmits one (one receipt) and closes another', async () => {
  const db = service.database.db;
  const [province, regional, otherRegion] = await Promise.all([
    tokenFor('adm.province'),
    tokenFor('adm.sh'),
    tokenFor('adm.hz'),
  ]);
  await setSimulatorFaults({ rejectNext: 2 });
  const caseId = await captureIssued('吴十', '310115200012311236');
  const submissions = await settled(caseId);
  await setSimulatorFaults({ rejectNext: 0 });
  const [resubmitted, closed] = submissions.filter((s) => s.state === 'rejected').map((s) => s.target);
  expect(resubmitted && closed).toBeTruthy();

  // The queue shows both with the library's reason, to the case's administrators only.
  const queue = await admin('GET', '/upstream-queue', regional);
  expect(queue.status).toBe(200);
  const mine = (queue.body as { caseId: string; target: string; reason: string }[]).filter(
    (e) => e.caseId === caseId,
  );
  expect(mine.map((e) => e.target).sort()).toEqual([resubmitted, closed].sort());
  for (const entry of mine) expect(entry.reason).toContain('rejected');
  const elsewhere = (await admin('GET', '/upstream-queue', otherRegion)).body as { caseId: string }[];
  expect(elsewhere.some((e) => e.caseId === caseId)).toBe(false);
  expect((await admin('GET', '/upstream-queue', operator)).status).toBe(403);

  // Refused: a non-admin (403), another region's admin (404, nothing leaks), no reason (400).
  const resubmit = (token: string, body: object = { reason: '上游库已修复登记信息' }) =>
    admin('POST', `/cases/${caseId}/upstream/${resubmitted}/resubmit`, token, body);
  expect((await resubmit(operator)).status).toBe(403);
  expect((await resubmit(await tokenFor('rev.sh'))).status).toBe(403);
  expect((await resubmit(otherRegion)).status).toBe(404);
  const noReason = await resubmit(regional, { reason: '  ' });
  expect(noReason).toMatchObject({ status: 400, body: { code: 'invalid_request' } });

  // Resubmitted with a correction: the library's photos rendered again from the master, certified, sent.
  const answer = await resubmit(regional, { reason: '重新生成照片后重新报送', correct: true });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ target: resubmitted, resubmissions: 1 });
  await settled(caseId, (s) => s.find((x) => x.target === resubmitted)?.state === 'delivered');
  expect((await storedReceipts(caseId)).filter((r) => r.target === resubmitted)).toHaveLength(1);
  // Decided already: refused, nothing sent again.
  expect(await resubmit(regional)).toMatchObject({ status: 409, body: { code: 'not_in_manual_queue' } });

  const close = (body: object) => admin('POST', `/cases/${caseId}/upstream/${closed}/close`, province, body);
  const closing = await close({ reason: '该人员已注销，无需报送' });
  expect(closing).toMatchObject({
    status: 200,
    body: {
      target: closed,
      state: 'rejected',
      closeReason: '该人员已注销，无需报送',
      closedBy: 'adm.province',
    },
  });
  expect(await close({ reason: 'again' })).toMatchObject({ status: 409 });
  const result = await service.temporal.client.workflow.getHandle(`upstream-${caseId}-${closed}`).result();
  expect(result).toMatchObject({ state: 'closed', closeReason: '该人员已注销，无需报送' });
  expect((await storedReceipts(caseId)).filter((r) => r.target === closed)).toHaveLength(0);
  const left = (await admin('GET', '/upstream-queue', province)).body as { caseId: string }[];
  expect(left.some((e) => e.caseId === caseId)).toBe(false);

  const trail = (await caseAuditTrail(db, caseId)).filter((e) => e.action.startsWith('upstream.'));
  const steps = (target: string) =>
    trail.filter((e) => e.data.target === target).map((e) => [e.action, e.actor]);
  expect(steps(resubmitted!)).toEqual([
    ['upstream.rejected', 'system:worker'],
    ['upstream.resubmitted', 'adm.sh'],
    ['upstream.delivered', 'system:worker'],
  ]);
  expect(steps(closed!)).toEqual([
    ['upstream.rejected', 'system:worker'],
    ['upstream.closed', 'adm.province'],
  ]);
  const corrected = trail.find((e) => e.action === 'upstream.resubmitted')!.data.corrected as object;
  expect(Object.keys(corrected).sort()).toEqual(
    upstreamTargetInfo[resubmitted!].photos.filter((p) => p !== 'master').sort(),
  );
  // A corrected photo is a certified photo like the issued ones: /verify accepts it.
  for (const [profileId, sha256] of Object.entries(corrected) as [string, string][]) {
    const form = new FormData();
    form.set('photo', new Blob([await service.testBlobs.blobs.get(sha256)]), 'photo.jpg');
    const verified = await apiCall(service.api.baseUrl, 'POST', '/api/v1/verify', undefined, form);
    expect(verified.body).toMatchObject({ genuine: true, valid: true, profileId, sha256 });
  }
  expect(trail.find((e) => e.action === 'upstream.closed')!.data).toMatchObject({
    reason: '该人员已注销，无需报送',
    rejection: expect.stringContaining('rejected'),
  });
});

test('a paused library receives nothing until it is resumed, then the submission exactly once; audited', async () => {
  const db = service.database.db;
  const province = await tokenFor('adm.province');
  const pause = (action: 'pause' | 'resume', token = province) =>
    admin('POST', `/upstream-targets/id_card/${action}`, token, { reason: `${action}: 库维护` });
  // Pausing a library stops it for every region: a regional administrator may not.
  expect((await pause('pause', await tokenFor('adm.sh'))).status).toBe(403);
  expect((await pause('pause')).body).toMatchObject({ id: 'id_card', paused: true, health: 'paused' });
  expect((await pause('pause')).status).toBe(409);

  const caseId = await captureIssued('郑十一', '33010619850101001X');
  await settled(caseId, (s) => s.filter((x) => x.state === 'delivered').length === 3);
  // Several paused looks later (every 1-3 s in the tests), still nothing sent.
  await new Promise((r) => setTimeout(r, 5000));
  expect((await upstreamOf(caseId)).body).toContainEqual(
    expect.objectContaining({ target: 'id_card', state: 'pending', attempts: 0 }),
  );
  expect((await storedReceipts(caseId)).filter((r) => r.target === 'id_card')).toHaveLength(0);
  const targets = (await admin('GET', '/upstream-targets', province)).body as {
    id: string;
    pending: number;
    health: string;
  }[];
  expect(targets.find((t) => t.id === 'id_card')).toMatchObject({ health: 'paused', pending: 1 });
  // A regional administrator sees the library, counted over their own region's cases only.
  const hangzhou = (await admin('GET', '/upstream-targets', await tokenFor('adm.hz'))).body as typeof targets;
  expect(hangzhou.find((t) => t.id === 'id_card')).toMatchObject({ health: 'paused', pending: 0 });
  expect((await admin('GET', '/upstream-targets', operator)).status).toBe(403);

  expect((await pause('resume')).body).toMatchObject({ paused: false });
  await settled(caseId, (s) => s.every((x) => x.state === 'delivered'));
  expect((await storedReceipts(caseId)).filter((r) => r.target === 'id_card')).toHaveLength(1);

  const system = await db('audit_events')
    .whereNull('case_id')
    .whereIn('action', ['upstream.paused', 'upstream.resumed'])
    .orderBy('id');
  expect(system.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
    ['upstream.paused', 'adm.province'],
    ['upstream.resumed', 'adm.province'],
  ]);
});

test('a refused submission of a case revoked since is not sent again: resubmitting answers 409, closing it works', async () => {
  const regional = await tokenFor('adm.sh');
  await setSimulatorFaults({ rejectNext: 1 });
  const caseId = await captureIssued('郑十一', '310115199912311236');
  const submissions = await settled(caseId);
  await setSimulatorFaults({ rejectNext: 0 });
  const refused = submissions.find((s) => s.state === 'rejected')!.target;
  const revoked = await admin('POST', `/cases/${caseId}/revocation`, regional, {
    reasonCode: 'wrong_person',
    note: '采集时核验有误',
  });
  expect(revoked.status).toBe(200);

  const resubmit = await admin('POST', `/cases/${caseId}/upstream/${refused}/resubmit`, regional, {
    reason: '重新报送',
  });
  expect(resubmit).toMatchObject({ status: 409, body: { code: 'photos_withdrawn' } });
  const close = await admin('POST', `/cases/${caseId}/upstream/${refused}/close`, regional, {
    reason: '照片已撤销',
  });
  expect(close).toMatchObject({ status: 200, body: { target: refused, closeReason: '照片已撤销' } });
  expect((await storedReceipts(caseId)).filter((r) => r.target === refused)).toHaveLength(0);
});

test('a submission whose library fails is searchable as retrying in Temporal while it waits, then as delivered', async () => {
  await setSimulatorFaults({ errorRate: 1, targets: ['exit_entry'] });
  const caseId = await captureIssued('冯十二', '310115199801011230');
  const findable = (state: string) =>
    waitUntil(
      `the exit-entry submission to be searchable as ${state}`,
      async () => {
        const query = `TongpaiCaseId = '${caseId}' AND TongpaiUpstream = '${state}'`;
        const found: string[] = [];
        for await (const wf of service.temporal.client.workflow.list({ query })) found.push(wf.workflowId);
        return found.includes(`upstream-${caseId}-exit_entry`);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  await findable('retrying');
  const query = await service.temporal.client.workflow
    .getHandle(`upstream-${caseId}-exit_entry`)
    .query(getUpstreamState);
  expect(query).toMatchObject({ state: 'retrying', lastError: expect.stringContaining('503') });
  await setSimulatorFaults({ errorRate: 0 });
  await findable('delivered');
  expect((await storedReceipts(caseId)).filter((r) => r.target === 'exit_entry')).toHaveLength(1);
});
