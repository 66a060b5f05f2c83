/**
 * Revocation and recall on the real stack (API, Temporal, PostgreSQL, the pipeline) against the upstream
 * simulator started in this process: an administrator revokes a case delivered to all four libraries, each
 * library holds exactly one recall (also when an earlier try's answer was lost), the case is revoked and
 * `/verify` says so, and a repeat is refused without a second recall; an issue that supersedes a person's
 * earlier case recalls the earlier one, a library that does not know a receipt refuses its recall (recorded,
 * audited), and revoking the superseded case later recalls nothing twice; others may not revoke.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import type { CaseDetail, UpstreamSubmission } from '../domain/schemas';
import { upstreamTargets } from '../domain/upstream';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import type { StoredSubmission } from '../upstream-sim/store';
import { waitUntil } from '../stack/process';
import { apiCall, captureForm } from './support/api';
import { startWorkingService } from './support/capture-service';
import { activityDeps, testSimulator } from './support/temporal';
import { tokenFor } from './support/tokens';

jest.setTimeout(240_000);

/** Passes every profile's checks: a resident's case is issued without a person. */
const goodFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');
const people = residentIdNumbers();

let service: Awaited<ReturnType<typeof startWorkingService>>;
let operator: string;
let admin: string;

beforeAll(async () => {
  service = await startWorkingService('recall');
  [operator, admin] = await Promise.all([tokenFor('op.sh.pudong'), tokenFor('adm.sh')]);
});

afterAll(() => service?.close());

const call = (method: string, url: string, token: string, body?: object | FormData) =>
  apiCall(service.api.baseUrl, method, url, token, body);
const submissionsOf = async (caseId: string) =>
  (await call('GET', `/api/v1/cases/${caseId}/upstream`, operator)).body as UpstreamSubmission[];

async function until(
  what: string,
  caseId: string,
  done: (s: UpstreamSubmission[]) => boolean,
): Promise<UpstreamSubmission[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const submissions = await submissionsOf(caseId);
    if (submissions.length === 4 && done(submissions)) return submissions;
    if (Date.now() > deadline) throw new Error(`not ${what}: ${JSON.stringify(submissions)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A person's case, captured, issued and delivered to every library. */
async function recallsCompleted(caseId: string, count: number) {
  await waitUntil(
    `${count} recalls of ${caseId} to finish`,
    async () => {
      const query = `WorkflowType = 'upstreamRecall' AND TongpaiCaseId = '${caseId}' AND ExecutionStatus = 'Completed'`;
      let completed = 0;
      for await (const _wf of service.temporal.client.workflow.list({ query })) completed++;
      return completed === count;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

async function deliveredCase(idNumber: string): Promise<string> {
  const captured = await call(
    'POST',
    '/api/v1/captures',
    operator,
    captureForm(await fs.readFile(goodFace), { personName: '吴十', idNumber }),
  );
  expect(captured.status).toBe(202);
  const caseId = (captured.body as { caseId: string }).caseId;
  await until('delivered', caseId, (all) => all.every((s) => s.state === 'delivered'));
  return caseId;
}

const stored = async (caseId: string) => {
  const all = (await (
    await fetch(`${(await testSimulator()).url}/admin/submissions`)
  ).json()) as StoredSubmission[];
  return all.filter((s) => s.receipt.caseId === caseId);
};

const recallWorkflows = async (caseId: string) => {
  const runs: string[] = [];
  const query = `WorkflowType = 'upstreamRecall' AND TongpaiCaseId = '${caseId}'`;
  for await (const wf of service.temporal.client.workflow.list({ query })) runs.push(wf.workflowId);
  return runs.sort();
};

test('an administrator revokes a delivered case: one recall per library, revoked, verified as revoked, once', async () => {
  const caseId = await deliveredCase(people.next().value!);
  const issuedPhoto = await fetch(`${service.api.baseUrl}/api/v1/cases/${caseId}/photos/id_card`, {
    headers: { authorization: `Bearer ${admin}` },
  }).then(async (res) => Buffer.from(await res.arrayBuffer()));

  // An earlier try reached the regional library but its answer was lost (a timeout, a worker that died before
  // the commit): the workflow's recall is answered with that same recall, which the library holds once.
  const { upstream } = await activityDeps(service.database.db, service.testBlobs.blobs);
  const yrdReceipt = (await submissionsOf(caseId)).find((s) => s.target === 'yrd')!.receiptId!;
  const lost = await upstream.yrd.recall({ receiptId: yrdReceipt, reason: 'revoked' });

  const revoked = await call('POST', `/api/v1/cases/${caseId}/revocation`, admin, {
    reasonCode: 'wrong_person',
    note: '窗口核实：照片不是本人',
  });
  expect(revoked.status).toBe(200);
  expect(revoked.body as CaseDetail).toMatchObject({
    status: 'revoked',
    revocation: { by: 'adm.sh', reasonCode: 'wrong_person', note: '窗口核实：照片不是本人' },
  });

  const recalled = await until('recalled', caseId, (all) => all.every((s) => s.state === 'recalled'));
  for (const s of recalled)
    expect(s.recall).toMatchObject({
      reason: 'revoked',
      recallId: expect.stringMatching(/^SIM-/),
      error: null,
    });
  // What the libraries hold: each of the four receipts withdrawn once, for the reason sent.
  const held = await stored(caseId);
  expect(held.map((s) => [s.receipt.target, s.recall?.reason]).sort()).toEqual(
    [...upstreamTargets].sort().map((t) => [t, 'revoked']),
  );
  expect(held.map((s) => s.recall?.recallId).sort()).toEqual(recalled.map((s) => s.recall!.recallId).sort());
  expect(recalled.find((s) => s.target === 'yrd')!.recall!.recallId).toBe(lost.recallId);

  // Anyone checking the photo learns it is genuine but no longer in force.
  const form = new FormData();
  form.set('photo', new Blob([issuedPhoto]), 'id_card.jpg');
  const verified = (await apiCall(service.api.baseUrl, 'POST', '/api/v1/verify', undefined, form)).body;
  expect(verified).toMatchObject({ genuine: true, valid: false, state: 'revoked' });

  // A repeat is refused and recalls nothing again.
  const again = await call('POST', `/api/v1/cases/${caseId}/revocation`, admin, { reasonCode: 'fraud' });
  expect([again.status, again.body.code]).toEqual([409, 'already_revoked']);
  expect(await recallWorkflows(caseId)).toEqual(upstreamTargets.map((t) => `recall-${caseId}-${t}`).sort());
  expect((await submissionsOf(caseId)).map((s) => s.recall!.recallId)).toEqual(
    recalled.map((s) => s.recall!.recallId),
  );

  const audited = (await caseAuditTrail(service.database.db, caseId)).map((e) => e.action);
  expect(audited.filter((a) => a === 'case.revoked')).toHaveLength(1);
  expect(audited.filter((a) => a === 'upstream.recalled')).toHaveLength(4);
});

test('a case that was never issued is not revocable; others may not revoke, nor learn of a case they cannot read', async () => {
  const caseId = await deliveredCase(people.next().value!);
  const body = { reasonCode: 'fraud' };
  expect(
    (await call('POST', `/api/v1/cases/${caseId}/revocation`, await tokenFor('rev.sh'), body)).status,
  ).toBe(403);
  expect(
    (await call('POST', `/api/v1/cases/${caseId}/revocation`, await tokenFor('adm.hz'), body)).status,
  ).toBe(404);
  const invalid = await call('POST', `/api/v1/cases/${caseId}/revocation`, admin, { reasonCode: 'dislike' });
  expect([invalid.status, invalid.body.code]).toEqual([400, 'invalid_request']);
  expect((await submissionsOf(caseId)).every((s) => s.state === 'delivered' && s.recall === null)).toBe(true);

  await service.database.db('cases').where({ id: caseId }).update({ status: 'rejected' });
  const refused = await call('POST', `/api/v1/cases/${caseId}/revocation`, admin, body);
  expect([refused.status, refused.body.code]).toEqual([409, 'not_revocable']);
});

test('an issue that supersedes a delivered case recalls it; a library that does not know the receipt refuses, recorded', async () => {
  const person = people.next().value!;
  const earlier = await deliveredCase(person);
  // The regional library lost the earlier receipt: its recall is refused (404 unknown_receipt), not retried.
  await service.database
    .db('upstream_submissions')
    .where({ case_id: earlier, target: 'yrd' })
    .update({ receipt_id: 'SIM-YRD-000000000000000000000000' });

  const later = await deliveredCase(person);
  expect((await call('GET', `/api/v1/cases/${earlier}`, operator)).body).toMatchObject({
    status: 'superseded',
    supersededBy: later,
  });
  const settled = await until('settled', earlier, (all) =>
    all.every((s) => s.state === 'recalled' || s.recall?.error),
  );
  const yrd = settled.find((s) => s.target === 'yrd')!;
  expect(yrd).toMatchObject({
    state: 'delivered',
    recall: { reason: 'superseded', recallId: null, error: expect.stringContaining('unknown_receipt') },
  });
  expect(settled.filter((s) => s.state === 'recalled').map((s) => s.recall!.reason)).toEqual([
    'superseded',
    'superseded',
    'superseded',
  ]);
  expect(
    (await stored(earlier))
      .filter((s) => s.recall)
      .map((s) => s.receipt.target)
      .sort(),
  ).toEqual(['driving_licence', 'exit_entry', 'id_card']);
  const audited = (await caseAuditTrail(service.database.db, earlier)).map((e) => e.action);
  expect(audited.filter((a) => a === 'upstream.recall_refused')).toHaveLength(1);
  // The later case stands, its photos with the libraries.
  expect((await submissionsOf(later)).every((s) => s.state === 'delivered' && s.recall === null)).toBe(true);

  // A recall still running when the revocation comes is kept (USE_EXISTING), not run again: the row records
  // the refusal a moment before its workflow closes, so wait for the closes to count the second round.
  await recallsCompleted(earlier, 4);

  // Revoked after it was superseded: recorded, and the recalls run again without recalling anything twice.
  const revoked = await call('POST', `/api/v1/cases/${earlier}/revocation`, admin, {
    reasonCode: 'court_order',
  });
  expect([revoked.status, revoked.body.status]).toEqual([200, 'revoked']);
  await recallsCompleted(earlier, 8);
  expect((await submissionsOf(earlier)).map((s) => [s.state, s.recall?.reason])).toEqual(
    settled.map((s) => [s.state, 'superseded']),
  );
  expect((await stored(earlier)).filter((s) => s.recall)).toHaveLength(3);
});
