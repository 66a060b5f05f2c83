/**
 * Prometheus metrics of one process (the API or the worker): its own registry, labelled with the service, with
 * Node's default process metrics. Labels are route templates, stages, activity and failure types, statuses,
 * regions and targets: never a raw URL, an id or anything about a person.
 */
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';

export type Service = 'api' | 'worker';

export function createMetricsRegistry(service: Service): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

const loopback = /^(127\.|::1$|::ffff:127\.)/;

export interface ScrapeRequest {
  /** The caller's address as the server sees it (behind a trusted proxy, the address it forwards). */
  ip: string | undefined;
  authorization: string | undefined;
}

/**
 * Who may read /metrics: with a token, whoever sends it as a bearer token; without one, loopback callers only
 * (a scraper on the same host, or one that reaches the process through a tunnel or sidecar).
 */
export function mayScrape(token: string, { ip, authorization }: ScrapeRequest): boolean {
  if (!token) return loopback.test(ip ?? '');
  const sent = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
