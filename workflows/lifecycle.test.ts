/**
 * The lifecycle after processing on Temporal's time-skipping test server, with plain-function activities:
 * every route, decisions and their refusals (four-eyes, second approval, a double decision), the SLA
 * escalation and the retake deadline, in seconds of real time.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { defaultRules, routeFor } from '../domain/rules';
import { useTimeSkipping } from '../test/support/time-skipping';
import {
  decideCase,
  failureTypes,
  getCaseState,
  photoWorkflowId,
  submitRetake,
  type Actor,
  type DecisionInput,
  type DecisionRecord,
  type LifecycleTimers,
  type ProcessedMaster,
  type RetakeInput,
  type RoutedCase,
  type RouteInput,
  upstreamWorkflowId,
} from './contracts';
import { photoCase, photoCaseV2 } from './photo-case';

jest.setTimeout(120_000);

const operator: Actor = { subject: 'op-1', username: 'op.sh.pudong', roles: ['operator'] };
const reviewer: Actor = { subject: 'rev-1', username: 'rev.sh', roles: ['reviewer'] };
const otherReviewer: Actor = { subject: 'rev-2', username: 'rev2.sh', roles: ['reviewer'] };
const citizen: Actor = { subject: 'cit-1', username: 'citizen.sh', roles: ['citizen'] };
const supervisor: Actor = { subject: 'sup-1', username: 'sup.sh', roles: ['supervisor'] };
const timers: LifecycleTimers = { retakeDeadlineSeconds: 7200, reviewSlaSeconds: 4 * 3600 };

/** Each case's route, in order (a retake routes again); captured by the operator unless it says otherwise. */
type CaseRoute = Omit<RoutedCase, 'capturedBy'> & Partial<Pick<RoutedCase, 'capturedBy'>>;
const routes = new Map<string, CaseRoute[]>();
const calls: { activity: string; caseId: string; input?: unknown }[] = [];
const processed: ProcessedMaster = { width: 1350, height: 1350, verdict: 'pass', photos: ['id_card'] };
let decisionFailure: Error | undefined;

const record = (activity: string) => async (input: { caseId: string }) => {
  calls.push({ activity, caseId: input.caseId, input });
};
const activities = {
  markProcessing: record('markProcessing'),
  markFailed: record('markFailed'),
  processMaster: async (input: { caseId: string }) => {
    calls.push({ activity: 'processMaster', caseId: input.caseId });
    return processed;
  },
  routeCase: async (input: RouteInput): Promise<RoutedCase> => {
    const { caseId } = input;
    calls.push({ activity: 'routeCase', caseId, input });
    const next = routes.get(caseId)!.shift()!;
    return { capturedBy: [operator.subject], ...next };
  },
  escalateCase: record('escalateCase'),
  abandonCase: record('abandonCase'),
  recordDecision: async (input: DecisionRecord) => {
    if (decisionFailure) throw decisionFailure;
    calls.push({ activity: 'recordDecision', caseId: input.caseId, input });
  },
  recordRetake: record('recordRetake'),
  issueCase: async (input: { caseId: string }) => {
    await record('issueCase')(input);
    return { superseded: [] };
  },
  // Issued cases start their upstream submissions (workflows/upstream-submission.test.ts tests them).
  submitToUpstream: async ({ target }: { target: UpstreamTarget }) => ({
    target,
    photoVersion: 1,
    receiptId: 'LIB-1',
  }),
};

const world = useTimeSkipping(activities);
beforeEach(() => {
  calls.length = 0;
  decisionFailure = undefined;
});

const review = (needsSecondApproval = false) => ({
  route: 'review' as const,
  reason: 'verdict:review',
  needsSecondApproval,
});
/** A special category, with the SLAs the rules give its queue and the second approval's. */
const special = (slas: RoutedCase['slas']) => ({
  route: 'review' as const,
  reason: 'special_category:foreigner',
  needsSecondApproval: true,
  slas,
});
const auto = { route: 'auto_issue' as const, reason: 'verdict:pass', needsSecondApproval: false };
const retake = { route: 'retake' as const, reason: 'verdict:retake', needsSecondApproval: false };

async function start(...caseRoutes: CaseRoute[]) {
  return startAs(photoCaseV2, ...caseRoutes);
}

async function startAs(workflow: typeof photoCaseV2, ...caseRoutes: CaseRoute[]) {
  const caseId = randomUUID();
  routes.set(caseId, caseRoutes);
  const handle = await world.client.workflow.start(workflow, {
    taskQueue: world.taskQueue,
    workflowId: photoWorkflowId(caseId),
    args: [{ caseId, timers }],
  });
  return { caseId, handle };
}

async function until(handle: WorkflowHandle, status: string) {
  for (let i = 0; i < 400; i++) {
    if ((await handle.query(getCaseState)).status === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`case never reached ${status}: ${(await handle.query(getCaseState)).status}`);
}

const decide = (handle: WorkflowHandle, input: DecisionInput) =>
  handle.executeUpdate(decideCase, { args: [input] });

/** The typed refusal of an update (the validator's or its activity's ApplicationFailure). */
async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'WorkflowClosed';
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure)) cause = (cause as { cause?: unknown }).cause;
    return (cause as ApplicationFailure | undefined)?.type ?? undefined;
  }
  return undefined;
}

const activitiesOf = (caseId: string) => calls.filter((c) => c.caseId === caseId).map((c) => c.activity);

/** Skips `seconds` of server time, then gives a timer that fired there a moment to run its activity. */
async function pass(seconds: number) {
  await world.env.sleep(seconds * 1000);
  await new Promise((r) => setTimeout(r, 300));
}
const escalations = (caseId: string) => activitiesOf(caseId).filter((a) => a === 'escalateCase').length;
/** The number of escalations once the one expected has been recorded (or a few seconds have passed). */
async function escalatedOnce(caseId: string) {
  for (let i = 0; i < 200 && escalations(caseId) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  return escalations(caseId);
}

// The test server stops skipping time for good once a workflow has started a child (temporalio/sdk-typescript
// #1101, sdk-java #1138), and every issued case starts its upstream submissions: the tests that wait out a
// timer run first, the one issuing a case last.
test('no retake before the deadline: the case is closed as abandoned, and a late retake is refused', async () => {
  const { caseId, handle } = await start(retake);
  const result = await handle.result();
  expect(result).toMatchObject({ status: 'abandoned' });
  expect(activitiesOf(caseId)).toEqual(['markProcessing', 'processMaster', 'routeCase', 'abandonCase']);
  const { startTime, closeTime } = await handle.describe();
  expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(
    timers.retakeDeadlineSeconds * 1000,
  );
  await expect(handle.executeUpdate(submitRetake, { args: [retakeFrom(operator)] })).rejects.toThrow();
});

test('each queue escalates at its own SLA: a quality-review case an hour in, a special category four hours in', async () => {
  const quality = await start({
    ...review(),
    slas: { reviewSlaSeconds: 3600, secondApprovalSlaSeconds: 3600 },
  });
  const foreigner = await start(special({ reviewSlaSeconds: 4 * 3600, secondApprovalSlaSeconds: 3600 }));
  await until(quality.handle, 'in_review');
  await until(foreigner.handle, 'in_review');
  const routedWith = calls.find((c) => c.activity === 'routeCase' && c.caseId === quality.caseId)?.input;
  expect(routedWith).toMatchObject({ perQueueSla: true });

  await pass(3600 + 60);
  expect(await escalatedOnce(quality.caseId)).toBe(1);
  expect((await quality.handle.query(getCaseState)).escalated).toBe(true);
  expect(escalations(foreigner.caseId)).toBe(0);
  expect((await foreigner.handle.query(getCaseState)).escalated).toBe(false);

  await pass(3 * 3600);
  expect(await escalatedOnce(foreigner.caseId)).toBe(1);
  expect((await foreigner.handle.query(getCaseState)).escalated).toBe(true);
  expect(escalations(quality.caseId)).toBe(1);
  const rejection = { decision: 'reject' as const, reasonCode: 'other' };
  expect((await decide(quality.handle, { ...rejection, actor: reviewer })).status).toBe('rejected');
  expect((await decide(foreigner.handle, { ...rejection, actor: reviewer })).status).toBe('rejected');
});

test("the second approval waits under its own SLA, not the first review's", async () => {
  const { caseId, handle } = await start(
    special({ reviewSlaSeconds: 1800, secondApprovalSlaSeconds: 2 * 3600 }),
  );
  await until(handle, 'in_review');
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe(
    'awaiting_second_approval',
  );
  const firstApproval = calls.find((c) => c.activity === 'recordDecision' && c.caseId === caseId);
  expect(firstApproval?.input).toMatchObject({ transition: 'approveFirst', secondApprovalSlaSeconds: 7200 });

  await pass(1800 + 60);
  expect(escalations(caseId)).toBe(0);
  await pass(2 * 3600 - 1800);
  expect(await escalatedOnce(caseId)).toBe(1);
  const state = await handle.query(getCaseState);
  expect(state).toMatchObject({ status: 'awaiting_second_approval', escalated: true });
  const rejection = { decision: 'reject' as const, reasonCode: 'other', actor: supervisor };
  expect((await decide(handle, rejection)).status).toBe('rejected');
});

test('past its SLA an undecided case is escalated once, and can still be decided', async () => {
  const { caseId, handle } = await start(review());
  await until(handle, 'in_review');
  await world.env.sleep((timers.reviewSlaSeconds + 60) * 1000);
  for (let i = 0; i < 200 && !activitiesOf(caseId).includes('escalateCase'); i++)
    await new Promise((r) => setTimeout(r, 25));
  expect((await handle.query(getCaseState)).escalated).toBe(true);
  await world.env.sleep(timers.reviewSlaSeconds * 2 * 1000);
  expect(activitiesOf(caseId).filter((a) => a === 'escalateCase')).toHaveLength(1);
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued' });
});

test('a pass for a resident is issued without a person', async () => {
  const { caseId, handle } = await start(auto);
  expect(await handle.result()).toMatchObject({ status: 'issued', routeReason: 'verdict:pass' });
  expect(activitiesOf(caseId)).toEqual(['markProcessing', 'processMaster', 'routeCase', 'issueCase']);
});

/** The patches an execution recorded (marker events), and its updates of TemporalChangeVersion. */
async function patchesOf(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  const versionUpserts = events.filter(
    (e) =>
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion,
  );
  return { markers: markers.length, versionUpserts: versionUpserts.length };
}

test('photoCaseV2 runs the whole lifecycle without a patch marker; photoCase, kept for older cases, still takes every change', async () => {
  for (const [workflow, patches] of [
    [photoCaseV2, 0],
    [photoCase, 5],
  ] as const) {
    const { caseId, handle } = await startAs(workflow, auto);
    expect(await handle.result()).toMatchObject({ status: 'issued', routeReason: 'verdict:pass' });
    expect(activitiesOf(caseId)).toEqual(['markProcessing', 'processMaster', 'routeCase', 'issueCase']);
    expect(await patchesOf(handle)).toEqual({ markers: patches, versionUpserts: patches });
    // Each starts the submission workflow of its own version: patches of its own in the older one.
    for (const target of upstreamTargets) {
      const submission = world.client.workflow.getHandle(upstreamWorkflowId(caseId, target));
      expect(await submission.result()).toMatchObject({ state: 'delivered' });
      expect(await patchesOf(submission)).toEqual({ markers: patches && 1, versionUpserts: patches && 1 });
    }
  }
});

test('a review case is approved by a reviewer and issued; the update answers once the decision is recorded', async () => {
  const { caseId, handle } = await start(review());
  await until(handle, 'in_review');
  const state = await decide(handle, { decision: 'approve', actor: reviewer });
  expect(state.status).toBe('approved');
  expect(activitiesOf(caseId)).toContain('recordDecision');
  expect(await handle.result()).toMatchObject({ status: 'issued' });
  const recorded = calls.find((c) => c.activity === 'recordDecision')!.input as DecisionRecord;
  expect(recorded).toMatchObject({ transition: 'approve', actor: reviewer, timers });
});

test('four eyes: the capturing operator may not decide; a special category needs a second approval by another supervisor', async () => {
  const { handle } = await start(review(true));
  await until(handle, 'in_review');
  const asOperator = { ...operator, roles: [...operator.roles, 'reviewer' as const] };
  expect(await refusal(decide(handle, { decision: 'approve', actor: asOperator }))).toBe(
    failureTypes.fourEyes,
  );

  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe(
    'awaiting_second_approval',
  );
  expect(await refusal(decide(handle, { decision: 'approve', actor: otherReviewer }))).toBe(
    failureTypes.roleRequired,
  );
  const reviewerAsSupervisor = { ...reviewer, roles: ['supervisor' as const] };
  expect(await refusal(decide(handle, { decision: 'approve', actor: reviewerAsSupervisor }))).toBe(
    failureTypes.fourEyes,
  );
  expect((await decide(handle, { decision: 'approve', actor: supervisor })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued' });
  const transitions = calls
    .filter((c) => c.activity === 'recordDecision')
    .map((c) => (c.input as DecisionRecord).transition);
  expect(transitions).toEqual(['approveFirst', 'approveSecond']);
});

// Two decisions at once are shown on the real server (test/review-issuance.it.test.ts): the test server loses
// track of an update refused while another one is in flight.
test('a second decision on the same case is refused', async () => {
  const { caseId, handle } = await start(review(true));
  await until(handle, 'in_review');
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe(
    'awaiting_second_approval',
  );
  expect(await refusal(decide(handle, { decision: 'approve', actor: reviewer }))).toBe(failureTypes.fourEyes);
  const rejected = await decide(handle, {
    decision: 'reject',
    actor: supervisor,
    reasonCode: 'identity_mismatch',
  });
  expect(rejected.status).toBe('rejected');
  // Refused while the case is being closed, or as closed once it is done.
  expect([failureTypes.notWaiting, 'WorkflowClosed']).toContain(
    await refusal(decide(handle, { decision: 'approve', actor: supervisor })),
  );
  expect(activitiesOf(caseId).filter((a) => a === 'recordDecision')).toHaveLength(2);
  expect((await handle.result()).status).toBe('rejected');
});

test('a rejection needs a reason code, and a retake request the checks to fix', async () => {
  const { handle } = await start(review());
  await until(handle, 'in_review');
  expect(await refusal(decide(handle, { decision: 'reject', actor: reviewer }))).toBe(
    failureTypes.invalidDecision,
  );
  expect(await refusal(decide(handle, { decision: 'retake', actor: reviewer, reasonCode: 'quality' }))).toBe(
    failureTypes.invalidDecision,
  );
  expect(
    (await decide(handle, { decision: 'reject', actor: reviewer, reasonCode: 'identity_mismatch' })).status,
  ).toBe('rejected');
  expect(await handle.result()).toMatchObject({ status: 'rejected' });
});

test('a decision its activity refuses (claim not held) leaves the case waiting for the next one', async () => {
  const { handle } = await start(review());
  await until(handle, 'in_review');
  decisionFailure = ApplicationFailure.create({
    type: failureTypes.claimNotHeld,
    message: 'no claim',
    nonRetryable: true,
  });
  expect(await refusal(decide(handle, { decision: 'approve', actor: reviewer }))).toBe(
    failureTypes.claimNotHeld,
  );
  expect((await handle.query(getCaseState)).status).toBe('in_review');
  decisionFailure = undefined;
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued' });
});

const retakeFrom = (actor: Actor): RetakeInput => ({
  actor,
  master: { sha256: 'a'.repeat(64), mimeType: 'image/jpeg', bytes: 1000, format: 'jpeg' },
  device: 'window 3',
  capturedAt: '2026-12-04T10:00:00.000Z',
});

test('a retake verdict waits for a new capture in the same case, which is processed and routed again', async () => {
  const { caseId, handle } = await start(retake, auto);
  await until(handle, 'awaiting_retake');
  const state = await handle.executeUpdate(submitRetake, { args: [retakeFrom(operator)] });
  expect(state).toMatchObject({ status: 'processing', attempt: 2 });
  expect(await handle.result()).toMatchObject({ status: 'issued', attempt: 2 });
  expect(activitiesOf(caseId)).toEqual([
    'markProcessing',
    'processMaster',
    'routeCase',
    'recordRetake',
    'processMaster',
    'routeCase',
    'issueCase',
  ]);
});

test('a reviewer asks for a retake with the checks to fix; a retake after that is reviewed again', async () => {
  const { handle } = await start(review(), review());
  await until(handle, 'in_review');
  const asked = await decide(handle, {
    decision: 'retake',
    actor: reviewer,
    reasonCode: 'quality',
    checks: ['sharpness'],
  });
  expect(asked.status).toBe('awaiting_retake');
  expect(await refusal(decide(handle, { decision: 'approve', actor: reviewer }))).toBe(
    failureTypes.notWaiting,
  );
  await handle.executeUpdate(submitRetake, { args: [retakeFrom(operator)] });
  await until(handle, 'in_review');
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued', attempt: 2 });
});

/** A citizen's phone capture as the default rules route it: a pass goes to a person, a retake back to them. */
const byPhone = (verdict: 'pass' | 'retake'): CaseRoute => ({
  ...routeFor(defaultRules, { category: 'resident', nationalityConflict: false, verdict, channel: 'phone' }),
  needsSecondApproval: false,
  capturedBy: [citizen.subject],
});

test("a citizen's passing phone capture waits for a person by the default rules, and is issued on approval", async () => {
  const { handle } = await start(byPhone('pass'));
  await until(handle, 'in_review');
  expect(await handle.query(getCaseState)).toMatchObject({ routeReason: 'channel:phone' });
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued' });
});

test('a phone capture to retake waits for the citizen, whose retake in the same case goes to a person', async () => {
  const { caseId, handle } = await start(byPhone('retake'), byPhone('pass'));
  await until(handle, 'awaiting_retake');
  expect(await handle.executeUpdate(submitRetake, { args: [retakeFrom(citizen)] })).toMatchObject({
    status: 'processing',
    attempt: 2,
  });
  await until(handle, 'in_review');
  const asCitizenReviewer = { ...citizen, roles: [...citizen.roles, 'reviewer' as const] };
  expect(await refusal(decide(handle, { decision: 'approve', actor: asCitizenReviewer }))).toBe(
    failureTypes.fourEyes,
  );
  expect((await decide(handle, { decision: 'approve', actor: reviewer })).status).toBe('approved');
  expect(await handle.result()).toMatchObject({ status: 'issued', attempt: 2 });
  const retakes = calls.filter((c) => c.caseId === caseId && c.activity === 'recordRetake');
  expect(retakes.map((c) => (c.input as RetakeInput).actor)).toEqual([citizen]);
});
