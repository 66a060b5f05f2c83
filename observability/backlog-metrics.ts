/**
 * Queue depths, read from the database when Prometheus scrapes (two grouped, indexed counts): the review
 * backlog by status and region with its oldest wait, and the upstream backlog by library and state. Exported by
 * the API only, so that a sum over processes counts each case once.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { reviewBacklog, upstreamBacklog, type ReviewBacklogRow } from '../db/backlog';

interface Backlog {
  review: ReviewBacklogRow[];
  upstream: { target: string; state: string; submissions: number }[];
}

export function registerBacklogMetrics(registry: Registry, db: Knex, log: Logger): void {
  // A scrape collects every metric at once: the three gauges share one read of the two queues.
  let reading: Promise<Backlog> | undefined;
  const read = () =>
    (reading ??= Promise.all([reviewBacklog(db), upstreamBacklog(db)])
      .then(([review, upstream]) => ({ review, upstream }))
      .catch((err: unknown) => {
        // The process metrics still answer; the missing series show the database is the problem.
        log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'backlog metrics unavailable');
        return { review: [], upstream: [] };
      })
      .finally(() => (reading = undefined)));

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (backlog: Backlog, set: (labels: Record<L, string>, value: number) => void) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const backlog = await read();
        this.reset();
        fill(backlog, (labels, value) => this.set(labels, value));
      },
    });

  gauge(
    'tongpai_review_backlog_cases',
    'Cases waiting for a review decision, by status and region',
    ['status', 'region'],
    ({ review }, set) => review.forEach((r) => set({ status: r.status, region: r.regionId }, r.cases)),
  );
  gauge(
    'tongpai_review_backlog_oldest_seconds',
    'How long the longest-waiting case of each review status and region has waited',
    ['status', 'region'],
    ({ review }, set) =>
      review.forEach((r) => set({ status: r.status, region: r.regionId }, r.oldestSeconds)),
  );
  gauge(
    'tongpai_upstream_backlog_submissions',
    'Submissions to upstream libraries not yet delivered, by target and state (pending, retrying, rejected)',
    ['target', 'state'],
    ({ upstream }, set) => upstream.forEach((u) => set({ target: u.target, state: u.state }, u.submissions)),
  );
}
