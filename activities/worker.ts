/** Builds the Temporal worker that runs the photo lifecycle workflows and activities. */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { activityMetrics, measurePipeline } from '../observability/worker-metrics';
import { createActivities, type ActivityDeps } from '.';
import { limitPhotosAtOnce } from './pipeline-slots';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /**
   * Photos processed at once: the pipeline is CPU-bound, more at once only makes each photo slower (and its
   * timeout nearer). The worker runs twice as many activities, so that the short steps of other cases and
   * the next photo are not held up behind a running photo.
   */
  maxConcurrentActivities: number;
  /** Pre-bundled workflow code (tests bundle once per suite); otherwise bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where activity outcomes and pipeline stage timings are counted (the worker process's /metrics). */
  metrics?: Registry;
}

export const workflowsPath = require.resolve('../workflows');

export function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  maxConcurrentActivities,
  workflowBundle,
  metrics,
}: WorkerSettings): Promise<Worker> {
  const pipeline = metrics ? measurePipeline(deps.pipeline, metrics) : deps.pipeline;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities({
      ...deps,
      pipeline: limitPhotosAtOnce(pipeline, maxConcurrentActivities),
    }),
    ...(metrics ? { interceptors: { activity: [activityMetrics(metrics)] } } : {}),
    maxConcurrentActivityTaskExecutions: 2 * maxConcurrentActivities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  });
}
