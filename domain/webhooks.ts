/**
 * Grant webhooks: when a grant addressed to a third party ends (revoked, expired), Tongpai tells it. The body
 * names the event, the grant and the time, nothing a third party did not have; it is signed with HMAC-SHA256
 * under the client's secret over `<t>.<body>` (t: Unix seconds at sending), sent as
 * `Tongpai-Signature: t=<t>,v1=<hex>`. The event id stays the same through retries, so a receiver drops a repeat.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const webhookEvents = ['grant.revoked', 'grant.expired'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookEventSchema = z
  .strictObject({
    id: z.uuid().describe('The same on every retry: a receiver ignores an id it has seen'),
    type: z.enum(webhookEvents),
    grantId: z.uuid(),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEvent', description: 'The body of a webhook delivery (application/json)' });
export type WebhookEventBody = z.infer<typeof webhookEventSchema>;

export const signatureHeader = 'Tongpai-Signature';

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The header value for `body` sent at `timestamp` (Unix seconds). */
export const webhookSignature = (secret: string, timestamp: number, body: string) =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;

/**
 * What a receiver does (docs/webhooks.md): recompute the HMAC over the raw body, compare in constant time, and
 * refuse a timestamp older than its tolerance (a replayed delivery).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300 } = {},
): boolean {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const thirdPartyClientSchema = z
  .strictObject({
    id: z.string().describe('The Keycloak client id'),
    registeredName: z.string().describe('The name citizens read in their access log'),
    enabled: z.boolean().describe('A disabled client redeems nothing and is offered to nobody'),
    redeemsPerMinute: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe('Its own redeem rate; null: REDEEM_RATE_PER_CLIENT'),
    webhookUrl: z.url().nullable().describe('Where grant ends are pushed; null: none'),
    webhookSecretSet: z.boolean().describe('A signing secret exists (it is shown once, when made)'),
  })
  .meta({ id: 'ThirdPartyClient', description: 'A registered third party (a Keycloak client)' });
export type ThirdPartyClient = z.infer<typeof thirdPartyClientSchema>;

export const webhookDeliverySchema = z
  .strictObject({
    id: z.string(),
    eventId: z.uuid(),
    event: z.enum(webhookEvents),
    grantId: z.uuid(),
    clientId: z.string(),
    url: z.string(),
    attempt: z.number().int().min(1),
    outcome: z
      .enum(['delivered', 'retrying', 'failed'])
      .describe('failed: the last attempt, given up; retrying: another follows'),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery', description: 'One attempt to deliver a webhook event' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
