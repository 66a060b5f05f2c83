/**
 * The exchange's outbox (docs/networks.md), read when Prometheus scrapes: what waits for the other network and
 * whether the message at its head is being refused, which holds back everything behind it. Exported by each
 * side's API when the deployment has two networks.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { outboxBacklog, type OutboxBacklog } from '../db/exchange';

export function registerExchangeMetrics(registry: Registry, db: Knex, log: Logger): void {
  // One read for the three gauges of a scrape.
  let reading: Promise<OutboxBacklog | undefined> | undefined;
  const read = () =>
    (reading ??= outboxBacklog(db)
      .catch((err: unknown) => {
        log.warn(
          { reason: err instanceof Error ? err.message : String(err) },
          'exchange metrics unavailable',
        );
        return undefined;
      })
      .finally(() => (reading = undefined)));

  const gauge = (name: string, help: string, value: (outbox: OutboxBacklog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const outbox = await read();
        this.reset();
        if (outbox) this.set(value(outbox));
      },
    });

  gauge(
    'tongpai_exchange_outbox_pending_messages',
    'Messages for the other network not yet delivered',
    (o) => o.pending,
  );
  gauge(
    'tongpai_exchange_outbox_oldest_seconds',
    'How long the oldest undelivered message has waited (0 when none)',
    (o) => (o.oldestCreatedAt ? Math.max(0, (Date.now() - o.oldestCreatedAt.getTime()) / 1000) : 0),
  );
  gauge(
    'tongpai_exchange_outbox_head_failed_pushes',
    'Failed pushes of the next message to deliver; above 0 the exchange is held up (alert on it)',
    (o) => o.headAttempts,
  );
}
