/**
 * The fault drills' own stack, so that restarting an engine touches nobody else's: PostgreSQL and the Temporal
 * dev server (on a database file, so it can be stopped and started again on it) on free ports in a temporary
 * folder, the upstream simulator, the worker and the API as the real processes `npm start` runs. Keycloak is
 * only read (tokens and their keys), so the drills use one that is running already.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, repoRoot } from '../../config';
import { newBlobKeyEntry } from '../../db/blob-keys';
import { createDb, type Db } from '../../db/knex';
import { migrateLatest } from '../../db/migrate';
import { seedDemoData } from '../../db/seed';
import { loadKeyRing } from '../../signing/keys';
import { startEmbeddedPostgres, type RunningPostgres } from '../engines/postgres';
import { ensureTemporalCli, startTemporalDevServer, type RunningTemporal } from '../engines/temporal';
import { freePort } from '../jest/free-port';
import { fileAndConsoleSink } from '../logs';
import {
  httpOk,
  roomyOldSpace,
  startProcess,
  waitUntil,
  type LineSink,
  type ManagedProcess,
} from '../process';
import type { Faults } from '../../upstream-sim/faults';

/** One line of the simulator's JSON log: what it accepted, and whether it answered from what it had. */
export interface SimulatorEvent {
  msg: string;
  target?: string;
  receiptId?: string;
  replayed?: boolean;
  /** For an injected fault: which, and on which path. */
  fault?: string;
  path?: string;
}

export interface DrillStack {
  root: string;
  logDir: string;
  apiUrl: string;
  simulatorUrl: string;
  keycloakUrl: string;
  temporalAddress: string;
  /** A pool on the drill's database (it fails while PostgreSQL is down, and recovers). */
  db: Db;
  /** Every submission and recall the simulator accepted, and every fault it injected, in order (its log). */
  simulatorEvents: SimulatorEvent[];
  setFaults(faults: Partial<Faults>): Promise<void>;
  clearFaults(): Promise<void>;
  startWorker(): Promise<void>;
  /** SIGKILL to the worker's process group (tsx and the node process it runs): no shutdown at all. */
  killWorker(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** Stops everything; the folder (data and logs) is removed unless `keepFiles`. */
  stop(options?: { keepFiles?: boolean }): Promise<void>;
}

const taskQueue = 'tongpai-drill';
const database = 'tongpai';

export async function startDrillStack({ keycloakUrl }: { keycloakUrl: string }): Promise<DrillStack> {
  const config = loadConfig();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-drill-'));
  // The PostgreSQL server runs as the `postgres` user when we are root: it must reach its folder.
  await fs.chmod(root, 0o755);
  const logDir = path.join(root, 'logs');
  const toFiles = fileAndConsoleSink(logDir, { console: false });
  const simulatorEvents: SimulatorEvent[] = [];
  const sink: LineSink = (name, line, stream) => {
    toFiles(name, line, stream);
    if (name !== 'upstream-sim' || !line.startsWith('{')) return;
    const event = JSON.parse(line) as SimulatorEvent;
    if (['submission accepted', 'recall accepted', 'fault injected'].includes(event.msg))
      simulatorEvents.push(event);
  };
  const [pgPort, temporalPort, apiPort, simulatorPort, workerHttpPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const temporalBinary = await ensureTemporalCli(config.TONGPAI_CACHE_DIR, config.TEMPORAL_CLI_VERSION, sink);

  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let worker: ManagedProcess | undefined;
  const apps: ManagedProcess[] = [];
  let db: Db | undefined;

  const startPostgres = async () => {
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(root, 'postgres'),
      port: pgPort,
      database,
      sink,
    });
  };
  const startTemporal = async () => {
    temporal = await startTemporalDevServer({
      binary: temporalBinary,
      dbFile: path.join(root, 'temporal', 'temporal.db'),
      port: temporalPort,
      namespace: 'default',
      sink,
    });
  };

  const stop = async () => {
    await Promise.allSettled([worker, ...apps].map((p) => p?.stop(5_000)));
    await db?.destroy();
    await Promise.allSettled([postgres?.stop(), temporal?.stop()]);
  };

  try {
    await Promise.all([startPostgres(), startTemporal()]);
    db = createDb(postgres!.url);
    await migrateLatest(db);
    await seedDemoData(db);
    const keysDir = path.join(root, 'keys');
    loadKeyRing(keysDir, { generateIfEmpty: true });

    // Only what the drills set: the developer's shell (another database, real libraries) stays out.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TONGPAI_DATA_DIR: root,
      TONGPAI_CACHE_DIR: config.TONGPAI_CACHE_DIR,
      TONGPAI_MODELS_DIR: config.TONGPAI_MODELS_DIR,
      DATABASE_URL: postgres!.url,
      TEMPORAL_ADDRESS: temporal!.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      KEYCLOAK_URL: keycloakUrl,
      SIGNING_KEYS_DIR: keysDir,
      BLOB_MASTER_KEYS: newBlobKeyEntry('drill-1'),
      API_PORT: String(apiPort),
      UPSTREAM_SIM_PORT: String(simulatorPort),
      WORKER_HTTP_PORT: String(workerHttpPort),
      LOG_LEVEL: 'info',
      MALLOC_ARENA_MAX: '2',
    };
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const app = (name: string, args: string[], options: { stdout?: (line: string) => void } = {}) =>
      startProcess(name, tsx, args, {
        cwd: repoRoot,
        env,
        sink: (n, line, stream) => {
          sink(n, line, stream);
          options.stdout?.(line);
        },
      });

    const simulator = app('upstream-sim', [roomyOldSpace, 'upstream-sim/main.ts']);
    const api = app('api', [roomyOldSpace, 'api/main.ts']);
    apps.push(simulator, api);
    const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const startWorker = async () => {
      let polling = false;
      worker = app('worker', [roomyOldSpace, 'activities/main.ts'], {
        stdout: (line) => (polling ||= line.includes('worker polling task queue')),
      });
      await waitUntil('the worker to poll', async () => polling, {
        timeoutMs: 120_000,
        intervalMs: 100,
        process: worker,
      });
    };
    const faults = async (method: 'PUT' | 'DELETE', body?: Partial<Faults>) => {
      const res = await fetch(`${simulatorUrl}/admin/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`faults ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
    };

    await Promise.all([
      waitUntil('upstream simulator', () => httpOk(`${simulatorUrl}/healthz`), {
        timeoutMs: 120_000,
        process: simulator,
      }),
      waitUntil('API', () => httpOk(`${apiUrl}/readyz`), { timeoutMs: 120_000, process: api }),
      startWorker(),
    ]);
    return {
      root,
      logDir,
      apiUrl,
      simulatorUrl,
      keycloakUrl,
      temporalAddress: temporal!.address,
      db,
      simulatorEvents,
      setFaults: (patch) => faults('PUT', patch),
      clearFaults: () => faults('DELETE'),
      startWorker,
      async killWorker() {
        const killed = worker!;
        process.kill(-killed.child.pid!, 'SIGKILL');
        await killed.exited;
      },
      stopPostgres: () => postgres!.stop(),
      startPostgres,
      stopTemporal: () => temporal!.stop(),
      startTemporal,
      async stop({ keepFiles = false } = {}) {
        await stop();
        if (!keepFiles) await fs.rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stop();
    throw Object.assign(new Error(`the drill stack did not start (logs kept in ${logDir})`), { cause: err });
  }
}
