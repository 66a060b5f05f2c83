/** The API process: wiring only. */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfigOrExit } from '../config';
import { createBlobStore } from '../db/blob-stores';
import { createDb } from '../db/knex';
import { loadProfiles } from '../imaging';
import { loadRuleBook } from '../config/rules';
import { loadKeyRing } from '../signing/keys';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start the API through `npm start` or set it.');
  const log = pino({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({
    db,
    blobs: createBlobStore(config),
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
    limits: { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS },
    profiles: loadProfiles(config.TONGPAI_PROFILES_DIR || undefined),
    clientConfig: {
      keycloakUrl: config.keycloakUrl,
      realm: config.KEYCLOAK_REALM,
      clientId: 'tongpai-console',
    },
    modelsDir: config.TONGPAI_MODELS_DIR,
    webOrigin: config.webOrigin,
    log,
    checkResponses: true,
  });
  const server = app.listen(config.API_PORT, () =>
    log.info(`API listening on http://localhost:${config.API_PORT}`),
  );
  const shutdown = () => {
    server.close(() => void Promise.all([connection.close(), db.destroy()]).then(() => process.exit(0)));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
