/** The API process: wiring only. */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfigOrExit } from '../config';
import { createFileBlobStore } from '../db/blob-store';
import { createDb } from '../db/knex';
import { createPhotoPipeline, loadProfiles } from '../imaging';
import { loadRuleBook } from '../config/rules';
import { loadKeyRing } from '../signing/keys';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token';
import { lazyPipeline } from './sharing/tools-pipeline';
import { personHasher } from '../db/lookup-reads';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start the API through `npm start` or set it.');
  const log = pino({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const limits = { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS };
  const toolsPipeline = lazyPipeline(
    () =>
      createPhotoPipeline({
        modelsDir: config.TONGPAI_MODELS_DIR,
        ...(config.TONGPAI_PROFILES_DIR ? { profilesDir: config.TONGPAI_PROFILES_DIR } : {}),
        limits,
      }),
    config.TOOLS_MAX_CONCURRENT,
  );
  const app = createApp({
    db,
    blobs: createFileBlobStore(config.blobDir),
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    processing: {
      attempts: config.PROCESSING_ATTEMPTS,
      firstRetrySeconds: config.PROCESSING_FIRST_RETRY_SECONDS,
    },
    timers: {
      retakeDeadlineSeconds: config.RETAKE_DEADLINE_SECONDS,
      reviewSlaSeconds: config.REVIEW_SLA_SECONDS,
    },
    rules: loadRuleBook(config.LIFECYCLE_RULES_FILE),
    claimLeaseSeconds: config.CLAIM_LEASE_SECONDS,
    keys: loadKeyRing(config.signingKeysDir, { activeKeyId: config.SIGNING_KEY_ID }),
    verifyToken: createTokenVerifier({ issuer: config.keycloakIssuer, audience: config.API_AUDIENCE }),
    limits,
    profiles: loadProfiles(config.TONGPAI_PROFILES_DIR || undefined),
    clientConfig: {
      keycloakUrl: config.keycloakUrl,
      realm: config.KEYCLOAK_REALM,
      clientId: 'tongpai-console',
    },
    webOrigin: config.webOrigin,
    personHash: personHasher(config.PERSON_HASH_KEY),
    applicationTimers: { reminderBeforeSeconds: config.APPLICATION_REMINDER_SECONDS },
    toolsPipeline: toolsPipeline.get,
    log,
    checkResponses: true,
  });
  const server = app.listen(config.API_PORT, () =>
    log.info(`API listening on http://localhost:${config.API_PORT}`),
  );
  const shutdown = () => {
    server.close(
      () =>
        void Promise.all([connection.close(), db.destroy(), toolsPipeline.close()]).then(() =>
          process.exit(0),
        ),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
