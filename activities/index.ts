/** All activities, created once per worker with their dependencies injected. */
import { auditActivities } from './audit';
import { caseStatusActivities } from './case-status';
import type { ActivityDeps } from './deps';
import { grantActivities } from './grant';
import { grantWebhookActivities } from './grant-webhooks';
import { issueActivities } from './issue';
import { processMasterActivity } from './process-master';
import { reviewActivities } from './review';
import { sharingApplicationActivities } from './sharing-applications';
import { upstreamRecallActivities } from './upstream-recall';
import { upstreamDecisionActivities } from './upstream-decision';
import { upstreamSubmitActivities } from './upstream-submit';

export function createActivities(deps: ActivityDeps) {
  return {
    ...caseStatusActivities(deps),
    ...processMasterActivity(deps),
    ...reviewActivities(deps),
    ...issueActivities(deps),
    ...auditActivities(deps),
    ...upstreamSubmitActivities(deps),
    ...upstreamRecallActivities(deps),
    ...upstreamDecisionActivities(deps),
    ...grantActivities(deps),
    ...grantWebhookActivities(deps),
    ...sharingApplicationActivities(deps),
  };
}

export type { ActivityDeps } from './deps';
