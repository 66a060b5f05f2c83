/**
 * The lifecycle of one photo case, `photo-<caseId>`. Orchestration only: every effect is an activity that
 * writes the read model and the audit trail together.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { getCaseState, type PhotoCaseInput, type PhotoCaseState } from './contracts';
import { CaseStatusAttribute } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

const { markProcessing, inspectMaster, markFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export async function photoCase(input: PhotoCaseInput): Promise<PhotoCaseState> {
  const state: PhotoCaseState = { caseId: input.caseId, status: 'received' };
  setHandler(getCaseState, () => state);
  const moveTo = (status: PhotoCaseState['status']) => {
    state.status = status;
    upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
  };

  try {
    await markProcessing({ caseId: input.caseId });
    moveTo('processing');
    state.master = await inspectMaster({ caseId: input.caseId });
    moveTo('processed');
  } catch (err) {
    const rejection = businessRejection(err);
    if (!rejection) throw err;
    await markFailed({ caseId: input.caseId, reason: rejection });
    state.failureReason = rejection;
    moveTo('failed');
  }
  return state;
}

/** The message of a non-retryable business failure raised by an activity, or undefined for anything else. */
function businessRejection(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return err.cause.message;
  }
  return undefined;
}
