/** The real API application on an ephemeral port, wired to the test engines. */
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../api/app';
import { createTokenVerifier } from '../../api/auth/token';
import { loadProfiles } from '../../imaging';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/knex';
import { testEngineEnv } from '../../stack/jest/test-env';

export const testLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 60_000_000 };

export async function startApi(deps: { db: Db; blobs: BlobStore; temporal: Client; taskQueue: string }) {
  const keycloakUrl = testEngineEnv('keycloakUrl');
  const app = createApp({
    ...deps,
    verifyToken: createTokenVerifier({ issuer: `${keycloakUrl}/realms/tongpai`, audience: 'tongpai-api' }),
    limits: testLimits,
    profiles: loadProfiles(),
    clientConfig: { keycloakUrl, realm: 'tongpai', clientId: 'tongpai-console' },
    webOrigin: 'http://localhost:15173',
    log: pino({ level: 'silent' }),
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
