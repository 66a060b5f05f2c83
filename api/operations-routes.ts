/**
 * What operators and orchestrators read: /healthz (the process answers), /readyz (everything it needs answers:
 * PostgreSQL, Temporal, Keycloak's signing keys, the blob store) and /metrics (Prometheus text; token or
 * loopback only, see observability/metrics.ts).
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { BlobStore } from '../db/blob-store';
import { blobStoreWritable, postgresReachable } from '../observability/checks';
import { mayScrape } from '../observability/metrics';
import { checkReadiness, type ReadinessCheck } from '../observability/readiness';
import { binary, defineRoute, json, type Route } from './contract';
import { HttpProblem } from './problems';
import type { ClientConfig } from './public-routes';

export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), z.enum(['ok', 'failed'])),
  })
  .meta({ id: 'Readiness', description: 'Each dependency and whether it answered (reasons are logged)' });

export interface OperationsDeps {
  db: Knex;
  blobs: BlobStore;
  temporal: Client;
  clientConfig: ClientConfig;
  log: Logger;
  metrics: Registry;
  metricsToken: string;
}

const checkTimeoutMs = 3000;

export function apiReadinessChecks({
  db,
  blobs,
  temporal,
  clientConfig,
}: OperationsDeps): Record<string, ReadinessCheck> {
  const jwks = `${clientConfig.keycloakUrl}/realms/${clientConfig.realm}/protocol/openid-connect/certs`;
  return {
    postgres: postgresReachable(db),
    temporal: () =>
      temporal.connection.withDeadline(Date.now() + checkTimeoutMs, () =>
        temporal.workflowService.getSystemInfo({}),
      ),
    keycloak: async () => {
      const res = await fetch(jwks, { signal: AbortSignal.timeout(checkTimeoutMs) });
      if (!res.ok) throw new Error(`JWKS answered HTTP ${res.status}`);
      const { keys } = (await res.json()) as { keys?: unknown[] };
      if (!keys?.length) throw new Error('JWKS holds no keys');
    },
    blobStore: blobStoreWritable(blobs),
  };
}

const metricsRefused = () =>
  new HttpProblem(403, 'metrics_forbidden', {
    zh: '无权读取监控指标：需要令牌，或从本机访问',
    en: 'Metrics are served to loopback callers or with the metrics token only',
  });

export function operationsRoutes(deps: OperationsDeps): Route[] {
  const checks = apiReadinessChecks(deps);
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      tags: ['operations'],
      summary: 'Liveness: the API process answers (no dependency is checked)',
      responses: { 200: json(z.strictObject({ status: z.literal('ok') }), 'the process is alive') },
      handler: (_input, _req, res) => void res.json({ status: 'ok' }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      tags: ['operations'],
      summary: 'Readiness: PostgreSQL, Temporal, Keycloak signing keys (JWKS) and the blob store answer',
      responses: {
        200: json(readinessSchema, 'every dependency answered'),
        503: json(readinessSchema, 'at least one dependency did not answer within 3 s'),
      },
      handler: async (_input, _req, res) => {
        const readiness = await checkReadiness(checks, deps.log, checkTimeoutMs);
        res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      tags: ['operations'],
      summary: 'Prometheus metrics (bearer METRICS_TOKEN, or loopback callers when no token is set)',
      responses: { 200: binary('Prometheus text exposition format', 'text/plain') },
      problems: [403],
      handler: async (_input, req, res) => {
        if (!mayScrape(deps.metricsToken, { ip: req.ip, authorization: req.headers.authorization }))
          throw metricsRefused();
        res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
      },
    }),
  ];
}
