/**
 * The recall of a revoked or superseded case's photos from one upstream library, `recall-<caseId>-<target>`.
 * The activity waits out a submission still being made (retried with backoff until it is delivered, then
 * recalled) and outages (no maximum of attempts, like submissions); the library refusing the recall (e.g.
 * unknown_receipt) ends it refused, recorded for a person.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { RecallReason } from '../domain/revocation';
import { upstreamTargets } from '../domain/upstream';
import {
  failureTypes,
  recallWorkflowId,
  type UpstreamRecallInput,
  type UpstreamRecallResult,
  upstreamActivityRetry,
} from './contracts';
import { CaseIdAttribute, UpstreamStateAttribute } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

const { recallFromUpstream } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: upstreamActivityRetry,
});

export async function upstreamRecall(input: UpstreamRecallInput): Promise<UpstreamRecallResult> {
  const show = (state: string) => upsertSearchAttributes([{ key: UpstreamStateAttribute, value: state }]);
  upsertSearchAttributes([{ key: CaseIdAttribute, value: input.caseId }]);
  show('recalling');
  try {
    const outcome = await recallFromUpstream(input);
    show(outcome.state);
    return { ...input, ...outcome };
  } catch (err) {
    const error = refusalReason(err);
    if (error === undefined) throw err;
    show('recall_refused');
    return { ...input, state: 'refused', error };
  }
}

/** One recall per library, abandoned by the starter (a library's outage may outlast it). */
export async function startUpstreamRecalls(caseId: string, reason: RecallReason): Promise<void> {
  await Promise.all(
    upstreamTargets.map((target) =>
      startChild(upstreamRecall, {
        workflowId: recallWorkflowId(caseId, target),
        args: [{ caseId, target, reason }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
}

function refusalReason(err: unknown): string | undefined {
  if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)) return undefined;
  const refused: string[] = [
    failureTypes.upstreamRecallRefused,
    failureTypes.notRecallable,
    failureTypes.caseNotFound,
  ];
  return err.cause.type && refused.includes(err.cause.type) ? err.cause.message : undefined;
}
