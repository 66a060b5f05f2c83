/** Builds the Temporal worker that runs the photo lifecycle workflows and activities. */
import http from 'node:http';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
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
    activities: createActivities({
      ...deps,
      pipeline: limitPhotosAtOnce(deps.pipeline, maxConcurrentActivities),
    }),
    maxConcurrentActivityTaskExecutions: 2 * maxConcurrentActivities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  });
}

/**
 * A container's health check of the worker, which has no HTTP of its own: 200 while the worker runs (polls its
 * task queue), 503 once it stops or fails, so the orchestrator replaces it. On every interface: Docker's check
 * runs inside the container, a Kubernetes probe comes to the pod's address.
 */
export function serveWorkerHealth(worker: Pick<Worker, 'getState'>, port: number): http.Server {
  return http
    .createServer((req, res) => {
      const running = worker.getState() === 'RUNNING';
      res.writeHead(req.url === '/healthz' ? (running ? 200 : 503) : 404, { 'content-type': 'text/plain' });
      res.end(req.url === '/healthz' ? worker.getState() : 'not found');
    })
    .listen(port);
}
