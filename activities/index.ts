/** All activities, created once per worker with their dependencies injected. */
import { caseStatusActivities } from './case-status';
import type { ActivityDeps } from './deps';
import { processMasterActivity } from './process-master';

export function createActivities(deps: ActivityDeps) {
  return { ...caseStatusActivities(deps), ...processMasterActivity(deps) };
}

export type { ActivityDeps } from './deps';
