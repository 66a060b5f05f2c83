/**
 * Pushing a grant's end to its third parties: one POST per attempt, signed, each attempt written to the delivery
 * log. A refusal or an unreachable endpoint fails the attempt, and Temporal retries it under the workflow's
 * policy (exponential, capped); the last attempt is logged as failed, and the workflow goes on without it.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { findThirdParty } from '../db/third-party-clients';
import { insertWebhookDelivery, webhookRecipients } from '../db/webhook-deliveries';
import {
  signatureHeader,
  webhookSignature,
  type WebhookEvent,
  type WebhookEventBody,
} from '../domain/webhooks';
import type { ActivityDeps } from './deps';

export interface GrantWebhookDelivery {
  eventId: string;
  event: WebhookEvent;
  grantId: string;
  clientId: string;
  occurredAt: string;
  /** The retry policy's last attempt (an activity is not told its policy): logged as failed, not retrying. */
  lastAttempt: number;
}

/** The purpose a client's webhook secret is sealed under (db/secret-seal.ts). */
export const webhookSecretPurpose = (clientId: string) => `webhook-secret:${clientId}`;

const deliveryTimeoutMs = 10_000;

export function grantWebhookActivities({ db, secrets }: ActivityDeps) {
  return {
    grantWebhookRecipients: ({ grantId }: { grantId: string }) => webhookRecipients(db, grantId),

    async deliverGrantEvent(delivery: GrantWebhookDelivery): Promise<void> {
      const client = await findThirdParty(db, delivery.clientId);
      // Its webhook removed or the client disabled since: nobody to tell any more.
      if (!client?.enabled || !client.webhook_url || !client.webhook_secret_sealed) return;
      const { attempt } = Context.current().info;
      const body = JSON.stringify({
        id: delivery.eventId,
        type: delivery.event,
        grantId: delivery.grantId,
        occurredAt: delivery.occurredAt,
      } satisfies WebhookEventBody);
      const secret = secrets.open(webhookSecretPurpose(client.client_id), client.webhook_secret_sealed);
      const answer = await post(client.webhook_url, body, secret, delivery.eventId);
      const delivered = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
      const last = attempt >= delivery.lastAttempt;
      await insertWebhookDelivery(db, {
        eventId: delivery.eventId,
        event: delivery.event,
        grantId: delivery.grantId,
        clientId: client.client_id,
        url: client.webhook_url,
        attempt,
        outcome: delivered ? 'delivered' : last ? 'failed' : 'retrying',
        statusCode: answer.statusCode,
        error: answer.error,
      });
      if (!delivered)
        throw ApplicationFailure.retryable(
          `webhook ${delivery.eventId} to ${client.client_id}: ${answer.error ?? `HTTP ${answer.statusCode}`}`,
          'WebhookNotDelivered',
        );
    },
  };
}

async function post(url: string, body: string, secret: string, eventId: string) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tongpai-Webhooks/1',
        'tongpai-event-id': eventId,
        [signatureHeader]: webhookSignature(secret, Math.floor(Date.now() / 1000), body),
      },
      body,
      // A redirect is an answer, not a new address to send the event to.
      redirect: 'manual',
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    await res.body?.cancel();
    return { statusCode: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { statusCode: null, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
