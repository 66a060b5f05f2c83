/**
 * A test file's own capture service on the real engines: its database, its blob folder, a Temporal client
 * and the API, on a task queue of its own. Workers are the file's business: stop them before `close`.
 */
import type { ProcessingRetry } from '../../domain/processing';
import type { RuleBook } from '../../domain/rules';
import type { DashboardSettings } from '../../db/dashboard/scope';
import type { GrantSettings } from '../../api/grants/settings';
import type { ApplicationTimers, LifecycleTimers } from '../../workflows/contracts';
import type { Tracing } from '../../observability/tracing';
import type { AppDeps } from '../../api/app';
import { startApi } from './api';
import { createTestBlobs, createTestS3Blobs, type TestBlobs } from './blobs';
import { createTestDatabase, type TestDatabase } from './database';
import {
  activityDeps,
  closeActivityDeps,
  connectClient,
  startWorker,
  uniqueTaskQueue,
  type RunningWorker,
} from './temporal';

export interface CaptureService {
  database: TestDatabase;
  testBlobs: TestBlobs;
  temporal: Awaited<ReturnType<typeof connectClient>>;
  api: Awaited<ReturnType<typeof startApi>>;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startCaptureService(
  name: string,
  options: {
    processing?: ProcessingRetry;
    timers?: LifecycleTimers;
    /** The lifecycle rules of the API and of the worker (startWorkingService); the defaults when absent. */
    rules?: RuleBook;
    claimLeaseSeconds?: number;
    /** Where the photo files go: a folder of the file's own (the default) or a bucket on the test S3 gateway. */
    store?: 'file' | 's3';
    dashboard?: DashboardSettings;
    grants?: Partial<GrantSettings>;
    applicationTimers?: ApplicationTimers;
    /** Traces of the API: its server spans and its Temporal client's. */
    tracing?: Pick<Tracing, 'tracer' | 'clientInterceptors'>;
    /** A side of a split deployment (test/two-networks.it.test.ts); the all-in-one API when absent. */
    network?: AppDeps['network'];
    exchange?: AppDeps['exchange'];
  } = {},
): Promise<CaptureService> {
  // Undone in reverse order by close(), or at once if a later piece fails to start.
  const undo: (() => Promise<void>)[] = [];
  const close = async () => {
    let failure: unknown;
    // One at a time: the database is dropped only once the API has let go of it.
    for (const step of undo.splice(0).reverse()) await step().catch((err: unknown) => (failure ??= err));
    if (failure) throw failure;
  };
  try {
    const database = await createTestDatabase();
    undo.push(() => database.destroy());
    const testBlobs = await (options.store === 's3' ? createTestS3Blobs() : createTestBlobs());
    undo.push(() => testBlobs.destroy());
    const temporal = await connectClient(undefined, options.tracing?.clientInterceptors);
    undo.push(() => temporal.close());
    const taskQueue = uniqueTaskQueue(name);
    const { store: _store, tracing, ...apiOptions } = options;
    const api = await startApi({
      db: database.db,
      blobs: testBlobs.blobs,
      temporal: temporal.client,
      taskQueue,
      ...apiOptions,
      ...(tracing?.tracer ? { tracer: tracing.tracer } : {}),
    });
    undo.push(() => api.close());
    return { database, testBlobs, temporal, api, taskQueue, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/** A capture service whose task queue a worker serves with the real activities; `close` stops both in order. */
export async function startWorkingService(
  name: string,
  options: Parameters<typeof startCaptureService>[1] = {},
): Promise<CaptureService & { worker: RunningWorker }> {
  const service = await startCaptureService(name, options);
  try {
    const worker = await startWorker(
      service.taskQueue,
      await activityDeps(service.database.db, service.testBlobs.blobs, options.rules),
    );
    return {
      ...service,
      worker,
      async close() {
        await worker.stop();
        await closeActivityDeps();
        await service.close();
      },
    };
  } catch (err) {
    await closeActivityDeps();
    await service.close();
    throw err;
  }
}
