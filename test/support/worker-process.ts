/**
 * Worker processes as `npm start` runs them (`activities/main.ts` under tsx), on a capture service's database,
 * blobs and task queue, for tests that kill workers or run several.
 */
import path from 'node:path';
import { formatBlobKeyring } from '../../db/blob-keys';
import { loadConfig, repoRoot } from '../../config';
import { startProcess, waitUntil, type ManagedProcess } from '../../stack/process';
import { freePort } from '../../stack/jest/free-port';
import { testEngineEnv } from '../../stack/jest/test-env';
import type { CaptureService } from './capture-service';
import { testKeysDir, testPersonKeyring } from './keys';
import { upstreamTargets } from '../../domain/upstream';
import { simulatorTokens, testSimulator } from './temporal';

/** Starts one worker process; resolves once it polls its task queue (its output is in the error otherwise). */
export async function startWorkerProcess(
  service: CaptureService,
  env: Record<string, string> = {},
): Promise<ManagedProcess> {
  const config = loadConfig();
  let polling = false;
  const output: string[] = [];
  const worker = startProcess(
    'worker',
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['activities/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: service.database.url,
        SIGNING_KEYS_DIR: testKeysDir(),
        TEMPORAL_ADDRESS: testEngineEnv('temporalAddress'),
        TEMPORAL_TASK_QUEUE: service.taskQueue,
        BLOB_DIR: service.testBlobs.dir,
        BLOB_STORE: 'file',
        // The photo files' keys, and the key the test's API seals ID numbers under (not current: files stay
        // under their own).
        BLOB_MASTER_KEYS: `${formatBlobKeyring(testPersonKeyring())},${formatBlobKeyring(service.testBlobs.keyring)}`,
        BLOB_MASTER_KEY_ID: service.testBlobs.keyring.currentKeyId,
        TONGPAI_MODELS_DIR: config.TONGPAI_MODELS_DIR,
        // What the assertions rely on, whatever the developer's shell says: the shipped profiles, two at once.
        TONGPAI_PROFILES_DIR: '',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '2',
        // Its health and metrics listener on a port of its own, beside other workers and a developer's stack.
        WORKER_HTTP_PORT: String(await freePort()),
        ...env,
      },
      sink: (_name, line) => {
        output.push(line);
        if (line.includes('worker polling task queue')) polling = true;
      },
    },
  );
  await waitUntil('the worker to poll', async () => polling, {
    timeoutMs: 90_000,
    intervalMs: 100,
    process: worker,
  }).catch(async (err: Error) => {
    await worker.stop();
    throw new Error(`${err.message}:\n${output.join('\n')}`);
  });
  return worker;
}

/** Kills a worker at once (SIGKILL to its process group: tsx and the node process it runs) and waits for it. */
export async function killWorkerProcess(worker: ManagedProcess): Promise<void> {
  process.kill(-worker.child.pid!, 'SIGKILL');
  await worker.exited;
}

/** True once some case's workflow has a `processMaster` attempt running on a worker. */
export async function processingStarted(service: CaptureService, caseIds: string[]): Promise<boolean> {
  return (await runningPhotoWorkers(service, caseIds)).length > 0;
}

/** The identities (`<pid>@<host>`) of the workers running a `processMaster` attempt of these cases now. */
export async function runningPhotoWorkers(service: CaptureService, caseIds: string[]): Promise<string[]> {
  const identities: string[] = [];
  for (const id of caseIds) {
    const { raw } = await service.temporal.client.workflow.getHandle(`photo-${id}`).describe();
    for (const activity of raw.pendingActivities ?? [])
      if (activity.activityType?.name === 'processMaster' && activity.lastStartedTime)
        identities.push(activity.lastWorkerIdentity ?? '');
  }
  return identities;
}

/** For worker processes: they deliver to the file's upstream simulator, never to one a developer's `npm start` runs. */
export async function upstreamEnv(): Promise<Record<string, string>> {
  const simulator = await testSimulator();
  const env: Record<string, string> = {};
  for (const target of upstreamTargets) {
    const name = target.toUpperCase();
    env[`UPSTREAM_${name}_URL`] = simulator.targetUrl(target);
    env[`UPSTREAM_${name}_TOKEN`] = simulatorTokens[target];
  }
  return env;
}
