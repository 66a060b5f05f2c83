import { ParentClosePolicy, proxyActivities, proxyLocalActivities, startChild, upsertSearchAttributes } from '@temporalio/workflow';
import { upstreamTargets } from '../domain/upstream';
import { CaseIdAttribute, CaseStatusAttribute, UpstreamStateAttribute } from '../workflows/search-attributes';
import type { emptyActivities } from '../stack/bench/engine-ceiling/activities';
type A = typeof emptyActivities;
const o = { startToCloseTimeout: '1 minute' } as const;
const { markProcessing, routeCase, issueCase, submitToUpstream: submitLocal } = proxyLocalActivities<A>(o);
const { processMaster, submitToUpstream } = proxyActivities<A>(o);
async function casePart() {
  const moveTo = (status: string) => upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
  await markProcessing(); moveTo('processing');
  await processMaster(); moveTo('processed');
  await routeCase(); moveTo('approved');
  await issueCase(); moveTo('issued');
}
export async function caseB(caseId: string, local: boolean): Promise<void> {
  await casePart();
  await Promise.all(upstreamTargets.map((target) => startChild(childB, {
    workflowId: `${caseId}-${target}`, args: [local], parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [{ key: CaseIdAttribute, value: caseId }, { key: UpstreamStateAttribute, value: 'pending' }],
  })));
}
export async function childB(local: boolean): Promise<void> {
  await (local ? submitLocal() : submitToUpstream());
  upsertSearchAttributes([{ key: UpstreamStateAttribute, value: 'delivered' }]);
}
