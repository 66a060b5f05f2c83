/** All activities, created once per worker with their dependencies injected. */
import { caseStatusActivities } from './case-status';
import type { ActivityDeps } from './deps';
import { inspectMasterActivity } from './inspect-master';

export function createActivities(deps: ActivityDeps) {
  const { markProcessing, markFailed } = caseStatusActivities(deps);
  return {
    markProcessing,
    markFailed,
    ...inspectMasterActivity(deps),
  };
}

export type { ActivityDeps } from './deps';
