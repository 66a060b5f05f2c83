/**
 * `npm start` as a user runs it: the whole system comes up, Ctrl-C (SIGINT to the process group) stops
 * everything with no orphan process, and the next start finds every piece of data again.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { freePort } from '../stack/jest/free-port';
import { testEngineEnv } from '../stack/jest/test-env';
import { waitUntil } from '../stack/process';
import { apiCall, captureForm } from './support/api';
import { createTestS3Blobs, rawBlobFiles, unsealedBlobFiles } from './support/blobs';
import { createTestDatabase } from './support/database';
import {
  listening,
  pressCtrlC,
  processesUsing,
  stackSetup,
  startStack as startStackWith,
  type StackPorts,
} from './support/stack';
import { connectClient } from './support/temporal';
import { tokenFor } from './support/tokens';

jest.setTimeout(600_000);

const face = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_034_neutral.jpg');

let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: StackPorts;

beforeAll(async () => {
  ({ dataDir, env, ports } = await stackSetup());
});

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const startStack = (stackEnv = env) => startStackWith(stackEnv);

const token = (username: string, keycloakUrl = `http://localhost:${ports.keycloak}`) =>
  tokenFor(username, { keycloakUrl });

async function getCase(caseId: string, bearer: string, apiPort = ports.api) {
  const res = await apiCall(`http://localhost:${apiPort}`, 'GET', `/api/v1/cases/${caseId}`, bearer);
  return res.body as { status: string; master: { width: number } };
}

/** Captures a test face as op.sh.pudong and waits until its case is issued (it passes); returns the case id. */
async function captureAndProcess(bearer: string, apiPort = ports.api): Promise<string> {
  const form = captureForm(await fs.readFile(face), { personName: '周杰', idNumber: '310115200012311236' });
  const accepted = await apiCall(`http://localhost:${apiPort}`, 'POST', '/api/v1/captures', bearer, form);
  expect(accepted.status).toBe(202);
  const { caseId } = accepted.body as { caseId: string };
  await waitUntil(
    'the case to be processed',
    async () => (await getCase(caseId, bearer, apiPort)).status === 'issued',
    {
      timeoutMs: 60_000,
      intervalMs: 250,
    },
  );
  return caseId;
}

test('npm start comes up, stops cleanly on Ctrl-C, and keeps every piece of data for the next start', async () => {
  const first = await startStack();
  const banner = first.output.join('\n');
  expect(banner).toContain(`Console        http://localhost:${ports.web}`);
  expect(banner).toContain(`docs: http://localhost:${ports.api}/api/docs`);
  expect(banner).toContain(`Temporal UI    http://localhost:${ports.temporalUi}`);
  expect(banner).toMatch(/op\.sh\.pudong\s+tongpai-demo\s+operator @ sh-pudong-ee/);
  expect(await listening(ports.temporalUi)).toBe(true);
  expect(banner).toContain(`Upstream SIMULATOR http://127.0.0.1:${ports.upstreamSim}`);
  expect(
    await fetch(`http://127.0.0.1:${ports.upstreamSim}/healthz`).then((r) =>
      r.headers.get('x-upstream-simulator'),
    ),
  ).toContain('simulator');
  await expect(fs.readFile(path.join(dataDir, 'logs', 'upstream-sim.log'), 'utf8')).resolves.toContain(
    'upstream simulator',
  );

  // Photo files encrypted under a development master key made into the data folder, private to its owner.
  const keyId = /Photo files {4}\S+\/blobs, encrypted with master key "(dev-\d{14})"/.exec(banner)?.[1];
  expect(keyId).toBeDefined();
  expect((await fs.stat(path.join(dataDir, 'blob-master-keys'))).mode & 0o777).toBe(0o600);

  const caseId = await captureAndProcess(await token('op.sh.pudong'));
  expect((await rawBlobFiles(path.join(dataDir, 'blobs'))).size).toBeGreaterThanOrEqual(7);
  expect(await unsealedBlobFiles(path.join(dataDir, 'blobs'))).toEqual([]);
  // The API is ready, and the worker's listener counts the photo it processed.
  expect((await fetch(`http://127.0.0.1:${ports.api}/readyz`)).status).toBe(200);
  const workerMetrics = await (await fetch(`http://127.0.0.1:${ports.workerHttp}/metrics`)).text();
  expect(workerMetrics).toMatch(/tongpai_pipeline_stage_seconds_count\{[^}]*stage="detect"[^}]*\} 1\b/);
  expect(workerMetrics).toMatch(/tongpai_activity_duration_seconds_count\{[^}]*activity="processMaster"/);

  expect(await pressCtrlC(first)).toBe(0);
  expect(first.output.join('\n')).toContain('stopped; data kept in');
  expect(processesUsing(dataDir)).toEqual([]);
  for (const port of [ports.api, ports.web, ports.keycloak, ports.temporalUi, ports.upstreamSim])
    expect(await listening(port)).toBe(false);

  const second = await startStack();
  try {
    expect(second.output.join('\n')).toContain('database schema up to date');
    expect(second.output.join('\n')).toContain(`encrypted with master key "${keyId}"`);
    const again = await token('op.sh.pudong');
    expect(await getCase(caseId, again)).toMatchObject({ status: 'issued', master: { width: 1350 } });
    const photo = await fetch(`http://localhost:${ports.api}/api/v1/cases/${caseId}/photos/id_card`, {
      headers: { authorization: `Bearer ${again}` },
    });
    expect(photo.status).toBe(200);
    const temporal = await connectClient(`127.0.0.1:${ports.temporal}`);
    try {
      // The case was issued before Ctrl-C; its workflow may still have been starting the submissions to the
      // libraries, which the restarted worker finishes.
      const handle = temporal.client.workflow.getHandle(`photo-${caseId}`);
      await waitUntil(
        'the case workflow to complete',
        async () => (await handle.describe()).status.name === 'COMPLETED',
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );
    } finally {
      await temporal.close();
    }
  } finally {
    expect(await pressCtrlC(second)).toBe(0);
  }
  expect(processesUsing(dataDir)).toEqual([]);
});

/**
 * `npm start` on this run's PostgreSQL (a database of its own), Temporal and Keycloak, in a data folder of its
 * own, with `photoEnv` choosing where the photo files go; `check` sees it running and captures a case through
 * it (`capture`), then Ctrl-C stops it, leaving no process behind.
 */
async function withExternalEngines(
  photoEnv: NodeJS.ProcessEnv,
  check: (running: { banner: string; dataDir: string; capture: () => Promise<void> }) => Promise<void>,
): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-stack-external-'));
  const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
  const keycloakUrl = testEngineEnv('keycloakUrl');
  const stack = await startStack({
    ...env,
    TONGPAI_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: testEngineEnv('temporalAddress'),
    KEYCLOAK_URL: keycloakUrl,
    ...photoEnv,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
  });
  try {
    const banner = stack.output.join('\n');
    expect(banner).toContain(`Temporal UI    (external cluster: ${testEngineEnv('temporalAddress')})`);
    expect(banner).toContain(`Keycloak       ${keycloakUrl}/admin`);
    const capture = async () => {
      const caseId = await captureAndProcess(await token('op.sh.pudong', keycloakUrl), apiPort);
      expect(await database.db('cases').where({ id: caseId }).first()).toMatchObject({ status: 'issued' });
    };
    await check({ banner, dataDir, capture });
  } finally {
    expect(await pressCtrlC(stack)).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
    await database.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

test('with DATABASE_URL, TEMPORAL_ADDRESS, KEYCLOAK_URL and an S3 server set, npm start starts no engine and uses those', async () => {
  // The test engines' S3 gateway, a bucket provisioned beforehand as a real deployment's would be.
  const s3 = await createTestS3Blobs();
  const s3Env = {
    BLOB_STORE: 's3',
    S3_ENDPOINT: s3.location.endpoint,
    S3_BUCKET: s3.location.bucket,
    S3_ACCESS_KEY_ID: s3.location.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.location.secretAccessKey,
  };
  try {
    await withExternalEngines(s3Env, async ({ banner, dataDir, capture }) => {
      expect(banner).toContain(`Photo files    s3://${s3.location.bucket}/ (${s3.location.endpoint})`);
      // Only the logs, the development keys and secrets (person hash, grant codes) and the records of the apps
      // started (run/) live in the data folder when the engines are elsewhere.
      expect((await fs.readdir(dataDir)).sort()).toEqual([
        'blob-master-keys',
        'keys',
        'logs',
        'run',
        'secrets',
      ]);
      await capture();
      expect((await rawBlobFiles(s3.dir)).size).toBeGreaterThanOrEqual(7);
      expect(await unsealedBlobFiles(s3.dir)).toEqual([]);
    });
  } finally {
    await s3.destroy();
  }
});

test('with BLOB_STORE=s3 and no S3_ENDPOINT, npm start runs the local S3 gateway, its photo files sealed', async () => {
  const s3Port = await freePort();
  await withExternalEngines(
    { BLOB_STORE: 's3', S3_PORT: String(s3Port) },
    async ({ banner, dataDir, capture }) => {
      expect(banner).toContain(
        `Photo files    s3://tongpai-photos/ (local Versity S3 gateway at http://127.0.0.1:${s3Port}, data in ${dataDir}/s3)`,
      );
      await capture();
      const bucketDir = path.join(dataDir, 's3', 'tongpai-photos');
      expect((await rawBlobFiles(bucketDir)).size).toBeGreaterThanOrEqual(7);
      expect(await unsealedBlobFiles(bucketDir)).toEqual([]);
      await expect(fs.readFile(path.join(dataDir, 'logs', 's3.log'), 'utf8')).resolves.toContain('VersityGW');
    },
  );
  expect(await listening(s3Port)).toBe(false);
});
