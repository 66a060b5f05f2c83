/**
 * The submissions to the upstream libraries on Temporal's time-skipping test server, with plain-function
 * activities: delivered; an outage retried until delivered (the backoff's waits skipped); a rejection waiting
 * in the manual queue (for days) until an administrator resubmits it (delivered) or closes it, wrong decisions
 * refused; and an issued case starting one submission per library, then completing.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { useTimeSkipping } from '../test/support/time-skipping';
import {
  failureTypes,
  decideUpstreamSubmission,
  getUpstreamState,
  photoWorkflowId,
  upstreamWorkflowId,
  type Actor,
  type UpstreamDecisionRecord,
  type UpstreamDelivery,
  type UpstreamSubmissionInput,
} from './contracts';
import { photoCaseV2 } from './photo-case';
import { upstreamSubmissionV2 } from './upstream-submission';
import { autoIssueSteps } from '../test/support/auto-issue-steps';

jest.setTimeout(120_000);

type Outcome = 'deliver' | 'outage' | 'reject';
/** What each submission's calls answer, in order (then deliver). */
const scripts = new Map<string, Outcome[]>();
const submissions: UpstreamSubmissionInput[] = [];
const issued: string[] = [];
const decisions: UpstreamDecisionRecord[] = [];
const scriptKey = (caseId: string, target: UpstreamTarget) => `${caseId}:${target}`;

const activities = {
  ...autoIssueSteps,
  issueCase: async ({ caseId }: { caseId: string }) => {
    issued.push(caseId);
    return { superseded: [] };
  },
  submitToUpstream: async (input: UpstreamSubmissionInput): Promise<UpstreamDelivery> => {
    submissions.push(input);
    const outcome = scripts.get(scriptKey(input.caseId, input.target))?.shift() ?? 'deliver';
    if (outcome === 'outage')
      throw ApplicationFailure.create({
        type: failureTypes.upstreamUnavailable,
        message: `${input.target}: 503 unavailable`,
      });
    if (outcome === 'reject')
      throw ApplicationFailure.nonRetryable(
        `${input.target}: 422 rejected_by_library the person is not in the register`,
        failureTypes.upstreamRejected,
      );
    return { target: input.target, photoVersion: 1, receiptId: `LIB-${input.target}-${input.caseId}` };
  },
  recordUpstreamDecision: async (record: UpstreamDecisionRecord) => void decisions.push(record),
};

const world = useTimeSkipping(activities);
beforeEach(() => {
  submissions.length = 0;
  decisions.length = 0;
});

const admin: Actor = { subject: 'adm-1', username: 'adm.province', roles: ['admin'] };

/** Waits (without skipping time) until the submission shows the state. */
async function untilState(handle: WorkflowHandle, state: string) {
  for (let i = 0; i < 200; i++) {
    if ((await handle.query(getUpstreamState)).state === state) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never ${state}`);
}

const refusalOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (err: unknown) => (err instanceof WorkflowUpdateFailedError ? (err.cause as ApplicationFailure) : err),
  );

async function submit(target: UpstreamTarget, ...outcomes: Outcome[]) {
  const caseId = randomUUID();
  scripts.set(scriptKey(caseId, target), outcomes);
  const handle = await world.client.workflow.start(upstreamSubmissionV2, {
    taskQueue: world.taskQueue,
    workflowId: upstreamWorkflowId(caseId, target),
    args: [{ caseId, target }],
  });
  return { caseId, handle };
}

test('a submission the library accepts ends delivered with its receipt', async () => {
  const { caseId, handle } = await submit('id_card');
  expect(await handle.result()).toEqual({
    caseId,
    target: 'id_card',
    state: 'delivered',
    receiptId: `LIB-id_card-${caseId}`,
  });
  expect(await handle.query(getUpstreamState)).toMatchObject({ state: 'delivered' });
  expect(submissions).toHaveLength(1);
});

test('an outage is retried with backoff until the library answers, then delivered', async () => {
  const { caseId, handle } = await submit('yrd', 'outage', 'outage', 'outage');
  expect(await handle.result()).toMatchObject({ state: 'delivered', receiptId: `LIB-yrd-${caseId}` });
  expect(submissions).toHaveLength(4);
});

test('a rejection is not retried: it waits in the manual queue, for days, until an administrator resubmits it', async () => {
  const { caseId, handle } = await submit('exit_entry', 'reject');
  await untilState(handle, 'rejected');
  await world.env.sleep('30 days');
  expect(await handle.query(getUpstreamState)).toMatchObject({
    state: 'rejected',
    reason: 'exit_entry: 422 rejected_by_library the person is not in the register',
  });
  expect(submissions).toHaveLength(1);

  // A decision without a reason is refused by the validator; nothing is recorded.
  expect(
    await refusalOf(
      handle.executeUpdate(decideUpstreamSubmission, {
        args: [{ decision: 'resubmit', reason: ' ', actor: admin }],
      }),
    ),
  ).toMatchObject({ type: failureTypes.invalidDecision });
  expect(decisions).toEqual([]);

  const answer = await handle.executeUpdate(decideUpstreamSubmission, {
    args: [{ decision: 'resubmit', reason: 'the register was corrected', correct: true, actor: admin }],
  });
  // The update answers once the decision is persisted.
  expect(answer).toMatchObject({ state: 'pending' });
  expect(decisions).toEqual([
    {
      caseId,
      target: 'exit_entry',
      decision: 'resubmit',
      reason: 'the register was corrected',
      correct: true,
      actor: admin,
    },
  ]);
  expect(await handle.result()).toMatchObject({ state: 'delivered', receiptId: `LIB-exit_entry-${caseId}` });
  expect(submissions).toHaveLength(2);
});

test('an administrator closes a rejected submission with a reason: it ends closed, not sent again', async () => {
  const { caseId, handle } = await submit('id_card', 'reject');
  await untilState(handle, 'rejected');
  await handle.executeUpdate(decideUpstreamSubmission, {
    args: [{ decision: 'close', reason: 'the person died; nothing to deliver', actor: admin }],
  });
  expect(await handle.result()).toEqual({
    caseId,
    target: 'id_card',
    state: 'closed',
    reason: 'id_card: 422 rejected_by_library the person is not in the register',
    closeReason: 'the person died; nothing to deliver',
  });
  expect(decisions.map((d) => d.decision)).toEqual(['close']);
  expect(submissions).toHaveLength(1);
});

test('a decision for a submission that is not in the manual queue is refused (not in the queue)', async () => {
  const { handle } = await submit('driving_licence', ...Array<Outcome>(50).fill('outage'));
  await untilState(handle, 'pending');
  expect(
    await refusalOf(
      handle.executeUpdate(decideUpstreamSubmission, {
        args: [{ decision: 'close', reason: 'no', actor: admin }],
      }),
    ),
  ).toMatchObject({ type: failureTypes.notInManualQueue, nonRetryable: true });
  expect(decisions).toEqual([]);
  await handle.terminate('test over');
});

// Last: once a workflow has started a child, the test server no longer skips time (see lifecycle.test.ts).
test('an issued case completes issued and starts one submission per library', async () => {
  const caseId = randomUUID();
  scripts.set(scriptKey(caseId, 'driving_licence'), ['outage']);
  const handle = await world.client.workflow.start(photoCaseV2, {
    taskQueue: world.taskQueue,
    workflowId: photoWorkflowId(caseId),
    args: [{ caseId, timers: { retakeDeadlineSeconds: 7200, reviewSlaSeconds: 14_400 } }],
  });
  expect(await handle.result()).toMatchObject({ status: 'issued' });
  expect(issued).toContain(caseId);
  const results = await Promise.all(
    upstreamTargets.map((target) =>
      world.client.workflow.getHandle(upstreamWorkflowId(caseId, target)).result(),
    ),
  );
  expect(results).toEqual(
    upstreamTargets.map((target) => ({
      caseId,
      target,
      state: 'delivered',
      receiptId: `LIB-${target}-${caseId}`,
    })),
  );
  expect(submissions.filter((s) => s.target === 'driving_licence')).toHaveLength(2);
});
