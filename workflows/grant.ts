/**
 * A grant's life, `grant-<grantId>`: it waits for its expiry (a timer from the input) or a revocation (an update
 * whose answer waits for the database), marks the grant ended and completes. Reads are counted by the API under
 * a database guard; the workflow never sees them. Once ended (behind `patched('grant-webhooks')`), it pushes the
 * end to the third parties that registered a webhook, after the revocation's update has answered.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  failureTypes,
  grantRevokedWithPhoto,
  revokeGrant,
  type GrantInput,
  type GrantOutcome,
} from './contracts';

type Activities = ReturnType<typeof createActivities>;

const { expireGrant, recordGrantRevoked } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds', nonRetryableErrorTypes: [failureTypes.grantEnded] },
});

const { grantWebhookRecipients } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
// 1 s, 2 s, 4 s … capped at 10 minutes: twelve attempts span about 37 minutes, then the event is given up.
const webhookAttempts = 12;
const { deliverGrantEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: webhookAttempts,
  },
});

export async function grant(input: GrantInput): Promise<GrantOutcome> {
  let ended: GrantOutcome['state'] | undefined;
  setHandler(
    revokeGrant,
    async (revocation) => {
      ended = 'revoked';
      await recordGrantRevoked({ grantId: input.grantId, ...revocation });
      return { grantId: input.grantId, state: 'revoked' };
    },
    {
      validator: (_revocation) => {
        if (ended)
          throw ApplicationFailure.nonRetryable(
            `grant ${input.grantId} is ${ended}`,
            failureTypes.grantEnded,
          );
      },
    },
  );
  setHandler(grantRevokedWithPhoto, () => void (ended ??= 'revoked'));

  let state: GrantOutcome['state'] = 'revoked';
  if (!(await condition(() => ended !== undefined, Math.max(1, input.expiresAfterMs)))) {
    ended = 'expired';
    // Histories recorded before expireGrant answered how the grant ended carry no answer: expired, as then.
    state = ended = (await expireGrant({ grantId: input.grantId })) ?? 'expired';
  }
  // A revocation's update handler may still be writing: the workflow completes once it has.
  await condition(allHandlersFinished);
  if (patched('grant-webhooks')) await notifyThirdParties(input.grantId, state);
  return { grantId: input.grantId, state };
}

/** One event id for the end, sent on every retry; a delivery given up is in the log, not the grant's failure. */
async function notifyThirdParties(grantId: string, state: GrantOutcome['state']) {
  const { endedAt, clientIds } = await grantWebhookRecipients({ grantId });
  if (!endedAt) return;
  const event = {
    eventId: uuid4(),
    event: `grant.${state}`,
    grantId,
    occurredAt: endedAt,
    lastAttempt: webhookAttempts,
  } as const;
  await Promise.all(
    clientIds.map((clientId) => deliverGrantEvent({ ...event, clientId }).catch(() => undefined)),
  );
}
