/**
 * `auditCheckpoint`: one signed checkpoint over every audit chain's head, started by the
 * `audit-checkpoints-<taskQueue>` schedule (activities/schedules.ts), so that removing the newest entries of any chain shows.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

const { writeAuditCheckpoint } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export async function auditCheckpoint(): Promise<string | null> {
  return writeAuditCheckpoint();
}
