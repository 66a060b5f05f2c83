/**
 * The worker's small HTTP listener: /healthz (the process answers), /readyz (its dependencies answer) and
 * /metrics (Prometheus; METRICS_TOKEN or loopback, as on the API). Bound to WORKER_HTTP_HOST:WORKER_HTTP_PORT.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { mayScrape } from './metrics';
import { checkReadiness, type ReadinessCheck } from './readiness';

export interface WorkerHttpOptions {
  host: string;
  port: number;
  metrics: Registry;
  metricsToken: string;
  checks: Record<string, ReadinessCheck>;
  log: Logger;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

export async function startWorkerHttp(options: WorkerHttpOptions): Promise<WorkerHttp> {
  const server = http.createServer((req, res) => {
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, { ...securityHeaders, 'Content-Type': type }).end(body);
    };
    const json = (status: number, value: unknown) =>
      answer(status, 'application/json; charset=utf-8', JSON.stringify(value));
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') return json(405, { status: 'method_not_allowed' });
      if (path === '/healthz') return json(200, { status: 'ok' });
      if (path === '/readyz') {
        const readiness = await checkReadiness(options.checks, options.log);
        return json(readiness.status === 'ready' ? 200 : 503, readiness);
      }
      if (path === '/metrics') {
        const scrape = { ip: req.socket.remoteAddress, authorization: req.headers.authorization };
        if (!mayScrape(options.metricsToken, scrape)) return json(403, { status: 'forbidden' });
        return answer(200, options.metrics.contentType, await options.metrics.metrics());
      }
      return json(404, { status: 'not_found' });
    })().catch((err: unknown) => {
      options.log.error(
        { reason: err instanceof Error ? err.message : String(err) },
        'health listener failed',
      );
      if (!res.headersSent) json(500, { status: 'error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
