/**
 * An application's workflow on Temporal's time-skipping test server, with plain-function activities: rejected
 * with a reason; approved, reminded a week before its expiry and expired a year later (the timers skipped);
 * suspended while active (no reminder, no expiry); wrong or late steps refused by the updates' validators.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { useTimeSkipping } from '../test/support/time-skipping';
import { sharingApplication } from './application';
import {
  applicationFailureTypes,
  applicationWorkflowId,
  decideApplication,
  getApplicationState,
  suspendApplication,
  type Actor,
} from './contracts';

jest.setTimeout(120_000);

const day = 24 * 3600_000;
const steps: string[] = [];
/** Milliseconds to the expiry each activation answers, by application. */
const expiries = new Map<string, number>();

const world = useTimeSkipping({
  recordApplicationDecision: async ({ applicationId, decision }) =>
    void steps.push(`${applicationId}:${decision}`),
  activateApplication: async ({ applicationId }) => {
    steps.push(`${applicationId}:active`);
    return { msToExpiry: expiries.get(applicationId)! };
  },
  remindApplicationExpiry: async ({ applicationId }) => void steps.push(`${applicationId}:reminded`),
  endApplication: async ({ applicationId, to }) => void steps.push(`${applicationId}:${to}`),
});

const admin: Actor = { subject: 'adm', username: 'adm.province', roles: ['admin'] };
const limits = {
  ratePerMinute: 10,
  dailyQuota: 100,
  validUntil: '2027-12-05T00:00:00.000Z',
  profiles: ['id_card'],
};

async function started(msToExpiry = 365 * day): Promise<[string, WorkflowHandle<typeof sharingApplication>]> {
  const id = randomUUID();
  expiries.set(id, msToExpiry);
  const handle = await world.client.workflow.start(sharingApplication, {
    workflowId: applicationWorkflowId(id),
    taskQueue: world.taskQueue,
    args: [{ applicationId: id, timers: { reminderBeforeSeconds: 7 * 24 * 3600 } }],
  });
  return [id, handle];
}

async function refusal(update: Promise<unknown>): Promise<string | undefined> {
  const err = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((err as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
}

const stepsOf = (id: string) =>
  steps.filter((s) => s.startsWith(`${id}:`)).map((s) => s.slice(id.length + 1));

test('rejected with a reason: it ends there; a rejection without a reason is refused first', async () => {
  const [id, handle] = await started();
  expect(
    await refusal(handle.executeUpdate(decideApplication, { args: [{ decision: 'reject', actor: admin }] })),
  ).toBe(applicationFailureTypes.invalidDecision);
  expect(
    await refusal(handle.executeUpdate(suspendApplication, { args: [{ actor: admin, reason: '早了' }] })),
  ).toBe(applicationFailureTypes.notActive);
  await handle.executeUpdate(decideApplication, {
    args: [{ decision: 'reject', actor: admin, reason: '用途不明' }],
  });
  expect(await handle.result()).toMatchObject({ status: 'rejected' });
  expect(stepsOf(id)).toEqual(['reject']);
});

test('approved: active at once, reminded a week before its expiry, expired by its timer', async () => {
  const [id, handle] = await started(365 * day);
  await handle.executeUpdate(decideApplication, { args: [{ decision: 'approve', actor: admin, limits }] });
  expect(
    await refusal(
      handle.executeUpdate(decideApplication, { args: [{ decision: 'approve', actor: admin, limits }] }),
    ),
  ).toBe(applicationFailureTypes.notPending);
  const before = await world.env.currentTimeMs();
  expect(await handle.result()).toMatchObject({ status: 'expired', reminded: true });
  expect(stepsOf(id)).toEqual(['approve', 'active', 'reminded', 'expired']);
  expect((await world.env.currentTimeMs()) - before).toBeGreaterThanOrEqual(365 * day);
});

test('suspended while active: neither reminded nor expired afterwards', async () => {
  const [id, handle] = await started(365 * day);
  await handle.executeUpdate(decideApplication, { args: [{ decision: 'approve', actor: admin, limits }] });
  while ((await handle.query(getApplicationState)).status !== 'active')
    await new Promise((r) => setTimeout(r, 50));
  await handle.executeUpdate(suspendApplication, { args: [{ actor: admin, reason: '异常调用' }] });
  expect(await handle.result()).toMatchObject({ status: 'suspended' });
  expect(stepsOf(id)).toEqual(['approve', 'active', 'suspended']);
});
