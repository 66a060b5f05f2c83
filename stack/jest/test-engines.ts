/**
 * Fresh engines for the integration tests: PostgreSQL, Temporal, Keycloak and the S3 gateway on free ports with data in a
 * temporary folder, so tests run beside a development stack and on a clean machine alike. Engine logs go to
 * files (their folder is printed) to keep test output readable.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config';
import { realmFile } from '../demo';
import { startEngines, type Engines } from '../engines';
import { fileAndConsoleSink } from '../logs';
import { freePort } from './free-port';
import { testEnv } from './test-env';

export interface TestEngines {
  engines: Engines;
  root: string;
  /** The variables through which test files find the engines (see test-env.ts). */
  env: Record<string, string>;
}

export async function startTestEngines(): Promise<TestEngines> {
  const config = loadConfig();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-test-'));
  await fs.chmod(root, 0o755);
  const logDir = path.join(root, 'logs');
  const started = Date.now();
  process.stdout.write(`\n[tongpai] starting test engines (logs: ${logDir})...\n`);
  const [pgPort, temporalPort, keycloakPort, keycloakManagementPort, s3Port] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const engines = await startEngines({
    dataDir: root,
    cacheDir: config.TONGPAI_CACHE_DIR,
    database: 'tongpai',
    postgres: { port: pgPort },
    temporal: { port: temporalPort, cliVersion: config.TEMPORAL_CLI_VERSION, namespace: 'default' },
    keycloak: {
      port: keycloakPort,
      managementPort: keycloakManagementPort,
      version: config.KEYCLOAK_VERSION,
      adminPassword: config.KEYCLOAK_ADMIN_PASSWORD,
      ...(config.JAVA_HOME ? { javaHome: config.JAVA_HOME } : {}),
      realmFile,
    },
    s3: {
      port: s3Port,
      version: config.VERSITYGW_VERSION,
      bucket: 'tongpai-test',
      accessKeyId: 'tongpai-test',
      secretAccessKey: randomBytes(24).toString('base64url'),
    },
    sink: fileAndConsoleSink(logDir, { console: false }),
  });
  process.stdout.write(`[tongpai] test engines ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return {
    engines,
    root,
    env: {
      [testEnv.databaseUrl]: engines.databaseUrl,
      [testEnv.temporalAddress]: engines.temporalAddress,
      [testEnv.keycloakUrl]: engines.keycloakUrl,
      [testEnv.s3Endpoint]: engines.s3!.location.endpoint,
      [testEnv.s3AccessKeyId]: engines.s3!.location.accessKeyId,
      [testEnv.s3SecretAccessKey]: engines.s3!.location.secretAccessKey,
      [testEnv.s3Dir]: engines.s3!.dir,
      [testEnv.root]: root,
    },
  };
}

export async function stopTestEngines({ engines, root }: TestEngines): Promise<void> {
  await engines.stop();
  await fs.rm(root, { recursive: true, force: true });
}
