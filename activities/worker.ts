/** Builds the Temporal worker that runs the photo lifecycle workflows and activities. */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { tracingOff, type Tracing } from '../observability/tracing';
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
  /**
   * Pre-bundled workflow code (tests bundle once per suite); otherwise bundled from source at start. Bundled
   * with workflowCode(tracing.enabled): a bundle cannot be given interceptors afterwards.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where activity outcomes and pipeline stage timings are counted (the worker process's /metrics). */
  metrics?: Registry;
  /** Activity and workflow spans (observability/tracing.ts); off when absent. */
  tracing?: Pick<Tracing, 'enabled' | 'activityInterceptors' | 'workflowSinks'>;
}

export const workflowsPath = require.resolve('../workflows');

/**
 * The workflow code a worker runs, for bundleWorkflowCode and replay: the workflows, with the tracing interceptors
 * when tracing is on. Off, the code is what it was before tracing existed; both replay every committed history
 * (workflows/replay.test.ts), so a worker may be restarted with tracing on or off under running workflows.
 */
export function workflowCode(traced: boolean) {
  return {
    workflowsPath,
    workflowInterceptorModules: traced ? [require.resolve('../workflows/tracing-interceptors')] : [],
  };
}

/** Where `npm run build:workflows -- <file>` writes the bundle with the tracing interceptors, beside <file>. */
export const tracedBundlePath = (file: string) => file.replace(/(\.js)?$/, '.traced.js');

export function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  maxConcurrentActivities,
  workflowBundle,
  metrics,
  tracing = tracingOff,
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
    interceptors: {
      activity: [...tracing.activityInterceptors, ...(metrics ? [activityMetrics(metrics)] : [])],
      ...(workflowBundle
        ? {}
        : { workflowModules: workflowCode(tracing.enabled).workflowInterceptorModules }),
    },
    ...(tracing.workflowSinks ? { sinks: tracing.workflowSinks } : {}),
    maxConcurrentActivityTaskExecutions: 2 * maxConcurrentActivities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  });
}
