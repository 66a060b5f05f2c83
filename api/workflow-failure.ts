/** The business failure type under a refused workflow update (its validator's or its activity's), if any. */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';

export function failureType(err: unknown): string | undefined {
  for (let cause: unknown = err; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
    if (!(cause instanceof TemporalFailure || cause instanceof WorkflowUpdateFailedError)) break;
  }
  return undefined;
}
