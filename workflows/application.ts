/**
 * An organisation's application for a catalogue entry, `application-<id>`, started by the API when a department
 * user applies: pending until an administrator decides (update `decideApplication`, refused by its validator
 * unless pending); rejected ends it; approved activates it at once, then its expiry timer runs (with a
 * reminder `reminderBeforeSeconds` before) unless an administrator suspends it first (update
 * `suspendApplication`). Every step is persisted with its audit entry by an activity.
 */
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  applicationFailureTypes,
  decideApplication,
  getApplicationState,
  suspendApplication,
  type ApplicationDecisionInput,
  type ApplicationInput,
  type ApplicationState,
  type ApplicationSuspensionInput,
} from './contracts';

type Activities = ReturnType<typeof createActivities>;

const { recordApplicationDecision, activateApplication, remindApplicationExpiry, endApplication } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });

export async function sharingApplication({
  applicationId,
  timers,
}: ApplicationInput): Promise<ApplicationState> {
  const state: ApplicationState = { applicationId, status: 'pending' };
  setHandler(getApplicationState, () => state);
  let busy = false;
  let decision: ApplicationDecisionInput | undefined;
  let suspension: ApplicationSuspensionInput | undefined;

  setHandler(
    decideApplication,
    async (input) => {
      busy = true;
      try {
        await recordApplicationDecision({ ...input, applicationId });
        decision = input;
        if (input.decision === 'reject') state.status = 'rejected';
        else Object.assign(state, { status: 'approved', validUntil: input.limits!.validUntil });
        return { ...state };
      } finally {
        busy = false;
      }
    },
    {
      validator: (input: ApplicationDecisionInput) => {
        if (state.status !== 'pending' || busy || decision)
          throw refusal(applicationFailureTypes.notPending, `application is ${state.status}`);
        if (input.decision === 'reject' && !input.reason?.trim())
          throw refusal(applicationFailureTypes.invalidDecision, 'a rejection needs a reason');
        if (input.decision === 'approve' && !input.limits)
          throw refusal(applicationFailureTypes.invalidDecision, 'an approval needs its limits');
        if (input.decision !== 'approve' && input.decision !== 'reject')
          throw refusal(applicationFailureTypes.invalidDecision, 'the decision is approve or reject');
      },
    },
  );
  setHandler(
    suspendApplication,
    async (input) => {
      busy = true;
      try {
        await endApplication({
          applicationId,
          to: 'suspended',
          actor: input.actor.username,
          reason: input.reason,
        });
        suspension = input;
        state.status = 'suspended';
        return { ...state };
      } finally {
        busy = false;
      }
    },
    {
      validator: ({ reason }: ApplicationSuspensionInput) => {
        if (state.status !== 'active' || busy)
          throw refusal(applicationFailureTypes.notActive, `application is ${state.status}`);
        if (!reason?.trim())
          throw refusal(applicationFailureTypes.invalidDecision, 'a suspension needs a reason');
      },
    },
  );

  await condition(() => decision !== undefined);
  if (state.status === 'rejected') return state;

  // The activity measures the time left (workflow code reads no clock); the history keeps its answer.
  const { msToExpiry } = await activateApplication({ applicationId });
  state.status = 'active';
  const untilReminder = Math.max(0, msToExpiry - timers.reminderBeforeSeconds * 1000);
  if (untilReminder > 0) await condition(() => suspension !== undefined, untilReminder);
  if (suspension) return state;
  await remindApplicationExpiry({ applicationId });
  state.reminded = true;
  const untilExpiry = msToExpiry - untilReminder;
  if (untilExpiry > 0) await condition(() => suspension !== undefined, untilExpiry);
  // A suspension being persisted right now finishes first; the expiry then finds nothing to end.
  await condition(() => !busy);
  if (suspension) return state;
  busy = true;
  await endApplication({ applicationId, to: 'expired', actor: 'system:worker', reason: 'validity ended' });
  state.status = 'expired';
  return state;
}

const refusal = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });
