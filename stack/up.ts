/**
 * `npm start`: the whole system on embedded defaults, left running until Ctrl-C.
 * Engines first (in parallel), then migrations and demo data, then the worker, the API and the console.
 *
 * Every way it ends stops what it started, apps first, then engines: Ctrl-C, SIGTERM and SIGHUP (the terminal
 * closed), its output lost (EPIPE/EIO: `npm start | head`, a closed terminal), an uncaught error, its parent gone
 * (the tsx launcher killed). A SIGKILL, which no handler sees, is the keeper's (stack/guard.ts); what even that
 * missed is stopped by the next start (stack/leftovers.ts).
 */
import path from 'node:path';
import { loadConfigOrExit, repoRoot } from '../config';
import { migrateLatest } from '../db/migrate';
import { createDb } from '../db/knex';
import { seedDemoData } from '../db/seed';
import { ImagingError } from '../imaging/errors';
import { verifyModelFiles } from '../imaging/models/checksums';
import { demoLogins, realmFile } from './demo';
import { startEngines, type Engines } from './engines';
import { startGuard } from './guard';
import { assertPortsFree, stopLeftovers } from './leftovers';
import { fileAndConsoleSink } from './logs';
import { fetchMissingModels } from './models';
import { httpOk, roomyOldSpace, startProcess, waitUntil, type ManagedProcess } from './process';
import { MissingPrerequisiteError } from './tools';
import { loadKeyRing } from '../signing/keys';
import { loadBlobKeyring } from '../db/blob-keys';
import { loadPersonHashKey } from '../db/person-hash';
import { upstreamTargets } from '../domain/upstream';

const config = loadConfigOrExit();
const logDir = path.join(config.TONGPAI_DATA_DIR, 'logs');
const sink = fileAndConsoleSink(logDir, {
  onConsoleLost: (err) => {
    say(`the console is gone (${(err as NodeJS.ErrnoException).code ?? err.message}): stopping everything`);
    void stopAll(1);
  },
});
const say = (line: string) => sink('tongpai', line, 'stdout');
const guard = startGuard(config.TONGPAI_DATA_DIR, logDir, say);

const apps: ManagedProcess[] = [];
let stopping: Promise<void> | undefined;

function stopAll(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    say('stopping...');
    await Promise.allSettled(apps.map((p) => p.stop()));
    // The engines, and any still starting: startEngines may not have returned yet.
    await guard.stopRemaining();
    await guard.close();
    say('stopped; data kept in ' + config.TONGPAI_DATA_DIR);
    process.exit(exitCode);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    say(`${signal} received`);
    void stopAll(0);
  });
const failed = (what: string) => (err: unknown) => {
  sink('tongpai', `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 'stderr');
  void stopAll(1);
};
process.on('uncaughtException', failed('uncaught error'));
process.on('unhandledRejection', failed('unhandled rejection'));
// Run through tsx, this process is tsx's child: if tsx is killed, nobody forwards Ctrl-C here any more.
const launcher = process.ppid;
setInterval(() => {
  if (stopping || process.ppid === launcher) return;
  say(`the process that started this one (pid ${launcher}) is gone: stopping everything`);
  void stopAll(1);
}, 1000).unref();

async function main() {
  const started = Date.now();
  say(`data: ${config.TONGPAI_DATA_DIR}  cache: ${config.TONGPAI_CACHE_DIR}  logs: ${logDir}`);
  await requireModels(config.TONGPAI_MODELS_DIR);
  await stopLeftovers(config.TONGPAI_DATA_DIR, say);
  await assertPortsFree(portsNeeded());
  const engines = await startEngines({
    dataDir: config.TONGPAI_DATA_DIR,
    cacheDir: config.TONGPAI_CACHE_DIR,
    database: 'tongpai',
    postgres: config.DATABASE_URL ? { url: config.DATABASE_URL } : { port: config.EMBEDDED_PG_PORT },
    temporal: config.TEMPORAL_ADDRESS
      ? { address: config.TEMPORAL_ADDRESS }
      : {
          port: config.TEMPORAL_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          cliVersion: config.TEMPORAL_CLI_VERSION,
          namespace: config.TEMPORAL_NAMESPACE,
        },
    keycloak: config.KEYCLOAK_URL
      ? { url: config.KEYCLOAK_URL }
      : {
          port: config.KEYCLOAK_PORT,
          managementPort: config.KEYCLOAK_MANAGEMENT_PORT,
          version: config.KEYCLOAK_VERSION,
          adminPassword: config.KEYCLOAK_ADMIN_PASSWORD,
          ...(config.JAVA_HOME ? { javaHome: config.JAVA_HOME } : {}),
          realmFile,
        },
    ...(config.s3Local
      ? {
          s3: {
            port: config.S3_PORT,
            version: config.VERSITYGW_VERSION,
            bucket: config.S3_BUCKET,
            accessKeyId: config.s3.accessKeyId,
            secretAccessKey: config.s3.secretAccessKey,
          },
        }
      : {}),
    sink,
  });
  say(`engines ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // A development signing key is made once and kept with the data (production mounts its own keys).
  loadKeyRing(config.signingKeysDir, { generateIfEmpty: !config.SIGNING_KEYS_DIR });
  // Likewise the master key of the photo files' encryption, unless one is configured.
  const blobKeys = loadBlobKeyring(config, {
    generateIfMissing: !config.BLOB_MASTER_KEYS && !config.BLOB_MASTER_KEYS_FILE,
  });
  // And the person hash's key, before the API and the worker (which both read it) start.
  loadPersonHashKey(config.personHashKeyFile, { generateIfMissing: !config.PERSON_HASH_KEY_FILE });

  const db = createDb(engines.databaseUrl);
  const applied = await migrateLatest(db);
  await seedDemoData(db);
  await db.destroy();
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

  const env = {
    ...process.env,
    TONGPAI_DATA_DIR: config.TONGPAI_DATA_DIR,
    DATABASE_URL: engines.databaseUrl,
    TEMPORAL_ADDRESS: engines.temporalAddress,
    KEYCLOAK_URL: engines.keycloakUrl,
    TONGPAI_API_URL: `http://localhost:${config.API_PORT}`,
    // sharp (libvips) threads fragment glibc's per-thread arenas; two arenas keep the worker's memory bounded.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
  };
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const vite = path.join(repoRoot, 'node_modules', '.bin', 'vite');
  const app = (name: string, command: string, args: string[]) => {
    if (stopping) throw new Error(`not starting ${name}: stopping`);
    const proc = startProcess(name, command, args, { cwd: repoRoot, env, sink });
    apps.push(proc);
    void proc.exited.then((code) => {
      if (stopping) return;
      say(`${name} exited with code ${code}; stopping everything (see ${path.join(logDir, `${name}.log`)})`);
      void stopAll(1);
    });
    return proc;
  };
  // The only stand-in: the upstream libraries' simulator, for every target without a configured URL.
  const simulatedTargets = upstreamTargets.filter((t) => config.upstream[t].simulated);
  const upstreamSimUrl = `http://127.0.0.1:${config.UPSTREAM_SIM_PORT}`;
  const upstreamSim = simulatedTargets.length
    ? app('upstream-sim', tsx, [roomyOldSpace, 'upstream-sim/main.ts'])
    : undefined;
  app('worker', tsx, [roomyOldSpace, 'activities/main.ts']);
  const api = app('api', tsx, [roomyOldSpace, 'api/main.ts']);
  const web = app('web', vite, [
    '--config',
    'web/vite.config.ts',
    '--port',
    String(config.WEB_PORT),
    '--strictPort',
  ]);
  await waitUntil('API', () => httpOk(`http://localhost:${config.API_PORT}/readyz`), {
    timeoutMs: 60_000,
    process: api,
  });
  if (upstreamSim)
    await waitUntil('upstream simulator', () => httpOk(`${upstreamSimUrl}/healthz`), {
      timeoutMs: 60_000,
      process: upstreamSim,
    });
  await waitUntil('console', () => httpOk(`http://localhost:${config.WEB_PORT}/`), {
    timeoutMs: 60_000,
    process: web,
  });

  const kc = engines.keycloakUrl;
  const lines = [
    '',
    `Tongpai is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s). Ctrl-C stops everything; data is kept.`,
    '',
    `  Console        http://localhost:${config.WEB_PORT}`,
    `  API            http://localhost:${config.API_PORT}/api/v1   docs: http://localhost:${config.API_PORT}/api/docs`,
    `  Temporal UI    ${engines.temporalUiUrl ?? '(external cluster: ' + engines.temporalAddress + ')'}`,
    `  Keycloak       ${kc}/admin  (admin / ${config.KEYCLOAK_URL ? '<your admin>' : config.KEYCLOAK_ADMIN_PASSWORD}; realm ${config.KEYCLOAK_REALM})`,
    `  PostgreSQL     ${engines.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
    `  Photo files    ${photoStore(engines)}, encrypted with master key "${blobKeys.currentKeyId}"`,
    simulatedTargets.length
      ? `  Upstream SIMULATOR ${upstreamSimUrl}  (the only stand-in, not a real library: ${simulatedTargets.join(', ')}; faults: PUT /admin/faults)`
      : '  Upstream       every target at its configured URL',
    '',
    '  Demo logins (demo realm only):',
    ...demoLogins.map((l) => `    ${l.username.padEnd(16)} ${l.password.padEnd(14)} ${l.description}`),
    '',
  ];
  for (const line of lines) console.log(line);
}

function photoStore(engines: Engines): string {
  if (config.BLOB_STORE === 'file') return config.blobDir;
  const where = engines.s3
    ? `local Versity S3 gateway at ${engines.s3.location.endpoint}, data in ${engines.s3.dir}`
    : config.s3.endpoint;
  return `s3://${config.S3_BUCKET}/ (${where})`;
}

/** Every port this stack's own processes will listen on, with the setting that moves it. */
function portsNeeded(): { port: number; setting: string }[] {
  const ports = [
    { port: config.API_PORT, setting: 'API_PORT' },
    { port: config.WEB_PORT, setting: 'WEB_PORT' },
    { port: config.WORKER_HTTP_PORT, setting: 'WORKER_HTTP_PORT' },
  ];
  if (upstreamTargets.some((t) => config.upstream[t].simulated))
    ports.push({ port: config.UPSTREAM_SIM_PORT, setting: 'UPSTREAM_SIM_PORT' });
  if (!config.DATABASE_URL) ports.push({ port: config.EMBEDDED_PG_PORT, setting: 'EMBEDDED_PG_PORT' });
  if (!config.TEMPORAL_ADDRESS)
    ports.push(
      { port: config.TEMPORAL_PORT, setting: 'TEMPORAL_PORT' },
      { port: config.TEMPORAL_UI_PORT, setting: 'TEMPORAL_UI_PORT' },
    );
  if (!config.KEYCLOAK_URL)
    ports.push(
      { port: config.KEYCLOAK_PORT, setting: 'KEYCLOAK_PORT' },
      { port: config.KEYCLOAK_MANAGEMENT_PORT, setting: 'KEYCLOAK_MANAGEMENT_PORT' },
    );
  if (config.s3Local) ports.push({ port: config.S3_PORT, setting: 'S3_PORT' });
  return ports;
}

/**
 * The worker cannot run without the model weights: fetch the missing ones (a first start), and say what is wrong
 * before minutes of engine start-up, not after.
 */
async function requireModels(dir: string): Promise<void> {
  await fetchMissingModels(dir, config.TONGPAI_MODELS_BASE_URL, say);
  try {
    await verifyModelFiles(dir);
  } catch (err) {
    if (!(err instanceof ImagingError)) throw err;
    throw new MissingPrerequisiteError(
      `${err.messages.en}\nFetch the model weights as the README's "Model weights" section shows, then set TONGPAI_MODELS_DIR to their folder (now ${dir}).`,
    );
  }
  say(`models verified in ${dir}`);
}

/** Settles once the stack is up (the banner printed) or has failed to come up. */
export const stackUp = main().catch((err: unknown) => {
  // Once stopping, start-up fails only because its engines are going away: nothing to report.
  if (stopping) return;
  if (err instanceof MissingPrerequisiteError) console.error(`\n${err.message}\n`);
  else console.error(err);
  void stopAll(1);
});
