/** Builds the Temporal worker that runs the photo lifecycle workflows and activities. */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '.';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The pipeline is CPU-bound: more at once only makes each photo slower (and its timeout nearer). */
  maxConcurrentActivities: number;
  /** Pre-bundled workflow code (tests bundle once per suite); otherwise bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export const workflowsPath = require.resolve('../workflows');

export function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  maxConcurrentActivities,
  workflowBundle,
}: WorkerSettings): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    maxConcurrentActivityTaskExecutions: maxConcurrentActivities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  });
}
