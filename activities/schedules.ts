/**
 * The worker's schedules, made or updated when it starts (idempotent): several workers starting at once
 * end with one schedule.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { auditCheckpoint } from '../workflows';

/** One schedule per task queue (a deployment has one; test files each have their own). */
export const auditScheduleId = (taskQueue: string) => `audit-checkpoints-${taskQueue}`;

export async function ensureAuditSchedule(
  client: Client,
  taskQueue: string,
  everyMinutes: number,
): Promise<void> {
  const spec = { intervals: [{ every: `${everyMinutes} minutes` as const }] };
  const scheduleId = auditScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'auditCheckpoint' satisfies (typeof auditCheckpoint)['name'],
        taskQueue,
        workflowId: scheduleId,
      },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec }));
  }
}
