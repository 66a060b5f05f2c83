/** Temporal pieces for tests: one workflow bundle per file, a client, and workers on a task queue of their own. */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  DefaultLogger,
  type Worker,
} from '@temporalio/worker';
import { createWorker, workflowsPath } from '../../activities/worker';
import type { ActivityDeps } from '../../activities';
import { loadConfig } from '../../config';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/knex';
import { createPhotoPipeline, type PhotoPipeline } from '../../imaging';
import { testEngineEnv } from '../../stack/jest/test-env';
import { defaultRules, type RuleBook } from '../../domain/rules';
import { testLimits } from './api';
import { testKeys } from './keys';

// Worker logs would drown the test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

export const uniqueTaskQueue = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A client of the test Temporal server, or of the one at `address`. */
export async function connectClient(
  address = testEngineEnv('temporalAddress'),
): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
}

let bundle: ReturnType<typeof bundleWorkflowCode> | undefined;
const workflowBundle = () =>
  (bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') }));

let pipeline: Promise<PhotoPipeline> | undefined;

/**
 * What a test worker's activities need: the file's database and blobs, and one photo pipeline per test file
 * (its ONNX sessions load once). Files that run it need the ONNX test environment (see imaging/README.md).
 */
export async function activityDeps(
  db: Db,
  blobs: BlobStore,
  rules: RuleBook = { default: defaultRules, regions: {} },
): Promise<ActivityDeps> {
  pipeline ??= createPhotoPipeline({ modelsDir: loadConfig().TONGPAI_MODELS_DIR, limits: testLimits });
  return { db, blobs, pipeline: await pipeline, rules, keys: testKeys() };
}

/** Releases the file's pipeline (its ONNX sessions); call once the file's workers have stopped. */
export async function closeActivityDeps(): Promise<void> {
  const opened = pipeline;
  pipeline = undefined;
  await (await opened)?.close();
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(taskQueue: string, deps: ActivityDeps): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: testEngineEnv('temporalAddress') });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps,
    maxConcurrentActivities: loadConfig().WORKER_MAX_CONCURRENT_ACTIVITIES,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
