/** The worker process: one connection to Temporal, one database pool, activities and workflows on one task queue. */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createBlobStore } from '../db/blob-stores';
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
import { startWorkerHttp } from '../observability/worker-http';
import { ensureAuditSchedule } from './schedules';
import { createUpstreamAdapters } from './upstream';
import { createWorker } from './worker';

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
  const blobs = createBlobStore(config);
  const metrics = createMetricsRegistry('worker');
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createWorker({
    metrics,
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    ...(config.TONGPAI_WORKFLOW_BUNDLE
      ? { workflowBundle: { codePath: config.TONGPAI_WORKFLOW_BUNDLE } }
      : {}),
    deps: {
      db,
      blobs,
      pipeline,
      rules: loadRuleBook(config.LIFECYCLE_RULES_FILE),
      keys: loadKeyRing(config.signingKeysDir, { activeKeyId: config.SIGNING_KEY_ID }),
      upstream: createUpstreamAdapters(config),
      upstreamPausedRetrySeconds: config.upstreamPausedRetrySeconds,
      personCipher: configuredPersonCipher(config),
    },
  });
  const client = new Client({
    connection: await Connection.connect({ address: config.temporalAddress }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
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
  await health.close();
  await connection.close();
  await db.destroy();
  await pipeline.close();
}

main().catch((err: unknown) => {
  // A missing or altered model is the likely first-run problem: one line naming the file, no stack.
  console.error(err instanceof ImagingError ? `worker cannot start: ${err.messages.en}` : err);
  process.exit(1);
});
