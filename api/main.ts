/** The API process: wiring only. */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfigOrExit } from '../config';
import { createBlobStore } from '../db/blob-stores';
import { createDb } from '../db/knex';
import { loadProfiles } from '../imaging';
import { loadRuleBook } from '../config/rules';
import { backfillPersonHashes, loadPersonHashKey, personHasher } from '../db/person-hash';
import { loadKeyRing } from '../signing/keys';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token';
import { developmentGrantCodeKey } from './grants/settings';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start the API through `npm start` or set it.');
  const log = pino({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  const personHash = personHasher(
    loadPersonHashKey(config.personHashKeyFile, { generateIfMissing: !config.PERSON_HASH_KEY_FILE }),
  );
  const backfilled = await backfillPersonHashes(db, personHash);
  if (backfilled) log.info({ cases: backfilled }, 'person hashes filled in for the audit search');
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
    dashboard: {
      onlineMinutes: config.STATION_ONLINE_MINUTES,
      stuckMinutes: config.DASHBOARD_STUCK_MINUTES,
      failureWindowMinutes: config.DASHBOARD_FAILURE_WINDOW_MINUTES,
      spikeHours: config.DASHBOARD_SPIKE_HOURS,
    },
    keys: loadKeyRing(config.signingKeysDir, { activeKeyId: config.SIGNING_KEY_ID }),
    personHash,
    verifyToken: createTokenVerifier({ issuer: config.keycloakIssuer, audience: config.API_AUDIENCE }),
    limits: { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS },
    profiles: loadProfiles(config.TONGPAI_PROFILES_DIR || undefined),
    clientConfig: {
      keycloakUrl: config.keycloakUrl,
      realm: config.KEYCLOAK_REALM,
      clientId: 'tongpai-console',
    },
    modelsDir: config.TONGPAI_MODELS_DIR,
    grants: {
      codeKey: config.GRANT_CODE_KEY || developmentGrantCodeKey(config.TONGPAI_DATA_DIR),
      purposes: config.GRANT_PURPOSES,
      maxExpirySeconds: config.GRANT_MAX_EXPIRY_DAYS * 86400,
      maxReads: config.GRANT_MAX_READS,
      redeemsPerMinute: {
        perClient: config.REDEEM_RATE_PER_CLIENT,
        perAddress: config.REDEEM_RATE_PER_ADDRESS,
      },
    },
    webOrigin: config.webOrigin,
    log,
    checkResponses: true,
    metricsToken: config.METRICS_TOKEN,
    hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
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
