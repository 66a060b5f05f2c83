/**
 * The one typed configuration of Tongpai. Every setting is an environment variable with a default,
 * validated once at start-up; a bad value stops the process with a message naming the variable.
 * `npm run config:table` prints the README's configuration table from these definitions.
 */
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { defaultProcessingRetry, longestRetryWaitSeconds } from '../domain/processing';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import type { S3Location } from '../db/s3-blob-backend';
import { grantPurposes } from '../domain/grants';
import { networkRoles } from '../domain/network';

export const repoRoot = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z.union([z.literal(''), z.url()]).transform((v) => v || undefined);
const bytes = z.coerce.number().int().positive();
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The shared model and test-image folders sit next to checkouts in this workspace; elsewhere the cache holds them. */
function firstExisting(candidates: string[]): string {
  return candidates.find((dir) => existsSync(dir)) ?? candidates[candidates.length - 1]!;
}

interface Setting<T extends z.ZodType> {
  schema: T;
  default: string | (() => string);
  description: string;
  /** How the README shows a default that depends on the machine. */
  documentedDefault?: string;
}
const setting = <T extends z.ZodType>(
  schema: T,
  def: Setting<T>['default'],
  description: string,
  documentedDefault?: string,
): Setting<T> => ({ schema, default: def, description, ...(documentedDefault ? { documentedDefault } : {}) });

/** Each target's base URL and token: empty URL means the upstream simulator, so production sets both. */
const upstreamUrl = (target: UpstreamTarget, library: string) =>
  setting(
    optionalUrl,
    '',
    `Base URL of ${library}'s intake (the contract in docs/upstream.md). Empty: the upstream simulator, http://127.0.0.1:<UPSTREAM_SIM_PORT>/targets/${target}.`,
  );
const upstreamToken = (target: UpstreamTarget) =>
  setting(
    z.string(),
    '',
    `Bearer token for ${target}'s library; required when its URL is set. Empty with the simulator: its development token.`,
  );

const cacheDefault = () => path.join(os.homedir(), '.cache', 'tongpai');

export const settings = {
  TONGPAI_DATA_DIR: setting(
    z.string().min(1),
    () => path.join(repoRoot, '.data'),
    'Where the development stack keeps its data (Postgres, Temporal, Keycloak, photo blobs). Kept across restarts.',
  ),
  TONGPAI_CACHE_DIR: setting(
    z.string().min(1),
    cacheDefault,
    "Downloads and builds (Temporal CLI, Temporal's test server, Keycloak distribution, Versity S3 gateway), outside the working tree.",
  ),
  TONGPAI_MODELS_DIR: setting(
    z.string().min(1),
    () => firstExisting([path.join(repoRoot, '..', 'shared', 'models'), path.join(cacheDefault(), 'models')]),
    'Folder with the ONNX model weights and their SHA256SUMS (see "Model weights").',
    '<repo>/../shared/models if it exists, else ~/.cache/tongpai/models',
  ),
  TONGPAI_MODELS_BASE_URL: setting(
    z.url(),
    'https://raw.githubusercontent.com',
    'Where a first `npm start` fetches missing model weights from: <base>/<repository>/<commit>/<path> for each file in "Model weights" (a mirror, or a local server in the tests).',
  ),
  TONGPAI_TESTDATA_DIR: setting(
    z.string().min(1),
    () =>
      firstExisting([path.join(repoRoot, '..', 'shared', 'testdata'), path.join(cacheDefault(), 'testdata')]),
    'Folder with the test photographs (tests and benchmarks only).',
    '<repo>/../shared/testdata if it exists, else ~/.cache/tongpai/testdata',
  ),
  TONGPAI_PROFILES_DIR: setting(
    z.string(),
    '',
    'Folder of photo profile files (JSON) that override or add to the shipped ones in imaging/profiles/data. Empty: the shipped profiles only.',
  ),
  BLOB_DIR: setting(
    z.string(),
    '',
    'Photo files of BLOB_STORE=file (content-addressed by sha256, each encrypted). Empty: <TONGPAI_DATA_DIR>/blobs.',
  ),
  BLOB_STORE: setting(
    z.enum(['file', 's3']),
    'file',
    'Where photo files are kept: `file` (BLOB_DIR) or `s3` (an S3-compatible bucket, S3_*). Either way each file is encrypted (BLOB_MASTER_KEYS).',
  ),
  S3_ENDPOINT: setting(
    optionalUrl,
    '',
    'URL of the S3-compatible server (BLOB_STORE=s3). Empty: `npm start` starts the Versity S3 gateway on 127.0.0.1:<S3_PORT>, data in <TONGPAI_DATA_DIR>/s3.',
  ),
  S3_PORT: setting(port, '7070', 'Port of the local Versity S3 gateway (BLOB_STORE=s3 without S3_ENDPOINT).'),
  S3_REGION: setting(z.string().min(1), 'us-east-1', 'Region the S3 requests are signed for.'),
  S3_BUCKET: setting(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 of a-z 0-9 . -'),
    'tongpai-photos',
    'Bucket of the photo files (created by `npm start` for the local gateway; provisioned beforehand elsewhere).',
  ),
  S3_ACCESS_KEY_ID: setting(
    z.string(),
    '',
    'Access key of the S3 server; required with S3_ENDPOINT. Empty with the local gateway: its development key.',
  ),
  S3_SECRET_ACCESS_KEY: setting(
    z.string(),
    '',
    'Secret key of the S3 server; required with S3_ENDPOINT. Empty with the local gateway: its development secret.',
  ),
  S3_FORCE_PATH_STYLE: setting(
    z.enum(['true', 'false']).transform((v) => v === 'true'),
    'true',
    'Address the bucket in the path (http://host/bucket/key), as self-hosted servers need; `false`: in the host name (AWS virtual-hosted style).',
  ),
  VERSITYGW_VERSION: setting(
    z.string().regex(/^v\d+\.\d+\.\d+$/),
    'v1.8.0',
    'Version of github.com/versity/versitygw built with go install (the local S3 gateway; tests always, `npm start` with BLOB_STORE=s3).',
  ),
  BLOB_MASTER_KEYS: setting(
    z.string(),
    '',
    'Master keys of the photo files\' encryption, and of the ID numbers\' (a key derived from each): `<id>:<base64 of 32 random bytes>` entries, comma-separated (rotation: add one; see "Photo files at rest" and "Personal data at rest"). Empty: BLOB_MASTER_KEYS_FILE.',
  ),
  BLOB_MASTER_KEYS_FILE: setting(
    z.string(),
    '',
    'File holding the master keys in the same format, one per line. Empty: <TONGPAI_DATA_DIR>/blob-master-keys, where `npm start` generates a development key on first start.',
  ),
  BLOB_MASTER_KEY_ID: setting(
    z.string(),
    '',
    'The master key that wraps new files (and to which `npm run blobs:rewrap` moves the old ones). Empty: the last key listed.',
  ),
  DATABASE_URL: setting(
    optionalUrl,
    '',
    'PostgreSQL connection string. Empty: start the embedded PostgreSQL.',
  ),
  EMBEDDED_PG_PORT: setting(port, '54329', 'Port of the embedded PostgreSQL.'),
  TEMPORAL_ADDRESS: setting(
    z.string(),
    '',
    'host:port of a Temporal frontend. Empty: start the Temporal CLI dev server.',
  ),
  TEMPORAL_PORT: setting(port, '7233', 'gRPC port of the local Temporal dev server.'),
  TEMPORAL_UI_PORT: setting(port, '8233', 'Web UI port of the local Temporal dev server.'),
  TEMPORAL_NAMESPACE: setting(z.string().min(1), 'default', 'Temporal namespace.'),
  TEMPORAL_TASK_QUEUE: setting(
    z.string().min(1),
    'tongpai-photo',
    'Task queue of the photo lifecycle workflows and activities.',
  ),
  WORKER_MAX_CONCURRENT_ACTIVITIES: setting(
    z.coerce.number().int().min(1).max(64),
    '2',
    "Photos one worker processes at once. The photo pipeline is CPU-bound (its own thread, two inference threads, libvips): about the number of cores. The worker runs twice as many activities, so that other cases' short steps and the next photo do not wait behind a running photo.",
  ),
  TONGPAI_WORKFLOW_BUNDLE: setting(
    z.string(),
    '',
    'File of the prebuilt workflow bundle (`npm run build:workflows -- <file>`; the worker image carries one). Empty: the worker bundles the workflow code from source at start.',
  ),
  PROCESSING_ATTEMPTS: setting(
    z.coerce.number().int().min(1).max(50),
    String(defaultProcessingRetry.attempts),
    'Read by the API, for the cases it starts from then on: times a capture is processed before its case fails with processing_failed, when processing fails for reasons other than the photo (worker, storage or database down).',
  ),
  PROCESSING_FIRST_RETRY_SECONDS: setting(
    z.coerce.number().int().min(1).max(longestRetryWaitSeconds),
    String(defaultProcessingRetry.firstRetrySeconds),
    'Read by the API, like PROCESSING_ATTEMPTS: wait before processing is retried the first time; each later wait is twice the last, at most a minute.',
  ),
  RETAKE_DEADLINE_SECONDS: setting(
    z.coerce.number().int().min(1),
    String(2 * 3600),
    'Read by the API for the cases it starts: a case waiting for a retake longer than this is closed as abandoned.',
  ),
  REVIEW_SLA_SECONDS: setting(
    z.coerce.number().int().min(1),
    String(4 * 3600),
    "Read by the API for the cases it starts: a case waiting in a review queue longer than this is escalated to the supervisors, in every queue the rules' reviewSla gives no SLA of its own.",
  ),
  CLAIM_LEASE_SECONDS: setting(
    z.coerce.number().int().min(10),
    String(15 * 60),
    'How long a reviewer holds a claimed case without deciding before anyone may take it.',
  ),
  STATION_ONLINE_MINUTES: setting(
    z.coerce.number().int().min(1).max(1440),
    '10',
    'A station counts as online on the dashboard when it captured or sent a heartbeat (POST /stations/:id/heartbeat) within this many minutes.',
  ),
  DASHBOARD_STUCK_MINUTES: setting(
    z.coerce.number().int().min(1),
    '30',
    'A case resting this long in a status the worker moves on by itself (or this long past its retake deadline or review SLA without the workflow acting) is listed as a stuck workflow on the dashboard.',
  ),
  DASHBOARD_FAILURE_WINDOW_MINUTES: setting(
    z.coerce.number().int().min(1).max(1440),
    '60',
    'An upstream library with a submission retrying after an error within this many minutes is listed as failing on the dashboard.',
  ),
  DASHBOARD_SPIKE_HOURS: setting(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14),
    '24',
    "The recent window in which a check's failures at one station are compared with the station's own earlier rate and the other stations' (a camera or lighting problem).",
  ),
  APPLICATION_REMINDER_SECONDS: setting(
    z.coerce.number().int().min(0),
    String(7 * 24 * 3600),
    "Read by the API for the applications it starts: how long before an approval's expiry its organisation is reminded.",
  ),
  TOOLS_MAX_CONCURRENT: setting(
    z.coerce.number().int().min(1).max(16),
    '1',
    'Photos the API runs through the pipeline at once for /tools/check and /tools/render (more wait their turn); the worker keeps its own.',
  ),
  LIFECYCLE_RULES_FILE: setting(
    z.string(),
    '',
    'JSON file of lifecycle rules (routing, capture channels reviewed before issue, second approvals, review SLAs per queue, reuse windows, reason codes), per region over the defaults in domain/rules.ts. Empty: the defaults.',
  ),
  AUDIT_CHECKPOINT_MINUTES: setting(
    z.coerce.number().int().min(1).max(1440),
    '10',
    'Minutes between signed checkpoints over the audit chains (written by the worker on a Temporal schedule, audit-checkpoints-<task queue>).',
  ),
  SIGNING_KEYS_DIR: setting(
    z.string(),
    '',
    'Folder of Ed25519 signing keys (<keyId>.key, PKCS#8 PEM) for photo certificates and audit checkpoints. Empty: <TONGPAI_DATA_DIR>/keys, where a development key is generated on first start.',
  ),
  PERSON_HASH_KEY_FILE: setting(
    z.string(),
    '',
    'File with the secret key (32 random bytes, base64) of the person hash: HMAC-SHA256 of ID numbers, under which every lookup by ID number finds a person (cases, grants, institutional lookups, the audit search) while the numbers themselves are sealed. Keep it outside the database and back it up: a new key needs the hashes recomputed. Empty: <TONGPAI_DATA_DIR>/secrets/person-hash.secret, generated on first start.',
  ),
  SIGNING_KEY_ID: setting(
    z.string(),
    '',
    'The key that signs from now on (rotation: add a key file, set this). Empty: the newest key id.',
  ),
  TONGPAI_NETWORK: setting(
    z.enum(networkRoles),
    'single',
    'Which network this process serves (docs/networks.md): single (everything in one deployment), police (capture, review, audit, upstream; pushes issued and revoked photos to the government side) or government (citizens, departments, third parties, on the shared photos it receives; its database has its own migration set).',
  ),
  EXCHANGE_PEER_URL: setting(
    optionalUrl,
    '',
    "Base URL of the other network's API for the exchange (its POST /exchange/messages). Required when TONGPAI_NETWORK is police or government.",
  ),
  EXCHANGE_KEYS_DIR: setting(
    z.string(),
    '',
    "Folder of this side's Ed25519 exchange keys (<keyId>.key, PKCS#8 PEM): the active one signs every message pushed. Required when TONGPAI_NETWORK is police or government.",
  ),
  EXCHANGE_KEY_ID: setting(
    z.string(),
    '',
    'The exchange key that signs (rotation: add a key file, give the other side its public half, set this). Empty: the newest key id.',
  ),
  EXCHANGE_PEER_KEYS_DIR: setting(
    z.string(),
    '',
    "Folder of the other network's exchange public keys (<keyId>.pub, SPKI PEM): a message signed by any other key is refused. Required when TONGPAI_NETWORK is police or government.",
  ),
  EXCHANGE_MAX_MESSAGE_BYTES: setting(
    bytes,
    String(64 * 1024 * 1024),
    'The largest exchange message taken (an issued photo set travels with its files, base64).',
  ),
  EXCHANGE_PUSH_INTERVAL_MS: setting(
    z.coerce.number().int().min(50),
    '1000',
    "How often the worker's relay pushes this side's outbox, and retries a refused or failed push (milliseconds).",
  ),
  TEMPORAL_CLI_VERSION: setting(
    z.string().regex(/^v\d+\.\d+\.\d+$/),
    'v1.5.1',
    'Version of github.com/temporalio/cli built with go install.',
  ),
  TEMPORAL_TEST_SERVER_VERSION: setting(
    z.string().regex(/^\d+\.\d+\.\d+$/),
    '1.31.0',
    'io.temporal:temporal-test-server version fetched from Maven Central: the time-skipping server of the workflow tests.',
  ),
  KEYCLOAK_URL: setting(
    optionalUrl,
    '',
    'Base URL of a Keycloak server. Empty: start the local Keycloak in dev mode.',
  ),
  KEYCLOAK_PORT: setting(port, '8080', 'HTTP port of the local Keycloak.'),
  KEYCLOAK_MANAGEMENT_PORT: setting(port, '9000', 'Management (health) port of the local Keycloak.'),
  KEYCLOAK_VERSION: setting(
    z.string().regex(/^\d+\.\d+\.\d+$/),
    '26.7.3',
    'org.keycloak:keycloak-quarkus-dist version fetched from Maven Central.',
  ),
  KEYCLOAK_REALM: setting(z.string().min(1), 'tongpai', 'Realm of Tongpai users and clients.'),
  KEYCLOAK_ADMIN_PASSWORD: setting(
    z.string().min(1),
    'admin',
    'Password of the local Keycloak bootstrap administrator "admin" (development only).',
  ),
  JAVA_HOME: setting(
    z.string(),
    '',
    "JDK used for Keycloak and Temporal's test server. Empty: the newest supported JDK found under /usr/lib/jvm, else java on PATH.",
  ),
  API_PORT: setting(port, '3000', 'Port of the HTTP API.'),
  API_AUDIENCE: setting(z.string().min(1), 'tongpai-api', 'Audience that access tokens must carry.'),
  WEB_PORT: setting(port, '5173', 'Port of the web console.'),
  WEB_ORIGIN: setting(optionalUrl, '', 'Origin allowed by CORS. Empty: http://localhost:<WEB_PORT>.'),
  HSTS_MAX_AGE_SECONDS: setting(
    z.coerce.number().int().min(0),
    '0',
    'Strict-Transport-Security max-age the API sends (and upgrade-insecure-requests in its CSP). 0: no HSTS, for plain HTTP. Set it (e.g. 31536000) where TLS terminates in front of the API.',
  ),
  METRICS_TOKEN: setting(
    z.string(),
    '',
    'Bearer token that /metrics of the API and the worker require. Empty: /metrics answers loopback callers only (a reverse proxy must then not forward it).',
  ),
  WORKER_HTTP_HOST: setting(
    z.string().min(1),
    '127.0.0.1',
    "Address the worker's health and metrics listener binds to (/healthz, /readyz, /metrics); 0.0.0.0 for a scraper on another host (then set METRICS_TOKEN).",
  ),
  WORKER_HTTP_PORT: setting(port, '3001', "Port of the worker's health and metrics listener."),
  MAX_UPLOAD_BYTES: setting(bytes, String(25 * 1024 * 1024), 'Largest accepted photo upload in bytes.'),
  MAX_IMAGE_PIXELS: setting(
    bytes,
    String(60_000_000),
    'Largest accepted photo in pixels (width x height); larger is refused before decoding.',
  ),
  LOG_LEVEL: setting(logLevel, 'info', 'Log level of the API and the worker.'),
  OTEL_EXPORTER_OTLP_ENDPOINT: setting(
    optionalUrl,
    '',
    'OpenTelemetry collector (OTLP over HTTP, e.g. http://collector:4318) the API and the worker send their traces to, at <endpoint>/v1/traces. Empty (and no OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): tracing is off. The SDK reads the other standard variables itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, ...; see "Traces").',
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: setting(
    optionalUrl,
    '',
    'Full URL traces are sent to (OTLP over HTTP, JSON), instead of <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces.',
  ),
  UPSTREAM_YRD_URL: upstreamUrl('yrd', 'the 长三角 (Yangtze River Delta) regional photo library'),
  UPSTREAM_YRD_TOKEN: upstreamToken('yrd'),
  UPSTREAM_EXIT_ENTRY_URL: upstreamUrl('exit_entry', 'the provincial exit-entry photo library'),
  UPSTREAM_EXIT_ENTRY_TOKEN: upstreamToken('exit_entry'),
  UPSTREAM_ID_CARD_URL: upstreamUrl('id_card', 'the provincial resident ID card photo library'),
  UPSTREAM_ID_CARD_TOKEN: upstreamToken('id_card'),
  UPSTREAM_DRIVING_LICENCE_URL: upstreamUrl(
    'driving_licence',
    'the provincial driving licence photo library',
  ),
  UPSTREAM_DRIVING_LICENCE_TOKEN: upstreamToken('driving_licence'),
  UPSTREAM_TIMEOUT_SECONDS: setting(
    z.coerce.number().int().min(1).max(600),
    '30',
    'Longest wait for an upstream library to answer one call (its body included); then the call counts as timed out and is retried.',
  ),
  UPSTREAM_MAX_IN_FLIGHT: setting(
    z.coerce.number().int().min(1).max(64),
    '4',
    'Calls one worker makes to one upstream library at once (submissions and recalls); the rest wait their turn, so a library coming back is not met by every waiting submission at once.',
  ),
  UPSTREAM_PAUSED_RETRY_SECONDS: setting(
    z.coerce.number().int().min(1).max(3600),
    '30',
    'How often a submission to a paused library looks again whether it was resumed (each waits between half and one and a half times this, so a resume is not answered by every submission at once).',
  ),
  GRANT_CODE_KEY: setting(
    z.union([z.literal(''), z.string().min(32)]),
    '',
    'Secret key (at least 32 characters) of the keyed hash (HMAC-SHA256) under which authorisation codes are stored: without it the database alone redeems nothing. Empty: a development key generated once into <TONGPAI_DATA_DIR>/secrets/grant-code.secret (beside the person hash key, never among the signing keys). Changing it voids every code given out.',
  ),
  GRANT_PURPOSES: setting(
    z
      .string()
      .transform((v) => v.split(',').map((p) => p.trim()))
      .pipe(z.array(z.enum(grantPurposes)).min(1)),
    grantPurposes.join(','),
    `Purposes a citizen may name when authorising a third party (comma-separated, of ${grantPurposes.join(', ')}; "other" asks for a text).`,
  ),
  GRANT_MAX_EXPIRY_DAYS: setting(
    z.coerce.number().int().min(1).max(3650),
    '90',
    'Longest a grant may run before it expires (days).',
  ),
  GRANT_MAX_READS: setting(
    z.coerce.number().int().min(1).max(100000),
    '100',
    'Most reads one grant may allow.',
  ),
  REDEEM_RATE_PER_CLIENT: setting(
    z.coerce.number().int().min(1),
    '120',
    "Redeems one third-party client may make per minute (an in-process token bucket per API process; a client's own limit in third_party_clients replaces it).",
  ),
  REDEEM_RATE_PER_ADDRESS: setting(
    z.coerce.number().int().min(1),
    '60',
    'Redeems per minute from one network address (an in-process token bucket per API process), whichever client calls.',
  ),
  UPSTREAM_SIM_PORT: setting(
    port,
    '3100',
    'Port of the upstream simulator (development and tests only: the one stand-in, for all four libraries).',
  ),
  UPSTREAM_SIM_DATA_DIR: setting(
    z.string(),
    '',
    'Where the upstream simulator keeps what it received (receipts as JSON, photos as blobs). Empty: <TONGPAI_DATA_DIR>/upstream-sim.',
  ),
} as const;

type Settings = typeof settings;
export type RawConfig = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function defaultOf(name: keyof Settings): string {
  const def = settings[name].default;
  return typeof def === 'function' ? def() : def;
}

/** Reads every setting from `env`, applying defaults; throws a ConfigError naming each bad variable. */
export function readRawConfig(env: NodeJS.ProcessEnv = process.env): RawConfig {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, s] of Object.entries(settings) as [keyof Settings, Settings[keyof Settings]][]) {
    const raw = env[name] ?? defaultOf(name);
    const parsed = s.schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push(
        `${name}=${JSON.stringify(raw)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
  }
  if (problems.length) throw new ConfigError(problems);
  return out as RawConfig;
}

export interface UpstreamTargetConfig {
  url: string;
  token: string;
  /** True when the target is the upstream simulator (no URL configured). */
  simulated: boolean;
}

export interface Config extends RawConfig {
  blobDir: string;
  blobMasterKeysFile: string;
  /** The S3 server of BLOB_STORE=s3: the configured one, else the local gateway with its development keys. */
  s3: S3Location;
  /** True when BLOB_STORE=s3 names no server: `npm start` runs the local gateway. */
  s3Local: boolean;
  upstreamSimDataDir: string;
  upstreamTimeoutMs: number;
  upstreamPausedRetrySeconds: number;
  upstream: Record<UpstreamTarget, UpstreamTargetConfig>;
  signingKeysDir: string;
  personHashKeyFile: string;
  webOrigin: string;
  /** Where traces are sent (OTLP/HTTP); undefined: tracing is off. */
  otlpTracesUrl: string | undefined;
  /** Where Temporal and Keycloak are reached: the address set, else the local engine's. */
  temporalAddress: string;
  keycloakUrl: string;
  keycloakIssuer: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = readRawConfig(env);
  checkExchange(raw);
  const keycloakUrl = (raw.KEYCLOAK_URL ?? `http://localhost:${raw.KEYCLOAK_PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    blobDir: raw.BLOB_DIR || path.join(raw.TONGPAI_DATA_DIR, 'blobs'),
    blobMasterKeysFile: raw.BLOB_MASTER_KEYS_FILE || path.join(raw.TONGPAI_DATA_DIR, 'blob-master-keys'),
    s3: s3Location(raw),
    s3Local: raw.BLOB_STORE === 's3' && !raw.S3_ENDPOINT,
    upstreamSimDataDir: raw.UPSTREAM_SIM_DATA_DIR || path.join(raw.TONGPAI_DATA_DIR, 'upstream-sim'),
    upstreamTimeoutMs: raw.UPSTREAM_TIMEOUT_SECONDS * 1000,
    upstreamPausedRetrySeconds: raw.UPSTREAM_PAUSED_RETRY_SECONDS,
    upstream: upstreamTargetConfig(raw),
    signingKeysDir: raw.SIGNING_KEYS_DIR || path.join(raw.TONGPAI_DATA_DIR, 'keys'),
    personHashKeyFile:
      raw.PERSON_HASH_KEY_FILE || path.join(raw.TONGPAI_DATA_DIR, 'secrets', 'person-hash.secret'),
    webOrigin: raw.WEB_ORIGIN ?? `http://localhost:${raw.WEB_PORT}`,
    otlpTracesUrl: otlpTracesUrl(raw),
    temporalAddress: raw.TEMPORAL_ADDRESS || `localhost:${raw.TEMPORAL_PORT}`,
    keycloakUrl,
    keycloakIssuer: `${keycloakUrl}/realms/${raw.KEYCLOAK_REALM}`,
  };
}

/** The traces endpoint of the standard variables: the traces one as it is, else <endpoint>/v1/traces. */
function otlpTracesUrl(env: RawConfig): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT)
    return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/** A side of a split deployment reaches the other only through the exchange: its address and keys are required. */
function checkExchange(raw: RawConfig) {
  if (raw.TONGPAI_NETWORK === 'single') return;
  const missing = (['EXCHANGE_PEER_URL', 'EXCHANGE_KEYS_DIR', 'EXCHANGE_PEER_KEYS_DIR'] as const).filter(
    (name) => !raw[name],
  );
  const problems = missing.map((name) => `${name}: required when TONGPAI_NETWORK=${raw.TONGPAI_NETWORK}`);
  // The other side is reached through its API only, never its database.
  if (raw.EXCHANGE_PEER_URL && !/^https?:$/.test(new URL(raw.EXCHANGE_PEER_URL).protocol))
    problems.push("EXCHANGE_PEER_URL: the other network's API (http or https), never its database");
  if (problems.length) throw new ConfigError(problems);
}

/** The local S3 gateway's development keys: known to this code, worthless anywhere else. */
export const localS3Keys = {
  accessKeyId: 'tongpai-dev',
  secretAccessKey: 'tongpai-dev-secret-local-gateway-only',
};

function s3Location(raw: RawConfig): S3Location {
  if (raw.S3_ENDPOINT && !(raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY))
    throw new ConfigError(['S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required when S3_ENDPOINT is set']);
  return {
    endpoint: raw.S3_ENDPOINT ?? `http://127.0.0.1:${raw.S3_PORT}`,
    region: raw.S3_REGION,
    bucket: raw.S3_BUCKET,
    accessKeyId: raw.S3_ACCESS_KEY_ID || localS3Keys.accessKeyId,
    secretAccessKey: raw.S3_SECRET_ACCESS_KEY || localS3Keys.secretAccessKey,
    forcePathStyle: raw.S3_FORCE_PATH_STYLE,
  };
}

/** The simulator's development token for a target: known to both sides, worthless anywhere else. */
export const simulatorToken = (target: UpstreamTarget) => `upstream-sim-development-token-${target}`;

const upstreamVariables = {
  yrd: { url: 'UPSTREAM_YRD_URL', token: 'UPSTREAM_YRD_TOKEN' },
  exit_entry: { url: 'UPSTREAM_EXIT_ENTRY_URL', token: 'UPSTREAM_EXIT_ENTRY_TOKEN' },
  id_card: { url: 'UPSTREAM_ID_CARD_URL', token: 'UPSTREAM_ID_CARD_TOKEN' },
  driving_licence: { url: 'UPSTREAM_DRIVING_LICENCE_URL', token: 'UPSTREAM_DRIVING_LICENCE_TOKEN' },
} as const satisfies Record<UpstreamTarget, { url: keyof Settings; token: keyof Settings }>;

function upstreamTargetConfig(raw: RawConfig): Record<UpstreamTarget, UpstreamTargetConfig> {
  const problems: string[] = [];
  const entries = upstreamTargets.map((target) => {
    const variables = upstreamVariables[target];
    const url = raw[variables.url];
    const token = raw[variables.token];
    if (url && !token) problems.push(`${variables.token}: required when ${variables.url} is set`);
    const targetConfig: UpstreamTargetConfig = {
      url: url ?? `http://127.0.0.1:${raw.UPSTREAM_SIM_PORT}/targets/${target}`,
      token: token || simulatorToken(target),
      simulated: !url,
    };
    return [target, targetConfig] as const;
  });
  if (problems.length) throw new ConfigError(problems);
  return Object.fromEntries(entries) as Record<UpstreamTarget, UpstreamTargetConfig>;
}

/** For process entry points: load the configuration or exit with the problem named. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
