/**
 * A grant's workflow on Temporal's time-skipping test server, with plain-function activities over an in-memory
 * record of each grant's state: it expires after its timer (a 90-day grant costs nothing to wait for), a
 * revocation answers only after the record says revoked and ends the workflow, a revocation of an ended grant
 * is refused, and a grant revoked with its photo ends without writing again, also when the word never reached
 * its workflow. Its end is pushed to the third parties with a webhook, one event id through the retries, given
 * up (not failing the grant) after the last.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { GrantWebhookDelivery } from '../activities/grant-webhooks';
import { useTimeSkipping } from '../test/support/time-skipping';
import {
  failureTypes,
  grantRevokedWithPhoto,
  grantWorkflowId,
  revokeGrant,
  type GrantRevocationRecord,
} from './contracts';
import { grant } from './grant';

jest.setTimeout(120_000);

const states = new Map<string, 'active' | 'expired' | 'revoked'>();
const writes: string[] = [];

const activities = {
  expireGrant: async ({ grantId }: { grantId: string }) => {
    writes.push(`expire ${grantId}`);
    if (states.get(grantId) === 'active') states.set(grantId, 'expired');
    return states.get(grantId) === 'revoked' ? ('revoked' as const) : ('expired' as const);
  },
  recordGrantRevoked: async ({ grantId }: GrantRevocationRecord) => {
    writes.push(`revoke ${grantId}`);
    if (states.get(grantId) !== 'active')
      throw ApplicationFailure.nonRetryable('ended', failureTypes.grantEnded);
    states.set(grantId, 'revoked');
  },
  grantWebhookRecipients: async ({ grantId }: { grantId: string }) => ({
    endedAt: states.get(grantId) === 'active' ? null : '2026-12-05T08:00:00.000Z',
    clientIds: ['demo-employer'],
  }),
  deliverGrantEvent: async (delivery: GrantWebhookDelivery) => {
    deliveries.push({ ...delivery, attempt: Context.current().info.attempt });
    if (unreachable.has(delivery.grantId)) throw ApplicationFailure.retryable('HTTP 503');
  },
};
const deliveries: (GrantWebhookDelivery & { attempt: number })[] = [];
/** Grants whose third party never answers. */
const unreachable = new Set<string>();
const deliveriesOf = (grantId: string) => deliveries.filter((d) => d.grantId === grantId);

const world = useTimeSkipping(activities);
const actor = { subject: 's-1', username: 'citizen.sh', roles: ['citizen' as const] };

async function start(expiresAfterMs: number) {
  const grantId = randomUUID();
  states.set(grantId, 'active');
  const handle = await world.client.workflow.start(grant, {
    taskQueue: world.taskQueue,
    workflowId: grantWorkflowId(grantId),
    args: [{ grantId, expiresAfterMs }],
  });
  return { grantId, handle };
}

test('a grant expires when its timer fires, however far away', async () => {
  const { grantId, handle } = await start(90 * 86400_000);
  expect(await handle.result()).toEqual({ grantId, state: 'expired' });
  expect(states.get(grantId)).toBe('expired');
});

test('a revocation answers once the grant is recorded revoked, and the workflow ends', async () => {
  const { grantId, handle } = await start(86400_000);
  const answer = await handle.executeUpdate(revokeGrant, {
    args: [{ actor, reason: 'revoked_by_citizen', onBehalf: false }],
  });
  expect(answer).toEqual({ grantId, state: 'revoked' });
  expect(states.get(grantId)).toBe('revoked');
  expect(await handle.result()).toEqual({ grantId, state: 'revoked' });
  expect(writes.filter((w) => w.endsWith(grantId))).toEqual([`revoke ${grantId}`]);
});

test('a grant revoked with its photo ends at once, writing nothing more; a later revocation is refused', async () => {
  const { grantId, handle } = await start(86400_000);
  states.set(grantId, 'revoked');
  await handle.signal(grantRevokedWithPhoto);
  expect(await handle.result()).toEqual({ grantId, state: 'revoked' });
  expect(writes.filter((w) => w.endsWith(grantId))).toEqual([]);
  await expect(
    handle.executeUpdate(revokeGrant, { args: [{ actor, reason: 'again', onBehalf: false }] }),
  ).rejects.toThrow();
});

test('a grant revoked with its photo while the workflow could not be told ends revoked at its timer, and the third parties are told revoked', async () => {
  const { grantId, handle } = await start(3600_000);
  states.set(grantId, 'revoked'); // the photo's revocation committed; its signal never reached the workflow
  expect(await handle.result()).toEqual({ grantId, state: 'revoked' });
  expect(states.get(grantId)).toBe('revoked');
  expect(deliveriesOf(grantId).map((d) => d.event)).toEqual(['grant.revoked']);
});

test("a grant's end is pushed once; an endpoint that never answers is given up after the last attempt, the grant ended all the same", async () => {
  const expired = await start(1000);
  expect(await expired.handle.result()).toEqual({ grantId: expired.grantId, state: 'expired' });
  expect(deliveriesOf(expired.grantId)).toEqual([
    expect.objectContaining({ event: 'grant.expired', clientId: 'demo-employer', attempt: 1 }),
  ]);

  const revoked = await start(86400_000);
  unreachable.add(revoked.grantId);
  // The update answers while the deliveries are still failing.
  expect(
    await revoked.handle.executeUpdate(revokeGrant, {
      args: [{ actor, reason: 'revoked_by_citizen', onBehalf: false }],
    }),
  ).toEqual({ grantId: revoked.grantId, state: 'revoked' });
  expect(await revoked.handle.result()).toEqual({ grantId: revoked.grantId, state: 'revoked' });
  const attempts = deliveriesOf(revoked.grantId);
  expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(new Set(attempts.map((d) => d.eventId)).size).toBe(1);
  expect(attempts[0]).toMatchObject({
    event: 'grant.revoked',
    occurredAt: '2026-12-05T08:00:00.000Z',
    lastAttempt: 12,
  });
});
