/**
 * Grant webhooks on the real stack: an administrator gives a third party a webhook (its secret shown once); the
 * ends of the grants it holds are pushed to a small HTTP server standing for its endpoint, signed; a failing
 * endpoint is retried with the same event id and every attempt is in the delivery log. Administrators list
 * every grant filtered and revoke with a reason; nobody else reads or changes the third parties.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Grant } from '../domain/grants';
import { verifyWebhookSignature, type WebhookDelivery, type ThirdPartyClient } from '../domain/webhooks';
import { grantWorkflowId } from '../workflows/contracts';
import { apiCall } from './support/api';
import { startWorkingService } from './support/capture-service';
import { citizens, grantBody, issuedCaseOf, thirdParties, thirdPartyToken } from './support/grants';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

interface Received {
  path: string;
  signature: string;
  eventId: string;
  body: string;
}

/** The third party's endpoint: records every request, answers each path's statuses in turn (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const waiting: (() => void)[] = [];
  let hold: Promise<void> | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({
        path,
        signature: String(req.headers['tongpai-signature'] ?? ''),
        eventId: String(req.headers['tongpai-event-id'] ?? ''),
        body,
      });
      waiting.splice(0).forEach((wake) => wake());
      const status = scripts.get(path)?.shift() ?? 200;
      void (hold ?? Promise.resolve()).then(() => res.writeHead(status).end());
    });
  });
  server.listen(0, '127.0.0.1');
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    answer: (path: string, statuses: number[]) => scripts.set(path, statuses),
    /** Answers nothing until the promise settles (the request stays open meanwhile). */
    holdUntil: (until: Promise<void> | undefined) => {
      hold = until;
    },
    async next(path: string, count = 1, timeoutMs = 60_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = received.filter((r) => r.path === path);
        if (seen.length >= count) return seen;
        if (Date.now() > deadline) throw new Error(`${path}: ${seen.length} of ${count} deliveries`);
        await new Promise<void>((wake) => {
          waiting.push(wake);
          setTimeout(wake, 500);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let service: Awaited<ReturnType<typeof startWorkingService>>;
let receiver: ReturnType<typeof startReceiver>;
let caseId: string;
let secret: string;
const tokens = {} as Record<'admin' | 'regionalAdmin' | 'citizen' | 'operator' | 'employer', string>;

beforeAll(async () => {
  receiver = startReceiver();
  service = await startWorkingService('grant-webhooks');
  caseId = await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
});
beforeEach(async () => {
  [tokens.admin, tokens.regionalAdmin, tokens.citizen, tokens.operator, tokens.employer] = await Promise.all([
    tokenFor('adm.province'),
    tokenFor('adm.sh'),
    tokenFor(citizens.a.username),
    tokenFor('op.sh.pudong'),
    thirdPartyToken(thirdParties.employer),
  ]);
});
afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

const call = (method: string, url: string, token: string, body?: object) =>
  apiCall(service.api.baseUrl, method, url, token, body);
const employerUrl = `/api/v1/third-party-clients/${thirdParties.employer.clientId}`;

/** Points the employer's webhook at `path` of the receiver. */
async function webhookTo(path: string) {
  const changed = await call('PUT', employerUrl, tokens.admin, { webhookUrl: receiver.url(path) });
  expect(changed.status).toBe(200);
}

async function createGrant(fields: Record<string, unknown> = {}) {
  const created = await call('POST', '/api/v1/grants', tokens.citizen, {
    ...grantBody(caseId),
    clientId: thirdParties.employer.clientId,
    ...fields,
  });
  expect(created.status).toBe(201);
  return created.body as { grant: Grant; code: string };
}

const revoke = (grantId: string, token = tokens.citizen, reason?: string) =>
  call('POST', `/api/v1/grants/${grantId}/revocation`, token, reason ? { reason } : {});

const deliveries = async () =>
  (await call('GET', `${employerUrl}/webhook-deliveries`, tokens.admin)).body as WebhookDelivery[];

test('an administrator gives a third party a webhook: its secret is answered once, kept sealed, the change audited', async () => {
  const first = await call('PUT', employerUrl, tokens.admin, { webhookUrl: receiver.url('/setup') });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    id: 'demo-employer',
    webhookUrl: receiver.url('/setup'),
    webhookSecretSet: true,
    webhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
  });
  secret = first.body.webhookSecret as string;
  // Another change does not show it again; the row holds it sealed, not as text.
  const again = await call('PUT', employerUrl, tokens.admin, { redeemsPerMinute: 600 });
  expect(again.body).not.toHaveProperty('webhookSecret');
  expect(again.body).toMatchObject({ redeemsPerMinute: 600, webhookSecretSet: true });
  const row = await service.database.db('third_party_clients').where({ client_id: 'demo-employer' }).first();
  expect(row.webhook_secret_sealed.includes(Buffer.from(secret))).toBe(false);
  expect(row.webhook_secret_sealed.subarray(0, 4).toString()).toBe('TPBE');
  const audited = await service.database
    .db('audit_events')
    .whereIn('action', ['third_party_client.changed', 'third_party_client.webhook_secret_made'])
    .orderBy('seq');
  expect(audited.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
    ['third_party_client.changed', 'adm.province'],
    ['third_party_client.webhook_secret_made', 'adm.province'],
    ['third_party_client.changed', 'adm.province'],
  ]);
  expect(JSON.stringify(audited)).not.toContain(secret);

  expect((await call('PUT', employerUrl, tokens.admin, {})).body).toMatchObject({ redeemsPerMinute: 600 });
  const unknownField = await call('PUT', employerUrl, tokens.admin, { webhookSecret: 'whsec_mine' });
  expect(unknownField.status).toBe(400);
  const refused = await call('PUT', employerUrl, tokens.admin, { webhookUrl: 'ftp://example.org/hook' });
  expect([refused.status, refused.body.errors?.[0]?.field]).toEqual([400, 'webhookUrl']);
  // A password in the address would be shown to every administrator and never delivered to (fetch refuses it).
  const withPassword = await call('PUT', employerUrl, tokens.admin, {
    webhookUrl: 'https://hooks:hunter2@example.org/hook',
  });
  expect([withPassword.status, withPassword.body.errors?.[0]?.field]).toEqual([400, 'webhookUrl']);
  expect(JSON.stringify(await call('GET', employerUrl, tokens.admin))).not.toContain('hunter2');
  expect(
    (await call('PUT', '/api/v1/third-party-clients/nobody', tokens.admin, { enabled: true })).status,
  ).toBe(404);
});

test('a revocation is pushed, signed, and the revocation answers before the third party has', async () => {
  await webhookTo('/revoked');
  const { grant } = await createGrant();
  // The endpoint keeps the delivery open until the revocation has answered.
  let answered!: () => void;
  receiver.holdUntil(new Promise<void>((resolve) => (answered = resolve)));
  const revoked = await revoke(grant.id);
  expect(revoked.status).toBe(200);
  const [delivery] = await receiver.next('/revoked');
  answered();
  receiver.holdUntil(undefined);

  expect(verifyWebhookSignature(secret, delivery!.signature, delivery!.body)).toBe(true);
  expect(
    verifyWebhookSignature(secret, delivery!.signature, delivery!.body.replace('revoked', 'expired')),
  ).toBe(false);
  expect(verifyWebhookSignature('whsec_another', delivery!.signature, delivery!.body)).toBe(false);
  const body = JSON.parse(delivery!.body);
  expect(body).toEqual({
    id: delivery!.eventId,
    type: 'grant.revoked',
    grantId: grant.id,
    occurredAt: (await service.database.db('grants').where({ id: grant.id }).first()).ended_at.toISOString(),
  });
  await service.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();
  expect((await deliveries()).filter((d) => d.eventId === body.id)).toMatchObject([
    { attempt: 1, outcome: 'delivered', statusCode: 200, grantId: grant.id, event: 'grant.revoked' },
  ]);
});

test('an expiry is pushed to the third party that read a grant addressed to nobody', async () => {
  await webhookTo('/expired');
  const { grant, code } = await createGrant({
    clientId: undefined,
    expiresAt: new Date(Date.now() + 4000).toISOString(),
  });
  const read = await call('POST', '/api/v1/redeem', tokens.employer, { code, profile: 'id_card' });
  expect(read.status).toBe(200);
  const [delivery] = await receiver.next('/expired');
  expect(verifyWebhookSignature(secret, delivery!.signature, delivery!.body)).toBe(true);
  expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'grant.expired', grantId: grant.id });
});

test('an endpoint that fails twice gets the same event three times; the log shows the three attempts', async () => {
  await webhookTo('/flaky');
  receiver.answer('/flaky', [500, 503]);
  const { grant } = await createGrant();
  expect((await revoke(grant.id)).status).toBe(200);
  const attempts = await receiver.next('/flaky', 3);
  const ids = attempts.map((a) => JSON.parse(a.body).id as string);
  expect(new Set(ids).size).toBe(1);
  expect(attempts.map((a) => a.eventId)).toEqual(ids);
  for (const a of attempts) expect(verifyWebhookSignature(secret, a.signature, a.body)).toBe(true);
  await service.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();

  const logged = (await deliveries()).filter((d) => d.eventId === ids[0]);
  expect(logged.map((d) => [d.attempt, d.outcome, d.statusCode])).toEqual([
    [3, 'delivered', 200],
    [2, 'retrying', 503],
    [1, 'retrying', 500],
  ]);
});

test('an administrator lists every grant filtered and revokes one with a reason, audited and pushed', async () => {
  await webhookTo('/by-admin');
  const { grant } = await createGrant({ purpose: 'competition' });
  const list = async (filter: object) => {
    const answer = await call(
      'GET',
      `/api/v1/grants?filter=${encodeURIComponent(JSON.stringify(filter))}`,
      tokens.admin,
    );
    expect(answer.status).toBe(200);
    return (answer.body as Grant[]).map((g) => g.id);
  };
  const mine = { clientId: 'demo-employer', purpose: 'competition' };
  expect(await list({ ...mine, state: 'active' })).toEqual([grant.id]);
  expect(await list({ ...mine, createdFrom: grant.createdAt })).toEqual([grant.id]);
  expect(await list({ ...mine, createdTo: grant.createdAt })).toEqual([]);
  expect(await list({ ...mine, state: 'revoked' })).toEqual([]);
  const unknownKey = await call(
    'GET',
    `/api/v1/grants?filter=${encodeURIComponent('{"owner":"x"}')}`,
    tokens.admin,
  );
  expect([unknownKey.status, unknownKey.body.code]).toEqual([400, 'unknown_filter_key']);

  expect((await revoke(grant.id, tokens.admin)).status).toBe(400);
  const revoked = await revoke(grant.id, tokens.admin, '第三方用途与登记不符');
  expect(revoked.body).toMatchObject({
    state: 'revoked',
    revokedBy: 'adm.province',
    revocationReason: '第三方用途与登记不符',
  });
  expect(await list({ ...mine, state: 'revoked' })).toEqual([grant.id]);
  const audited = await service.database
    .db('audit_events')
    .where({ case_id: caseId, action: 'grant.revoked' });
  expect(audited.map((e: { actor: string; data: Record<string, unknown> }) => [e.actor, e.data])).toEqual(
    expect.arrayContaining([
      [
        'adm.province',
        expect.objectContaining({ grantId: grant.id, onBehalf: true, reason: '第三方用途与登记不符' }),
      ],
    ]),
  );
  const [delivery] = await receiver.next('/by-admin');
  expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'grant.revoked', grantId: grant.id });
});

test('nobody but an administrator reads the third parties; only a province-wide one changes them', async () => {
  const listed = await call('GET', '/api/v1/third-party-clients', tokens.regionalAdmin);
  expect(listed.status).toBe(200);
  expect((listed.body as ThirdPartyClient[]).map((c) => c.id)).toEqual(
    expect.arrayContaining(['demo-employer', 'demo-exam-centre']),
  );
  expect(JSON.stringify(listed.body)).not.toContain(secret);
  expect((await call('PUT', employerUrl, tokens.regionalAdmin, { enabled: false })).status).toBe(403);
  for (const token of [tokens.citizen, tokens.operator, tokens.employer]) {
    expect((await call('GET', '/api/v1/third-party-clients', token)).status).toBe(403);
    expect((await call('GET', `${employerUrl}/webhook-deliveries`, token)).status).toBe(403);
    expect((await call('PUT', employerUrl, token, { webhookUrl: 'https://evil.example/hook' })).status).toBe(
      403,
    );
    expect((await call('POST', `${employerUrl}/webhook-secret`, token)).status).toBe(403);
  }
  const unknown = await call(
    'GET',
    `${employerUrl}/webhook-deliveries?filter=${encodeURIComponent('{"grantId":"x"}')}`,
    tokens.admin,
  );
  expect([unknown.status, unknown.body.code]).toEqual([400, 'unknown_filter_key']);
  // A new secret replaces the old one, shown this once.
  const rotated = await call('POST', `${employerUrl}/webhook-secret`, tokens.admin);
  expect(rotated.status).toBe(201);
  expect(rotated.body.webhookSecret).not.toBe(secret);
});
