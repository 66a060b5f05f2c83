/** The worker process: one connection to Temporal, one database pool, activities and workflows on one task queue. */
import { existsSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfigOrExit, type Config } from '../config';
import { loadBlobKeyring } from '../db/blob-keys';
import { certificateKeys } from '../config/keys';
import { startRelay, type RelayDeps } from '../exchange/relay';
import { createBlobStore } from '../db/blob-stores';
import { secretSealer } from '../db/secret-seal';
import { configuredPersonCipher } from '../db/configured-person-cipher';
import { createDb } from '../db/knex';
import { loadRuleBook } from '../config/rules';
import { createPhotoPipeline, ImagingError } from '../imaging';
import { loadKeyRing } from '../signing/keys';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { blobStoreWritable, postgresReachable } from '../observability/checks';
import { createMetricsRegistry } from '../observability/metrics';
import { temporalLogTo } from '../observability/temporal-log';
import { startTracing } from '../observability/tracing';
import { startWorkerHttp } from '../observability/worker-http';
import { ensureAuditSchedule } from './schedules';
import { createUpstreamAdapters } from './upstream';
import { createWorker, tracedBundlePath } from './worker';

async function main() {
  const config = loadConfigOrExit();
  const log = pino({ level: config.LOG_LEVEL, base: { process: 'worker' } });
  // The SDK's own INFO lines (state changes of every poller) drown the worker's output; debug shows them again.
  const verbose = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
  Runtime.install({ logger: new DefaultLogger(verbose ? 'DEBUG' : 'WARN', temporalLogTo(log)) });
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start the worker through `npm start` or set it.');
  // Models first: a missing or altered weight file stops the worker here, naming the file.
  const pipeline = await createPhotoPipeline({
    modelsDir: config.TONGPAI_MODELS_DIR,
    ...(config.TONGPAI_PROFILES_DIR ? { profilesDir: config.TONGPAI_PROFILES_DIR } : {}),
    limits: { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS },
  });
  const db = createDb(config.DATABASE_URL);
  const blobKeyring = loadBlobKeyring(config);
  const blobs = createBlobStore(config, blobKeyring);
  const metrics = createMetricsRegistry('worker');
  const tracing = startTracing('tongpai-worker', config.otlpTracesUrl, log);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createWorker({
    metrics,
    tracing,
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    ...(config.TONGPAI_WORKFLOW_BUNDLE
      ? { workflowBundle: { codePath: prebuiltBundle(config.TONGPAI_WORKFLOW_BUNDLE, tracing.enabled) } }
      : {}),
    deps: {
      db,
      blobs,
      pipeline,
      rules: loadRuleBook(config.LIFECYCLE_RULES_FILE),
      keys: certificateKeys(config),
      upstream: createUpstreamAdapters(config),
      upstreamPausedRetrySeconds: config.upstreamPausedRetrySeconds,
      secrets: secretSealer(blobKeyring),
      network: config.TONGPAI_NETWORK,
      personCipher: configuredPersonCipher(config, blobKeyring),
    },
  });
  const relay = startExchangeRelay(config, { db, blobs, log });
  const client = new Client({
    connection: await Connection.connect({ address: config.temporalAddress }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  // Checkpoints cover the police side's trail; the government side's database keeps none (docs/networks.md).
  if (config.TONGPAI_NETWORK !== 'government')
    await ensureAuditSchedule(client, config.TEMPORAL_TASK_QUEUE, config.AUDIT_CHECKPOINT_MINUTES);
  await client.connection.close();
  const health = await startWorkerHttp({
    host: config.WORKER_HTTP_HOST,
    port: config.WORKER_HTTP_PORT,
    metrics,
    metricsToken: config.METRICS_TOKEN,
    checks: {
      postgres: postgresReachable(db),
      temporal: async () => {
        if (worker.getState() !== 'RUNNING') throw new Error(`worker is ${worker.getState()}`);
      },
      blobStore: blobStoreWritable(blobs),
    },
    log,
  });
  log.info(
    `worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.temporalAddress}; health and metrics on ${health.url}`,
  );
  // Worker.run() resolves after SIGINT/SIGTERM have drained in-flight tasks (the SDK installs those handlers).
  await worker.run();
  await relay?.stop();
  await health.close();
  await connection.close();
  await db.destroy();
  await pipeline.close();
  await tracing.shutdown();
}

/** The prebuilt bundle to run: with tracing on, the one with the interceptors, built beside it. */
function prebuiltBundle(file: string, traced: boolean): string {
  const bundle = traced ? tracedBundlePath(file) : file;
  if (!existsSync(bundle))
    throw new Error(
      `the workflow bundle ${bundle} is missing: build it with \`npm run build:workflows -- ${file}\``,
    );
  return bundle;
}

/** A side of a split deployment pushes its outbox to the other side; an all-in-one deployment has none. */
function startExchangeRelay(config: Config, { db, blobs, log }: Pick<RelayDeps, 'db' | 'blobs' | 'log'>) {
  const network = config.TONGPAI_NETWORK;
  if (network === 'single') return undefined;
  const relayDeps: RelayDeps = {
    db,
    blobs,
    log,
    sentBy: network,
    peerUrl: config.EXCHANGE_PEER_URL!,
    keys: loadKeyRing(config.EXCHANGE_KEYS_DIR, { activeKeyId: config.EXCHANGE_KEY_ID }),
  };
  log.info(`exchange relay pushing the ${network} side's outbox to ${config.EXCHANGE_PEER_URL}`);
  return startRelay(relayDeps, config.EXCHANGE_PUSH_INTERVAL_MS);
}

main().catch((err: unknown) => {
  // A missing or altered model is the likely first-run problem: one line naming the file, no stack.
  console.error(err instanceof ImagingError ? `worker cannot start: ${err.messages.en}` : err);
  process.exit(1);
});
