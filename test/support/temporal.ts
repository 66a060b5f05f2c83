/** Temporal pieces for tests: one workflow bundle per file, a client, and workers on a task queue of their own. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  DefaultLogger,
  type Worker,
} from '@temporalio/worker';
import { createWorker, workflowCode } from '../../activities/worker';
import { createMetricsRegistry } from '../../observability/metrics';
import type { ActivityDeps } from '../../activities';
import { loadConfig } from '../../config';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/knex';
import { createPhotoPipeline, type PhotoPipeline } from '../../imaging';
import { testEngineEnv } from '../../stack/jest/test-env';
import { temporalTestLog, testLogger } from '../../stack/jest/test-logs';
import { defaultRules, type RuleBook } from '../../domain/rules';
import { testLimits } from './api';
import { testKeys, testPersonCipher, testSecrets } from './keys';
import { createHttpAdapter, type UpstreamAdapters } from '../../activities/upstream';
import { upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { startSimulator, type RunningSimulator } from '../../upstream-sim/server';

// Worker logs go to the run's log folder (scanned for personal data at its end); warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('INFO', temporalTestLog) });

export const uniqueTaskQueue = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A client of the test Temporal server, or of the one at `address`. */
export async function connectClient(
  address = testEngineEnv('temporalAddress'),
  interceptors: ClientInterceptors = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, interceptors }), close: () => connection.close() };
}

let bundle: ReturnType<typeof bundleWorkflowCode> | undefined;
const workflowBundle = () =>
  (bundle ??= bundleWorkflowCode({ ...workflowCode(false), logger: new DefaultLogger('WARN') }));

let pipeline: Promise<PhotoPipeline> | undefined;
let simulator: Promise<{ running: RunningSimulator; dataDir: string }> | undefined;

/**
 * The upstream simulator of this test file (started in the process on an ephemeral port, its receipts in a
 * temporary folder), so issued cases are submitted for real.
 */
export async function testSimulator(): Promise<RunningSimulator> {
  simulator ??= (async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'upstream-sim-'));
    return {
      running: await startSimulator({
        port: 0,
        dataDir,
        tokens: simulatorTokens,
        log: testLogger('upstream-sim'),
      }),
      dataDir,
    };
  })();
  return (await simulator).running;
}

/** Sets the test simulator's faults (upstream-sim/faults.ts; unnamed ones keep their value). */
export async function setSimulatorFaults(faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${(await testSimulator()).url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (res.status !== 200)
    throw new Error(`the simulator refused the faults: ${res.status} ${await res.text()}`);
}

export const simulatorTokens = Object.fromEntries(
  upstreamTargets.map((t) => [t, `test-token-${t}`]),
) as Record<UpstreamTarget, string>;

async function testUpstreamAdapters(): Promise<UpstreamAdapters> {
  const running = await testSimulator();
  const entries = upstreamTargets.map(
    (target) =>
      [
        target,
        createHttpAdapter(target, {
          url: running.targetUrl(target),
          token: simulatorTokens[target],
          timeoutMs: 10_000,
        }),
      ] as const,
  );
  return Object.fromEntries(entries) as UpstreamAdapters;
}

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
  return {
    db,
    blobs,
    pipeline: await pipeline,
    rules,
    keys: testKeys(),
    upstream: await testUpstreamAdapters(),
    // A resumed library is looked at again within seconds in the tests.
    upstreamPausedRetrySeconds: 2,
    secrets: testSecrets(),
    personCipher: testPersonCipher(),
  };
}

/** Releases the file's pipeline (its ONNX sessions) and simulator; call once the file's workers have stopped. */
export async function closeActivityDeps(): Promise<void> {
  const opened = pipeline;
  pipeline = undefined;
  await (await opened)?.close();
  const started = simulator;
  simulator = undefined;
  if (!started) return;
  const { running, dataDir } = await started;
  await running.close();
  await fs.rm(dataDir, { recursive: true, force: true });
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
    // As the worker process runs: activities and the pipeline measured through the interceptor and the wrapper.
    metrics: createMetricsRegistry('worker'),
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
