/**
 * The photo lifecycle's shape with no work inside, for the benchmark's engine ceiling: the same local and
 * scheduled activities, search-attribute upserts and abandoned child workflows as an auto-issued case
 * (workflows/photo-case.ts, workflows/upstream-submission.ts), each activity returning at once.
 */
import {
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { upstreamTargets } from '../../../domain/upstream';
import {
  CaseIdAttribute,
  CaseStatusAttribute,
  UpstreamStateAttribute,
} from '../../../workflows/search-attributes';
import type { emptyActivities } from './activities';

type Activities = typeof emptyActivities;
const options = { startToCloseTimeout: '1 minute' } as const;
const { markProcessing, routeCase, issueCase } = proxyLocalActivities<Activities>(options);
const { processMaster, submitToUpstream } = proxyActivities<Activities>(options);

export async function emptyCase(caseId: string): Promise<void> {
  const moveTo = (status: string) => upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
  await markProcessing();
  moveTo('processing');
  await processMaster();
  moveTo('processed');
  await routeCase();
  moveTo('approved');
  await issueCase();
  moveTo('issued');
  await Promise.all(
    upstreamTargets.map((target) =>
      startChild(emptySubmission, {
        workflowId: `${caseId}-${target}`,
        args: [caseId],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
}

export async function emptySubmission(caseId: string): Promise<void> {
  upsertSearchAttributes([{ key: CaseIdAttribute, value: caseId }]);
  upsertSearchAttributes([{ key: UpstreamStateAttribute, value: 'pending' }]);
  await submitToUpstream();
  upsertSearchAttributes([{ key: UpstreamStateAttribute, value: 'delivered' }]);
}
