/**
 * The submission of a case's issued photos to one upstream library, `upstream-<caseId>-<target>`, started by
 * the case's workflow when it is issued. The activity records every outcome in `upstream_submissions`;
 * Temporal retries outages for as long as they last (the library's idempotency key makes each repeat safe),
 * and a rejection ends the submission rejected, its reason recorded for a person to look at.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  failureTypes,
  getUpstreamState,
  type UpstreamSubmissionInput,
  type UpstreamSubmissionProgress,
  type UpstreamSubmissionResult,
} from './contracts';
import { CaseIdAttribute, UpstreamStateAttribute } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

// No maximum of attempts: an outage is waited out, at most 10 minutes between tries; a Retry-After the
// library sends replaces the backoff for that try (activities/upstream/errors.ts, nextRetryDelay). The
// activity beats while it runs: an attempt whose worker died is tried again after the heartbeat timeout,
// not after the two minutes a slow library may take (the fault drills kill a worker mid-call).
const { submitToUpstream } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function upstreamSubmission(input: UpstreamSubmissionInput): Promise<UpstreamSubmissionResult> {
  const progress: UpstreamSubmissionProgress = { ...input, state: 'pending' };
  setHandler(getUpstreamState, () => progress);
  // Operators find submissions by state in the Temporal UI and CLI (submissions started before keep none).
  const searchable = patched('upstream-search-attribute');
  const show = (state: UpstreamSubmissionProgress['state']) => {
    if (searchable) upsertSearchAttributes([{ key: UpstreamStateAttribute, value: state }]);
  };
  if (searchable) upsertSearchAttributes([{ key: CaseIdAttribute, value: input.caseId }]);
  show('pending');
  try {
    const { receiptId } = await submitToUpstream(input);
    Object.assign(progress, { state: 'delivered', receiptId });
    show('delivered');
    return { ...input, state: 'delivered', receiptId };
  } catch (err) {
    const reason = rejectionReason(err);
    if (reason === undefined) throw err;
    // The manual queue (a person corrects and resubmits) is later work; the reason is on the case meanwhile.
    Object.assign(progress, { state: 'rejected', reason });
    show('rejected');
    return { ...input, state: 'rejected', reason };
  }
}

/** The library's reason when it refused the payload (or the case had nothing to send); undefined otherwise. */
function rejectionReason(err: unknown): string | undefined {
  if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)) return undefined;
  const rejected: string[] = [
    failureTypes.upstreamRejected,
    failureTypes.notIssued,
    failureTypes.caseNotFound,
  ];
  return err.cause.type && rejected.includes(err.cause.type) ? err.cause.message : undefined;
}
