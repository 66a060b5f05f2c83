/**
 * The API's dependencies from its configuration: what `api/main.ts` serves, and what `npm run bench:api`
 * measures, so the benchmark runs the production wiring. The caller owns the Temporal client and the tracing
 * (observability/tracing.ts), whose interceptors that client carries.
 */
import type { Tracer } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { certificateKeys } from '../config/keys';
import { loadRuleBook } from '../config/rules';
import { loadBlobKeyring } from '../db/blob-keys';
import { createBlobStore } from '../db/blob-stores';
import { secretSealer } from '../db/secret-seal';
import { createDb } from '../db/knex';
import { configuredPersonCipher } from '../db/configured-person-cipher';
import { sealPersons } from '../db/seal-persons';
import { createPhotoPipeline, loadProfiles } from '../imaging';
import { loadPeerKeys } from '../exchange/signing';
import type { AppDeps } from './app';
import { createTokenVerifier } from './auth/token';
import { developmentGrantCodeKey } from './grants/settings';
import { lazyPipeline } from './sharing/tools-pipeline';

export async function apiDeps(
  config: Config,
  { temporal, log, tracer }: { temporal: Client; log: Logger; tracer?: Tracer | undefined },
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start the API through `npm start` or set it.');
  const db = createDb(config.DATABASE_URL);
  const network = config.TONGPAI_NETWORK;
  const blobKeyring = loadBlobKeyring(config);
  const personCipher = configuredPersonCipher(config, blobKeyring);
  // ID numbers stored before they were sealed (migration 0018) are sealed before the API serves; a large
  // database runs `npm run persons:seal` first, and this finds nothing left. The government side holds none.
  if (network !== 'government') {
    const sealed = await sealPersons(db, personCipher);
    if (sealed.cases || sealed.grants) log.info(sealed, 'ID numbers sealed at rest');
  }
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
  const deps: AppDeps = {
    db,
    blobs: createBlobStore(config, blobKeyring),
    secrets: secretSealer(blobKeyring),
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
    keys: certificateKeys(config),
    personCipher,
    verifyToken: createTokenVerifier({ issuer: config.keycloakIssuer, audience: config.API_AUDIENCE }),
    limits,
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
    applicationTimers: { reminderBeforeSeconds: config.APPLICATION_REMINDER_SECONDS },
    toolsPipeline: toolsPipeline.get,
    log,
    checkResponses: true,
    metricsToken: config.METRICS_TOKEN,
    hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
    ...(tracer ? { tracer } : {}),
    network,
    ...(network === 'single'
      ? {}
      : {
          exchange: {
            peerKeys: loadPeerKeys(config.EXCHANGE_PEER_KEYS_DIR),
            maxBytes: config.EXCHANGE_MAX_MESSAGE_BYTES,
          },
        }),
  };
  return {
    deps,
    close: async () => {
      await Promise.all([db.destroy(), toolsPipeline.close()]);
    },
  };
}
