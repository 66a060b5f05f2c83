/** The real API application on an ephemeral port, wired to the test engines, and how tests talk to an API. */
import type { AddressInfo } from 'node:net';
import type { Tracer } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config';
import { createApp, type AppDeps } from '../../api/app';
import { createTokenVerifier } from '../../api/auth/token';
import { createPhotoPipeline, loadProfiles } from '../../imaging';
import { lazyPipeline } from '../../api/sharing/tools-pipeline';
import type { ApplicationTimers } from '../../workflows/contracts';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/knex';
import { testEngineEnv } from '../../stack/jest/test-env';
import { testLogger } from '../../stack/jest/test-logs';
import { defaultProcessingRetry, type ProcessingRetry } from '../../domain/processing';
import { defaultRules, type RuleBook } from '../../domain/rules';
import type { LifecycleTimers } from '../../workflows/contracts';
import type { DashboardSettings } from '../../db/dashboard/scope';
import { testKeys, testPersonCipher, testSecrets } from './keys';
import type { GrantSettings } from '../../api/grants/settings';
import { grantPurposes } from '../../domain/grants';
import type { CaseDetail, CaseStatus } from '../../domain/cases';
import { statusTraits } from '../../domain/lifecycle';

export const testLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 60_000_000 };

/** Sharing as configured by default, with a test key and rates no test meets unless it asks for lower ones. */
export const testGrantSettings: GrantSettings = {
  codeKey: 'test-grant-code-key-0123456789abcdef0123456789',
  purposes: [...grantPurposes],
  maxExpirySeconds: 90 * 86400,
  maxReads: 100,
  redeemsPerMinute: { perClient: 6000, perAddress: 6000 },
};

/** The only console origin the demo realm lets the tests use (its redirect URIs and web origins). */
export const testConsoleOrigin = 'http://localhost:15173';

/** A capture as the console sends it: the photo and its fields, by default a valid Shanghai resident. */
export function captureForm(
  photo: Buffer,
  fields: Record<string, string> = {},
  filename = 'face.jpg',
): FormData {
  const form = new FormData();
  const all = {
    stationId: 'sh-pudong-ee',
    personName: '张伟',
    idNumber: '11010519491231002X',
    category: 'resident',
    device: 'Logitech C920 (window 3)',
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) form.set(k, v);
  form.set('photo', new Blob([photo]), filename);
  return form;
}

/** One call to an API at `baseUrl`, with a bearer token if given; a form sent as multipart, any other body as JSON. */
export async function apiCall(
  baseUrl: string,
  method: string,
  url: string,
  token?: string,
  body?: FormData | object,
) {
  const json = body !== undefined && !(body instanceof FormData);
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: json ? JSON.stringify(body) : (body as FormData) } : {}),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    headers: res.headers,
    body: type.includes('json') ? JSON.parse(text) : text,
  };
}

export async function startApi(deps: {
  db: Db;
  blobs: BlobStore;
  temporal: Client;
  taskQueue: string;
  processing?: ProcessingRetry;
  timers?: LifecycleTimers;
  rules?: RuleBook;
  claimLeaseSeconds?: number;
  modelsDir?: string;
  dashboard?: DashboardSettings;
  grants?: Partial<GrantSettings>;
  metricsToken?: string;
  hstsMaxAgeSeconds?: number;
  applicationTimers?: ApplicationTimers;
  tracer?: Tracer;
  network?: AppDeps['network'];
  exchange?: AppDeps['exchange'];
  /** The certificate keys; the test file's signing ring when absent. */
  keys?: AppDeps['keys'];
}) {
  const keycloakUrl = testEngineEnv('keycloakUrl');
  // Loaded only by a file that calls the tools.
  const toolsPipeline = lazyPipeline(
    () => createPhotoPipeline({ modelsDir: loadConfig().TONGPAI_MODELS_DIR, limits: testLimits }),
    1,
  );
  const app = createApp({
    ...deps,
    processing: deps.processing ?? defaultProcessingRetry,
    timers: deps.timers ?? { retakeDeadlineSeconds: 7200, reviewSlaSeconds: 4 * 3600 },
    rules: deps.rules ?? { default: defaultRules, regions: {} },
    claimLeaseSeconds: deps.claimLeaseSeconds ?? 900,
    dashboard: deps.dashboard ?? {
      onlineMinutes: 10,
      stuckMinutes: 30,
      failureWindowMinutes: 60,
      spikeHours: 24,
    },
    keys: deps.keys ?? testKeys(),
    personCipher: testPersonCipher(),
    secrets: testSecrets(),
    verifyToken: createTokenVerifier({ issuer: `${keycloakUrl}/realms/tongpai`, audience: 'tongpai-api' }),
    limits: testLimits,
    profiles: loadProfiles(),
    clientConfig: { keycloakUrl, realm: 'tongpai', clientId: 'tongpai-console' },
    modelsDir: deps.modelsDir ?? loadConfig().TONGPAI_MODELS_DIR,
    grants: { ...testGrantSettings, ...deps.grants },
    webOrigin: testConsoleOrigin,
    log: testLogger('api'),
    applicationTimers: deps.applicationTimers ?? { reminderBeforeSeconds: 7 * 24 * 3600 },
    toolsPipeline: toolsPipeline.get,
    checkResponses: true,
    metricsToken: deps.metricsToken ?? '',
    hstsMaxAgeSeconds: deps.hstsMaxAgeSeconds ?? 0,
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await toolsPipeline.close();
    },
  };
}

/**
 * Polls a case until its status is `want`, or with `settled` until it rests where the workflow leaves it for a
 * person or for good (no longer an active status); answers its detail.
 */
export async function waitForCase(
  baseUrl: string,
  token: string,
  caseId: string,
  want: CaseStatus | 'settled',
  timeoutMs = 90_000,
): Promise<CaseDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = (await apiCall(baseUrl, 'GET', `/api/v1/cases/${caseId}`, token)).body as CaseDetail;
    if (detail.status === want || (want === 'settled' && !statusTraits[detail.status].active)) return detail;
    if (Date.now() > deadline) throw new Error(`case ${caseId} is ${detail.status}, waited for ${want}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
