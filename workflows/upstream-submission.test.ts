/**
 * The submissions to the upstream libraries on Temporal's time-skipping test server, with plain-function
 * activities: delivered; an outage retried until delivered (the backoff's waits skipped); a rejection ending
 * the submission rejected; and an issued case starting one submission per library, then completing.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { useTimeSkipping } from '../test/support/time-skipping';
import {
  failureTypes,
  getUpstreamState,
  photoWorkflowId,
  upstreamWorkflowId,
  type ProcessedMaster,
  type RoutedCase,
  type UpstreamDelivery,
  type UpstreamSubmissionInput,
} from './contracts';
import { photoCase } from './photo-case';
import { upstreamSubmission } from './upstream-submission';

jest.setTimeout(120_000);

type Outcome = 'deliver' | 'outage' | 'reject';
/** What each submission's calls answer, in order (then deliver). */
const scripts = new Map<string, Outcome[]>();
const submissions: UpstreamSubmissionInput[] = [];
const issued: string[] = [];
const scriptKey = (caseId: string, target: UpstreamTarget) => `${caseId}:${target}`;

const activities = {
  markProcessing: async () => undefined,
  processMaster: async (): Promise<ProcessedMaster> => ({
    width: 1350,
    height: 1350,
    verdict: 'pass',
    photos: ['id_card'],
  }),
  routeCase: async (): Promise<RoutedCase> => ({
    route: 'auto_issue',
    reason: 'verdict:pass',
    capturedBy: ['op-1'],
    needsSecondApproval: false,
  }),
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
};

const world = useTimeSkipping(activities);
beforeEach(() => {
  submissions.length = 0;
});

async function submit(target: UpstreamTarget, ...outcomes: Outcome[]) {
  const caseId = randomUUID();
  scripts.set(scriptKey(caseId, target), outcomes);
  const handle = await world.client.workflow.start(upstreamSubmission, {
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

test('a rejection is not retried: the submission ends rejected with the reason', async () => {
  const { handle } = await submit('exit_entry', 'reject');
  expect(await handle.result()).toMatchObject({
    state: 'rejected',
    reason: 'exit_entry: 422 rejected_by_library the person is not in the register',
  });
  expect(submissions).toHaveLength(1);
});

// Last: once a workflow has started a child, the test server no longer skips time (see lifecycle.test.ts).
test('an issued case completes issued and starts one submission per library', async () => {
  const caseId = randomUUID();
  scripts.set(scriptKey(caseId, 'driving_licence'), ['outage']);
  const handle = await world.client.workflow.start(photoCase, {
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
