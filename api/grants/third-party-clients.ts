/**
 * The registered third parties, for administrators: their name, rate, whether enabled, and the webhook that
 * hears of their grants' ends, with its signing secret (made here, shown once, kept sealed); each client's
 * delivery log. Every change is audited (system stream), the secret never.
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { SecretSealer } from '../../db/secret-seal';
import {
  findThirdParty,
  listThirdParties,
  toThirdPartyClient,
  updateThirdParty,
  type ThirdPartyChange,
} from '../../db/third-party-clients';
import { listWebhookDeliveries } from '../../db/webhook-deliveries';
import { tag, type Action } from '../../domain/ability';
import { thirdPartyClientSchema, webhookDeliverySchema } from '../../domain/webhooks';
import { webhookSecretPurpose } from '../../activities/grant-webhooks';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import {
  idFilter,
  idListQuery,
  listQueryFor,
  listQueryMessages,
  parseListFilter,
  parseListParams,
  sendPage,
} from '../list-params';
import { notFound } from '../problems';
import { auditedChange } from '../sharing/audited-change';

const idParams = z.object({ id: z.string().min(1).max(255) });
const clientNotFound = notFound({ zh: '该第三方', en: 'The third party' });

const hasCredentials = (url: string) => {
  const { username, password } = new URL(url);
  return Boolean(username || password);
};

const clientChange = z
  .strictObject({
    registeredName: z.string().trim().min(1).max(100),
    enabled: z.boolean(),
    redeemsPerMinute: z.number().int().min(1).max(1_000_000).nullable(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      // A password in it would be shown to every administrator, and fetch refuses such an address: no delivery.
      .refine((url) => !hasCredentials(url))
      .nullable()
      .describe(
        'http(s), without a user or password; null removes the webhook. A secret is made with the first one and ' +
          'answered once',
      ),
  })
  .partial()
  .meta({ id: 'ThirdPartyClientChange' });

const fieldMessages = {
  registeredName: {
    zh: '请填写登记名称（最多100个字符）',
    en: 'Give the registered name (up to 100 characters)',
  },
  enabled: { zh: '启用应为是或否', en: 'enabled is true or false' },
  redeemsPerMinute: {
    zh: '每分钟读取次数应为正整数或留空',
    en: 'redeemsPerMinute is a positive whole number or null',
  },
  webhookUrl: {
    zh: '回调地址应为 http(s) 网址（不含用户名和密码）或留空',
    en: 'webhookUrl is an http(s) URL without a user or password, or null',
  },
};

const withSecret = thirdPartyClientSchema
  .extend({ webhookSecret: z.string().optional().describe('Only when made by this call: shown this once') })
  .meta({ id: 'ThirdPartyClientWithSecret' });

const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function thirdPartyClientRoutes({ db, secrets }: { db: Knex; secrets: SecretSealer }): Route[] {
  const common = { tags: ['grants'] } as const;

  /** The second check, on the loaded row; 404 whether it is missing or not the caller's to see. */
  async function permittedClient(req: Request, action: Action) {
    const row = await findThirdParty(db, String(req.params.id));
    if (!row || !caller(req).ability.can(action, tag('ThirdPartyClient', { clientId: row.client_id })))
      throw clientNotFound;
    return row;
  }

  async function madeSecret(req: Request, clientId: string, change: ThirdPartyChange) {
    const secret = newWebhookSecret();
    const sealed = { ...change, webhook_secret_sealed: secrets.seal(webhookSecretPurpose(clientId), secret) };
    await save(req, clientId, 'third_party_client.webhook_secret_made', {}, sealed);
    return secret;
  }

  async function save(
    req: Request,
    clientId: string,
    action: string,
    data: Record<string, unknown>,
    change: ThirdPartyChange,
  ) {
    const saved = await auditedChange(db, req, { action, data: { clientId, ...data } }, async (trx) =>
      Boolean(await updateThirdParty(trx, clientId, change)),
    );
    if (!saved) throw clientNotFound;
  }

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/third-party-clients',
      summary: 'The registered third parties (administrators)',
      permission: ['read', 'ThirdPartyClient'],
      query: idListQuery,
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(thirdPartyClientSchema), 'every client, by id') },
      handler: async ({ query }, _req, res) => {
        const { id } = parseListFilter(query, idFilter);
        const rows = (await listThirdParties(db)).filter((r) => !id || id.includes(r.client_id));
        sendPage(res, 'third-party-clients', 0, rows.map(toThirdPartyClient), rows.length);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/third-party-clients/:id',
      summary: 'One registered third party',
      permission: ['read', 'ThirdPartyClient'],
      params: idParams,
      responses: { 200: json(thirdPartyClientSchema, 'the client') },
      problems: [404],
      handler: async (_input, req, res) =>
        void res.json(toThirdPartyClient(await permittedClient(req, 'read'))),
    }),
    defineRoute({
      ...common,
      method: 'put',
      path: '/third-party-clients/:id',
      summary: "Change a third party's name, rate, state or webhook (audited)",
      description:
        'The first webhook URL given to a client without a secret makes one: answered once as webhookSecret, ' +
        'kept sealed under the master key. POST .../webhook-secret makes a new one. Each grant end (grant.revoked, ' +
        'grant.expired) is POSTed as {id, type, grantId, occurredAt} with `Tongpai-Signature: t=<unix seconds>,' +
        'v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, retried under the same id (docs/webhooks.md).',
      permission: ['manage', 'ThirdPartyClient'],
      params: idParams,
      body: clientChange,
      fieldMessages,
      responses: { 200: json(withSecret, 'the client (with its new secret, this once)') },
      problems: [404],
      handler: async ({ body }, req, res) => {
        const row = await permittedClient(req, 'manage');
        const change: ThirdPartyChange = {
          ...(body.registeredName !== undefined ? { registered_name: body.registeredName } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
          ...(body.redeemsPerMinute !== undefined ? { redeems_per_minute: body.redeemsPerMinute } : {}),
          ...(body.webhookUrl !== undefined ? { webhook_url: body.webhookUrl } : {}),
        };
        const needsSecret = Boolean(body.webhookUrl) && !row.webhook_secret_sealed;
        // Nothing named, nothing changed: no update, no audit entry.
        if (Object.keys(change).length)
          await save(req, row.client_id, 'third_party_client.changed', { change: body }, change);
        const webhookSecret = needsSecret ? await madeSecret(req, row.client_id, {}) : undefined;
        const saved = toThirdPartyClient((await findThirdParty(db, row.client_id))!);
        res.json(webhookSecret ? { ...saved, webhookSecret } : saved);
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/third-party-clients/:id/webhook-secret',
      summary: 'Make a new webhook signing secret (the old one stops signing); answered once (audited)',
      permission: ['manage', 'ThirdPartyClient'],
      params: idParams,
      responses: { 201: json(withSecret, 'the client with its new secret, shown this once') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await permittedClient(req, 'manage');
        const webhookSecret = await madeSecret(req, row.client_id, {});
        res
          .status(201)
          .json({ ...toThirdPartyClient((await findThirdParty(db, row.client_id))!), webhookSecret });
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/third-party-clients/:id/webhook-deliveries',
      summary: "A client's webhook delivery log: every attempt, newest first",
      permission: ['read', 'ThirdPartyClient'],
      params: idParams,
      query: listQueryFor(z.object({})),
      fieldMessages: listQueryMessages,
      responses: {
        200: json(
          z.array(webhookDeliverySchema),
          'a page; Content-Range: webhook-deliveries <start>-<end>/<total>',
        ),
      },
      problems: [404],
      handler: async ({ query }, req, res) => {
        const row = await permittedClient(req, 'read');
        const { offset, limit } = parseListParams(query, {
          sortable: ['at'],
          defaultSort: ['at', 'DESC'],
          filter: z.object({}),
        });
        const { rows, total } = await listWebhookDeliveries(db, row.client_id, { offset, limit });
        sendPage(res, 'webhook-deliveries', offset, rows, total);
      },
    }),
  ];
}
