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

  const caseId = await captureAndProcess(await token('op.sh.pudong'));

  expect(await pressCtrlC(first)).toBe(0);
  expect(first.output.join('\n')).toContain('stopped; data kept in');
  expect(processesUsing(dataDir)).toEqual([]);
  for (const port of [ports.api, ports.web, ports.keycloak, ports.temporalUi, ports.upstreamSim])
    expect(await listening(port)).toBe(false);

  const second = await startStack();
  try {
    expect(second.output.join('\n')).toContain('database schema up to date');
    const again = await token('op.sh.pudong');
    expect(await getCase(caseId, again)).toMatchObject({ status: 'issued', master: { width: 1350 } });
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

test('with DATABASE_URL, TEMPORAL_ADDRESS and KEYCLOAK_URL set, npm start starts no engine and uses those', async () => {
  const database = await createTestDatabase();
  const externalDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-stack-external-'));
  const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
  const keycloakUrl = testEngineEnv('keycloakUrl');
  const stack = await startStack({
    ...env,
    TONGPAI_DATA_DIR: externalDataDir,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: testEngineEnv('temporalAddress'),
    KEYCLOAK_URL: keycloakUrl,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
  });
  try {
    const banner = stack.output.join('\n');
    expect(banner).toContain(`Temporal UI    (external cluster: ${testEngineEnv('temporalAddress')})`);
    expect(banner).toContain(`Keycloak       ${keycloakUrl}/admin`);
    // Only the logs, the development signing key and the records of the apps started (run/) live in the data
    // folder when the engines are elsewhere.
    expect((await fs.readdir(externalDataDir)).sort()).toEqual(['keys', 'logs', 'run']);
    const caseId = await captureAndProcess(await token('op.sh.pudong', keycloakUrl), apiPort);
    expect(await database.db('cases').where({ id: caseId }).first()).toMatchObject({ status: 'issued' });
  } finally {
    expect(await pressCtrlC(stack)).toBe(0);
    await database.destroy();
    await fs.rm(externalDataDir, { recursive: true, force: true });
  }
});
