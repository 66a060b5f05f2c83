/**
 * A grant's life, `grant-<grantId>`: it waits for its expiry (a timer from the input) or a revocation (an update
 * whose answer waits for the database), marks the grant ended and completes. Reads are counted by the API under
 * a database guard; the workflow never sees them.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
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
    state = ended = 'expired';
    await expireGrant({ grantId: input.grantId });
  }
  // A revocation's update handler may still be writing: the workflow completes once it has.
  await condition(allHandlersFinished);
  return { grantId: input.grantId, state };
}
