/** The webhook delivery log: one row per attempt, the event id repeated through an event's retries. */
import type { Knex } from 'knex';
import type { WebhookDelivery, WebhookEvent } from '../domain/webhooks';

interface WebhookDeliveryRow {
  id: string;
  event_id: string;
  event: WebhookEvent;
  grant_id: string;
  client_id: string;
  url: string;
  attempt: number;
  outcome: WebhookDelivery['outcome'];
  status_code: number | null;
  error: string | null;
  at: Date;
}

export async function insertWebhookDelivery(db: Knex, delivery: Omit<WebhookDelivery, 'id' | 'at'>) {
  await db('webhook_deliveries').insert({
    event_id: delivery.eventId,
    event: delivery.event,
    grant_id: delivery.grantId,
    client_id: delivery.clientId,
    url: delivery.url,
    attempt: delivery.attempt,
    outcome: delivery.outcome,
    status_code: delivery.statusCode,
    error: delivery.error,
    at: new Date(),
  });
}

/** A client's deliveries, newest first. */
export async function listWebhookDeliveries(
  db: Knex,
  clientId: string,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: WebhookDelivery[]; total: number }> {
  const base = db<WebhookDeliveryRow>('webhook_deliveries').where({ client_id: clientId });
  const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string }];
  const rows: WebhookDeliveryRow[] = await base
    .select('*')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit);
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      event: r.event,
      grantId: r.grant_id,
      clientId: r.client_id,
      url: r.url,
      attempt: r.attempt,
      outcome: r.outcome,
      statusCode: r.status_code,
      error: r.error,
      at: r.at.toISOString(),
    })),
  };
}

/**
 * Who hears of a grant's end, and when it ended: its named client, else every client that read it, among those
 * enabled with a webhook.
 */
export async function webhookRecipients(
  db: Knex,
  grantId: string,
): Promise<{ endedAt: string | null; clientIds: string[] }> {
  const grant: { ended_at: Date | null } | undefined = await db('grants')
    .where({ id: grantId })
    .first('ended_at');
  const { rows } = await db.raw<{ rows: { client_id: string }[] }>(
    `select t.client_id from third_party_clients t
      where t.enabled and t.webhook_url is not null and t.webhook_secret_sealed is not null
        and t.client_id in (select coalesce(g.client_id, r.client_id)
                              from grants g left join grant_reads r on r.grant_id = g.id and g.client_id is null
                             where g.id = ?)
      order by t.client_id`,
    [grantId],
  );
  return { endedAt: grant?.ended_at?.toISOString() ?? null, clientIds: rows.map((r) => r.client_id) };
}
