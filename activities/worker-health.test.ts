/** The worker's health endpoint, as a container's health check asks it. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { State } from '@temporalio/worker';
import { serveWorkerHealth } from './worker';

test('answers 200 while the worker runs and 503 once it stops, so the container is replaced', async () => {
  let state: State = 'RUNNING';
  const server = serveWorkerHealth({ getState: () => state }, 0);
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    state = 'FAILED';
    const failed = await fetch(`${url}/healthz`);
    expect([failed.status, await failed.text()]).toEqual([503, 'FAILED']);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  } finally {
    server.close();
  }
});
