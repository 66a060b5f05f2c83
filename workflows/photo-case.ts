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
import {
  failureTypes,
  getCaseState,
  type CaseFailure,
  type PhotoCaseInput,
  type PhotoCaseState,
  type PhotoRejection,
} from './contracts';
import { CaseStatusAttribute } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

const { markProcessing, markFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

// The pipeline takes well under a second (a few at once per worker); the timeout is how long a crashed or
// killed worker's attempt is waited for before another worker runs it again.
const { processMaster } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
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
    const processed = await processMaster({ caseId: input.caseId });
    state.master = { width: processed.width, height: processed.height };
    state.verdict = processed.verdict;
    state.photos = processed.photos;
    moveTo('processed');
  } catch (err) {
    const rejection = businessRejection(err, input.caseId);
    if (!rejection) throw err;
    await markFailed(rejection);
    state.failureReason = rejection.reason;
    moveTo('failed');
  }
  return state;
}

/** The failure to record for a non-retryable business rejection raised by an activity; undefined for anything else. */
function businessRejection(err: unknown, caseId: string): CaseFailure | undefined {
  if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable))
    return undefined;
  const failure: CaseFailure = { caseId, reason: err.cause.message };
  if (err.cause.type === failureTypes.photoRejected) {
    const { code, message } = err.cause.details?.[0] as PhotoRejection;
    return { ...failure, code, message };
  }
  return failure;
}
