/**
 * A test file's own capture service on the real engines: its database, its blob folder, a Temporal client
 * and the API, on a task queue of its own. Workers are the file's business: stop them before `close`.
 */
import type { ProcessingRetry } from '../../workflows/contracts';
import { startApi } from './api';
import { createTestBlobs, type TestBlobs } from './blobs';
import { createTestDatabase, type TestDatabase } from './database';
import { connectClient, uniqueTaskQueue } from './temporal';

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
  options: { processing?: ProcessingRetry } = {},
): Promise<CaptureService> {
  const database = await createTestDatabase();
  const testBlobs = await createTestBlobs();
  const temporal = await connectClient();
  const taskQueue = uniqueTaskQueue(name);
  const api = await startApi({
    db: database.db,
    blobs: testBlobs.blobs,
    temporal: temporal.client,
    taskQueue,
    ...options,
  });
  return {
    database,
    testBlobs,
    temporal,
    api,
    taskQueue,
    async close() {
      await api.close();
      await temporal.close();
      await database.destroy();
      await testBlobs.destroy();
    },
  };
}
