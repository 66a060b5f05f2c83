/**
 * Workflow tests without the whole stack: Temporal's time-skipping test server (fetched once into the cache by
 * stack/engines/temporal-test-server.ts), and a worker on a task queue of its own running the bundled workflows
 * with activities the test file gives as plain functions. No PostgreSQL, Keycloak or pipeline. Awaiting a
 * workflow's result lets the server skip ahead whenever nothing runs, so timers and retry waits cost nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { createActivities } from '../../activities';
import { workflowsPath } from '../../activities/worker';
import { loadConfig } from '../../config';
import { ensureTemporalTestServer } from '../../stack/engines/temporal-test-server';
import { searchAttributes } from '../../workflows/search-attributes';

export type Activities = ReturnType<typeof createActivities>;

export interface TimeSkippingWorld {
  env: TestWorkflowEnvironment;
  /** A client whose `result()` and `execute()` skip time while they wait. */
  client: Client;
  /** The worker's own task queue: start workflows on it. */
  taskQueue: string;
  /** Stops the worker, then the server. */
  stop(): Promise<void>;
}

// These tests make activities fail on purpose, which the worker logs as warnings: show errors only.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});

/** Starts the test server and a worker with the photo lifecycle workflows and the given activities. */
export async function startTimeSkipping(activities: Partial<Activities>): Promise<TimeSkippingWorld> {
  const config = loadConfig();
  const server = await ensureTemporalTestServer({
    cacheDir: config.TONGPAI_CACHE_DIR,
    version: config.TEMPORAL_TEST_SERVER_VERSION,
    javaHome: config.JAVA_HOME,
    log: (message) => process.stdout.write(`[tongpai] ${message}\n`),
  });
  // Bundling (a few seconds) overlaps the server's start.
  const bundling = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  bundling.catch(() => undefined);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: server } },
  });
  try {
    const workflowBundle = await bundling;
    await registerSearchAttributes(env);
    const taskQueue = `time-skipping-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities,
    });
    const running = worker.run();
    return {
      env,
      client: env.client,
      taskQueue,
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  } catch (err) {
    await env.teardown();
    throw err;
  }
}

/** The test server, like the real one, refuses to upsert search attributes it does not know. */
async function registerSearchAttributes(env: TestWorkflowEnvironment) {
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      searchAttributes.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
    ),
  });
}

/**
 * A test file's time-skipping world: started before its tests (the first run on a machine also fetches the
 * server into the cache) and stopped after them. Its fields are filled in once `beforeAll` has run.
 */
export function useTimeSkipping(activities: Partial<Activities>): TimeSkippingWorld {
  const world = {} as TimeSkippingWorld;
  beforeAll(async () => {
    Object.assign(world, await startTimeSkipping(activities));
  }, 300_000);
  afterAll(() => world.stop?.());
  return world;
}
