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
import { defaultProcessingRetry, longestRetryWaitSeconds, type ProcessingRetry } from '../domain/processing';
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
function processingActivities({ attempts, firstRetrySeconds }: ProcessingRetry) {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: `${firstRetrySeconds} seconds`,
      // Temporal refuses a maximum below the initial interval (the workflow task would fail for ever).
      maximumInterval: `${Math.max(longestRetryWaitSeconds, firstRetrySeconds)} seconds`,
      backoffCoefficient: 2,
      maximumAttempts: attempts,
    },
  });
}

export async function photoCase(input: PhotoCaseInput): Promise<PhotoCaseState> {
  const state: PhotoCaseState = { caseId: input.caseId, status: 'received' };
  const processing = input.processing ?? defaultProcessingRetry;
  const { processMaster } = processingActivities(processing);
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
    const rejection =
      businessRejection(err, input.caseId) ?? processingGaveUp(err, input.caseId, processing.attempts);
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
  const details: unknown = err.cause.details?.[0];
  if (err.cause.type === failureTypes.photoRejected && isPhotoRejection(details)) {
    return { ...failure, code: details.code, message: details.message };
  }
  return failure;
}

function isPhotoRejection(value: unknown): value is PhotoRejection {
  const candidate = value as Partial<PhotoRejection> | undefined;
  return (
    typeof candidate?.code === 'string' &&
    typeof candidate.message?.zh === 'string' &&
    typeof candidate.message.en === 'string'
  );
}

/** The failure to record when processing kept failing for other reasons until its attempts ran out. */
function processingGaveUp(err: unknown, caseId: string, attempts: number): CaseFailure | undefined {
  if (!(err instanceof ActivityFailure) || err.activityType !== 'processMaster') return undefined;
  return {
    caseId,
    reason: `processing failed ${attempts} times: ${err.cause?.message ?? err.message}`,
    code: 'processing_failed',
    message: {
      zh: '照片处理多次失败：请重新采集；如仍失败，请联系管理员查看处理服务日志。',
      en: 'Processing the photo failed repeatedly: capture again, and if that fails too, ask an administrator to check the worker log.',
    },
  };
}
