/**
 * Recalls from the upstream libraries on Temporal's time-skipping test server, with plain-function activities
 * over an in-memory record of each submission: a recall retried through an outage until the library answers;
 * a submission still pending when the recall starts is recalled once delivered; a library that does not know
 * the receipt ends the recall refused, not retried; and an issue that supersedes an earlier case recalls it.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import type { RecallOutcome } from '../activities/upstream-recall';
import { useTimeSkipping } from '../test/support/time-skipping';
import {
  failureTypes,
  photoWorkflowId,
  recallWorkflowId,
  upstreamWorkflowId,
  type UpstreamDelivery,
  type UpstreamRecallInput,
  type UpstreamSubmissionInput,
} from './contracts';
import { photoCaseV2 } from './photo-case';
import { upstreamRecall } from './upstream-recall';
import { upstreamSubmissionV2 } from './upstream-submission';
import { autoIssueSteps } from '../test/support/auto-issue-steps';

jest.setTimeout(120_000);

type Outcome = 'ok' | 'outage' | 'unknown_receipt';
const key = (caseId: string, target: UpstreamTarget) => `${caseId}:${target}`;
/** Each submission's state as the database would hold it. */
const states = new Map<string, 'pending' | 'delivered' | 'recalled'>();
/** What each submission's and recall's calls answer, in order (then ok). */
const submitScripts = new Map<string, Outcome[]>();
const recallScripts = new Map<string, Outcome[]>();
const libraryCalls: { call: 'submit' | 'recall'; caseId: string; target: UpstreamTarget; reason?: string }[] =
  [];
/** Cases the next issue supersedes. */
let supersedes: string[] = [];

const outage = (target: UpstreamTarget) =>
  ApplicationFailure.create({
    type: failureTypes.upstreamUnavailable,
    message: `${target}: 503 unavailable`,
  });

const activities = {
  ...autoIssueSteps,
  issueCase: async ({ caseId }: { caseId: string }) => {
    for (const target of upstreamTargets) states.set(key(caseId, target), 'pending');
    return { superseded: supersedes };
  },
  submitToUpstream: async ({ caseId, target }: UpstreamSubmissionInput): Promise<UpstreamDelivery> => {
    libraryCalls.push({ call: 'submit', caseId, target });
    if (submitScripts.get(key(caseId, target))?.shift() === 'outage') throw outage(target);
    if (states.get(key(caseId, target)) === 'pending') states.set(key(caseId, target), 'delivered');
    return { target, photoVersion: 1, receiptId: `LIB-${target}-${caseId}` };
  },
  recallFromUpstream: async ({ caseId, target, reason }: UpstreamRecallInput): Promise<RecallOutcome> => {
    const state = states.get(key(caseId, target));
    if (state === 'recalled') return { state: 'recalled', recallId: `LIB-${target}-${caseId}-RECALL` };
    if (state === 'pending')
      throw ApplicationFailure.create({
        type: failureTypes.submissionInFlight,
        message: `${target}: the submission is pending; it is recalled once delivered`,
      });
    libraryCalls.push({ call: 'recall', caseId, target, reason });
    const outcome = recallScripts.get(key(caseId, target))?.shift();
    if (outcome === 'outage') throw outage(target);
    if (outcome === 'unknown_receipt')
      throw ApplicationFailure.nonRetryable(
        `${target}: 404 unknown_receipt ${target} holds no receipt LIB-${target}-${caseId}`,
        failureTypes.upstreamRecallRefused,
      );
    states.set(key(caseId, target), 'recalled');
    return { state: 'recalled', recallId: `LIB-${target}-${caseId}-RECALL` };
  },
};

const world = useTimeSkipping(activities);
beforeEach(() => {
  libraryCalls.length = 0;
  supersedes = [];
});

function recall(caseId: string, target: UpstreamTarget) {
  return world.client.workflow.start(upstreamRecall, {
    taskQueue: world.taskQueue,
    workflowId: recallWorkflowId(caseId, target),
    args: [{ caseId, target, reason: 'revoked' }],
  });
}

const deliveredCase = (target: UpstreamTarget) => {
  const caseId = randomUUID();
  states.set(key(caseId, target), 'delivered');
  return caseId;
};

test('a recall is retried with backoff through an outage until the library answers, once recalled', async () => {
  const caseId = deliveredCase('yrd');
  recallScripts.set(key(caseId, 'yrd'), ['outage', 'outage', 'outage']);
  const handle = await recall(caseId, 'yrd');
  expect(await handle.result()).toEqual({
    caseId,
    target: 'yrd',
    reason: 'revoked',
    state: 'recalled',
    recallId: `LIB-yrd-${caseId}-RECALL`,
  });
  expect(libraryCalls.filter((c) => c.call === 'recall')).toHaveLength(4);
  expect(states.get(key(caseId, 'yrd'))).toBe('recalled');
});

test('a submission still pending when the recall starts is delivered, then recalled', async () => {
  const caseId = randomUUID();
  states.set(key(caseId, 'exit_entry'), 'pending');
  submitScripts.set(key(caseId, 'exit_entry'), ['outage', 'outage']);
  const submission = await world.client.workflow.start(upstreamSubmissionV2, {
    taskQueue: world.taskQueue,
    workflowId: upstreamWorkflowId(caseId, 'exit_entry'),
    args: [{ caseId, target: 'exit_entry' }],
  });
  const recalled = await recall(caseId, 'exit_entry');
  expect(await recalled.result()).toMatchObject({ state: 'recalled' });
  expect(await submission.result()).toMatchObject({ state: 'delivered' });
  // The library saw the submission (its third try) and then exactly one recall.
  expect(libraryCalls.map((c) => c.call)).toEqual(['submit', 'submit', 'submit', 'recall']);
});

test('a receipt the library does not know ends the recall refused, without retrying', async () => {
  const caseId = deliveredCase('id_card');
  recallScripts.set(key(caseId, 'id_card'), ['unknown_receipt']);
  const handle = await recall(caseId, 'id_card');
  expect(await handle.result()).toMatchObject({
    state: 'refused',
    error: expect.stringContaining('unknown_receipt'),
  });
  expect(libraryCalls).toHaveLength(1);
});

// Last: once a workflow has started a child, the test server no longer skips time (see lifecycle.test.ts).
test('an issue that supersedes an earlier case recalls the earlier case from every library', async () => {
  const earlier = randomUUID();
  for (const target of upstreamTargets) states.set(key(earlier, target), 'delivered');
  supersedes = [earlier];
  const caseId = randomUUID();
  const handle = await world.client.workflow.start(photoCaseV2, {
    taskQueue: world.taskQueue,
    workflowId: photoWorkflowId(caseId),
    args: [{ caseId, timers: { retakeDeadlineSeconds: 7200, reviewSlaSeconds: 14_400 } }],
  });
  expect(await handle.result()).toMatchObject({ status: 'issued' });
  const results = await Promise.all(
    upstreamTargets.map((target) =>
      world.client.workflow.getHandle(recallWorkflowId(earlier, target)).result(),
    ),
  );
  expect(results.map((r) => [r.target, r.state, r.reason])).toEqual(
    upstreamTargets.map((target) => [target, 'recalled', 'superseded']),
  );
});
