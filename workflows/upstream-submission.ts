/**
 * The submission of a case's issued photos to one upstream library, `upstream-<caseId>-<target>`, started by
 * the case's workflow when it is issued. The activity records every outcome in `upstream_submissions`;
 * Temporal retries outages (and a paused library) for as long as they last (the library's idempotency key
 * makes each repeat safe). A rejection is not retried: the submission waits in the manual queue, without a
 * timeout, for an administrator to resubmit it (after a correction, if asked) or close it with a reason.
 *
 * `upstreamSubmissionV2` is what photoCaseV2 starts, every change in force; `upstreamSubmission`, each change
 * behind its patch, is kept for the submissions of cases started before (workflows/photo-case.ts).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  decideUpstreamSubmission,
  failureTypes,
  getUpstreamState,
  upstreamAttemptFailed,
  type UpstreamDecisionInput,
  type UpstreamSubmissionInput,
  type UpstreamSubmissionProgress,
  type UpstreamSubmissionResult,
  upstreamActivityRetry,
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
  retry: upstreamActivityRetry,
});
// Persisting a decision may render photos again (seconds); a database outage is retried meanwhile.
const { recordUpstreamDecision } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function upstreamSubmission(input: UpstreamSubmissionInput): Promise<UpstreamSubmissionResult> {
  return submit(input, patched);
}

export async function upstreamSubmissionV2(
  input: UpstreamSubmissionInput,
): Promise<UpstreamSubmissionResult> {
  return submit(input, () => true);
}

async function submit(
  input: UpstreamSubmissionInput,
  has: (patchId: string) => boolean,
): Promise<UpstreamSubmissionResult> {
  const progress: UpstreamSubmissionProgress = { ...input, state: 'pending' };
  setHandler(getUpstreamState, () => progress);
  // Operators find submissions by state in the Temporal UI and CLI (submissions started before keep none).
  const searchable = has('upstream-search-attribute');
  const show = (state: UpstreamSubmissionProgress['state']) => {
    if (searchable) upsertSearchAttributes([{ key: UpstreamStateAttribute, value: state }]);
  };
  if (searchable) upsertSearchAttributes([{ key: CaseIdAttribute, value: input.caseId }]);
  const queue = new ManualQueue(input, progress);
  setHandler(upstreamAttemptFailed, ({ error }) => {
    if (progress.state !== 'pending' && progress.state !== 'retrying') return;
    Object.assign(progress, { state: 'retrying', lastError: error });
    show('retrying');
  });
  show('pending');
  for (;;) {
    try {
      const { receiptId } = await submitToUpstream(input);
      Object.assign(progress, { state: 'delivered', receiptId });
      show('delivered');
      return { ...input, state: 'delivered', receiptId };
    } catch (err) {
      const reason = rejectionReason(err);
      if (reason === undefined) throw err;
      Object.assign(progress, { state: 'rejected', reason });
      show('rejected');
      // Submissions rejected before the manual queue existed ended here, and replay so.
      if (!has('upstream-manual-queue')) return { ...input, state: 'rejected', reason };
      const decision = await queue.decision();
      show(progress.state);
      if (decision.decision === 'close')
        return { ...input, state: 'closed', reason, closeReason: decision.reason };
    }
  }
}

/**
 * The administrator's decision on a rejected submission, as an update with a validator: refused unless the
 * submission waits in the queue and no other decision is being saved; answered once the activity persisted it.
 */
class ManualQueue {
  private waiting = false;
  private busy = false;
  private decided: UpstreamDecisionInput | undefined;

  constructor(
    private readonly input: UpstreamSubmissionInput,
    private readonly progress: UpstreamSubmissionProgress,
  ) {
    setHandler(decideUpstreamSubmission, (decision) => this.decide(decision), {
      validator: ({ decision, reason }: UpstreamDecisionInput) => {
        if (!this.waiting || this.busy)
          throw refusal(
            failureTypes.notInManualQueue,
            `submission is ${this.progress.state}, not in the queue`,
          );
        if (decision !== 'resubmit' && decision !== 'close')
          throw refusal(failureTypes.invalidDecision, 'the decision is resubmit or close');
        if (!reason?.trim()) throw refusal(failureTypes.invalidDecision, 'a decision needs a reason');
      },
    });
  }

  async decision(): Promise<UpstreamDecisionInput> {
    this.decided = undefined;
    this.waiting = true;
    await condition(() => this.decided !== undefined);
    return this.decided!;
  }

  private async decide(decision: UpstreamDecisionInput): Promise<UpstreamSubmissionProgress> {
    this.busy = true;
    try {
      await recordUpstreamDecision({ ...this.input, ...decision });
      this.waiting = false;
      if (decision.decision === 'close')
        Object.assign(this.progress, { state: 'closed', closeReason: decision.reason });
      else Object.assign(this.progress, { state: 'pending' });
      this.decided = decision;
      return { ...this.progress };
    } finally {
      this.busy = false;
    }
  }
}

const refusal = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

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
