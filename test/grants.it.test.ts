/**
 * Sharing on the real stack (API, Temporal, PostgreSQL, Keycloak's demo citizens and third parties, the
 * pipeline): a citizen authorises a third party, which redeems the code for the photo and its certificate;
 * reads never pass the maximum, even 50 at once; a grant expires by its workflow's timer; a revoked grant is
 * read by nobody, and no read succeeds that started after the revocation answered; a mistyped code is caught
 * by its check character; every refusal looks alike; redeems are rate-limited.
 */
import { createHash } from 'node:crypto';
import { caseAuditTrail } from '../db/audit';
import type { Grant, GrantRead } from '../domain/grants';
import { generateGrantCode } from '../domain/grant-code';
import { certificateHolds } from '../signing/certificate';
import { grantWorkflowId } from '../workflows/contracts';
import { apiCall, startApi } from './support/api';
import { startWorkingService } from './support/capture-service';
import { citizens, grantBody, issuedCaseOf, thirdParties, thirdPartyToken } from './support/grants';
import { testKeys } from './support/keys';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let caseId: string;
let citizen: string;
let employer: string;

beforeAll(async () => {
  service = await startWorkingService('grants');
  caseId = await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
});
beforeEach(async () => {
  [citizen, employer] = await Promise.all([
    tokenFor(citizens.a.username),
    thirdPartyToken(thirdParties.employer),
  ]);
});
afterAll(() => service?.close());

const call = (method: string, url: string, token: string, body?: object, baseUrl = service.api.baseUrl) =>
  apiCall(baseUrl, method, url, token, body);

async function createGrant(fields: Record<string, unknown> = {}) {
  const created = await call('POST', '/api/v1/grants', citizen, grantBody(caseId, fields));
  expect(created.status).toBe(201);
  return created.body as { grant: Grant; code: string; qrSvg: string };
}

const redeem = (body: object, token = employer, baseUrl = service.api.baseUrl) =>
  call('POST', '/api/v1/redeem', token, body, baseUrl);
const grantRow = (id: string) => service.database.db('grants').where({ id }).first();

test('a citizen authorises a third party; it redeems the code for the photo and its certificate; the citizen sees the read', async () => {
  const { grant, code, qrSvg } = await createGrant({ purpose: 'exam_registration', maxReads: 2 });
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]$/);
  expect(qrSvg).toContain('<svg');
  expect(grant).toMatchObject({ state: 'active', readsLeft: 2, onBehalf: false, createdBy: 'citizen.sh' });
  // Only the keyed hash is kept, neither in the row nor in the audit trail the code itself.
  const row = await grantRow(grant.id);
  expect(JSON.stringify(row)).not.toContain(code);

  // Typed as a person might: lower case, spaces for hyphens.
  const read = await redeem({ code: code.toLowerCase().replace(/-/g, ' '), profile: 'id_card' });
  expect(read.status).toBe(200);
  const photo = Buffer.from(read.body.photo.base64, 'base64');
  const sha256 = createHash('sha256').update(photo).digest('hex');
  expect(read.body).toMatchObject({
    grantId: grant.id,
    caseId,
    profileId: 'id_card',
    purpose: 'exam_registration',
    readsLeft: 1,
    photo: { mediaType: 'image/jpeg', sha256 },
    certificate: { caseId, profileId: 'id_card', sha256 },
    verification: { genuine: true, valid: true },
  });
  expect(certificateHolds(testKeys(), read.body.certificate, sha256)).toBe(true);
  // Anyone can check the bytes the third party received.
  const form = new FormData();
  form.set('photo', new Blob([photo]), 'id_card.jpg');
  const verified = await apiCall(service.api.baseUrl, 'POST', '/api/v1/verify', undefined, form);
  expect(verified.body).toMatchObject({ genuine: true, valid: true, profileId: 'id_card' });

  const log = await call('GET', '/api/v1/my/access-log', citizen);
  expect(log.status).toBe(200);
  expect((log.body as GrantRead[])[0]).toMatchObject({
    grantId: grant.id,
    clientId: 'demo-employer',
    registeredName: '示例用人单位（演示）',
    profileId: 'id_card',
    purpose: 'exam_registration',
    result: 'delivered',
  });
  const mine = (await call('GET', '/api/v1/grants', citizen)).body as Grant[];
  expect(mine.find((g) => g.id === grant.id)).toMatchObject({ readsUsed: 1, readsLeft: 1 });

  const audited = (await caseAuditTrail(service.database.db, caseId)).filter(
    (e) => e.data.grantId === grant.id,
  );
  expect(audited.map((e) => [e.action, e.actor])).toEqual([
    ['grant.created', 'citizen.sh'],
    ['grant.read', 'demo-employer'],
  ]);
  expect(JSON.stringify(audited)).not.toContain(code);
});

test('the access log is newest first', async () => {
  const { code } = await createGrant({ maxReads: 3 });
  for (const profile of ['id_card', 'id_card']) expect((await redeem({ code, profile })).status).toBe(200);
  const log = (await call('GET', '/api/v1/my/access-log', citizen)).body as GrantRead[];
  const times = log.map((r) => Date.parse(r.at));
  expect(times).toEqual([...times].sort((x, y) => y - x));
  expect(log.length).toBeGreaterThanOrEqual(2);
});

/** The third party's metered redeem calls so far, by result (interface_calls, as departments' calls are). */
const meteredRedeems = async () =>
  Object.fromEntries(
    (
      await service.database
        .db('interface_calls')
        .where({ endpoint: 'redeem', client_kind: 'third_party' })
        .groupBy('client_id', 'result')
        .select('client_id', 'result', service.database.db.raw('sum(count)::int as n'))
    ).map((r: { client_id: string; result: string; n: number }) => [`${r.client_id} ${r.result}`, r.n]),
  );

test('50 concurrent redeems of a grant of 10 reads: exactly 10 succeed, and all 50 are metered', async () => {
  const { grant, code } = await createGrant({ maxReads: 10 });
  const before = await meteredRedeems();
  const answers = await Promise.all(Array.from({ length: 50 }, () => redeem({ code, profile: 'id_card' })));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect(answers.filter((a) => a.status === 404 && a.body.code === 'grant_not_redeemable')).toHaveLength(40);
  expect(await grantRow(grant.id)).toMatchObject({ reads_used: 10, state: 'exhausted' });
  expect(await service.database.db('grant_reads').where({ grant_id: grant.id }).count({ n: '*' })).toEqual([
    { n: '10' },
  ]);
  const after = await meteredRedeems();
  const added = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  expect([added('demo-employer ok'), added('demo-employer grant_not_redeemable')]).toEqual([10, 40]);
});

test("a grant expires by its workflow's timer and is read no more", async () => {
  const { grant, code } = await createGrant({ expiresAt: new Date(Date.now() + 3000).toISOString() });
  expect((await redeem({ code, profile: 'id_card' })).status).toBe(200);
  const outcome = await service.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();
  expect(outcome).toEqual({ grantId: grant.id, state: 'expired' });
  expect((await call('GET', `/api/v1/grants/${grant.id}`, citizen)).body).toMatchObject({
    state: 'expired',
    readsLeft: 0,
  });
  expect((await redeem({ code, profile: 'id_card' })).body.code).toBe('grant_not_redeemable');
  const audited = (await caseAuditTrail(service.database.db, caseId)).filter(
    (e) => e.data.grantId === grant.id,
  );
  expect(audited.map((e) => e.action)).toEqual(['grant.created', 'grant.read', 'grant.expired']);
});

test('a revoked grant is read by nobody; a second revocation is refused', async () => {
  const { grant, code } = await createGrant();
  const revoked = await call('POST', `/api/v1/grants/${grant.id}/revocation`, citizen, {});
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ state: 'revoked', revokedBy: 'citizen.sh', readsLeft: 0 });
  expect((await redeem({ code, profile: 'id_card' })).body.code).toBe('grant_not_redeemable');
  const again = await call('POST', `/api/v1/grants/${grant.id}/revocation`, citizen, {});
  expect([again.status, again.body.code]).toEqual([409, 'grant_not_active']);
  const outcome = await service.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();
  expect(outcome).toEqual({ grantId: grant.id, state: 'revoked' });
});

test('a third party an administrator disables reads no grant from that moment', async () => {
  const { grant, code } = await createGrant({ maxReads: 3 });
  expect((await redeem({ code, profile: 'id_card' })).status).toBe(200);
  const client = `/api/v1/third-party-clients/${thirdParties.employer.clientId}`;
  const admin = await tokenFor('adm.province');
  try {
    expect((await call('PUT', client, admin, { enabled: false })).status).toBe(200);
    const after = await redeem({ code, profile: 'id_card' });
    expect(['third_party_not_registered', 'grant_not_redeemable']).toContain(after.body.code);
    expect((await grantRow(grant.id)).reads_used).toBe(1);
  } finally {
    expect((await call('PUT', client, admin, { enabled: true })).status).toBe(200);
  }
});

test('redeems racing a revocation: every read that succeeded started before the revocation answered', async () => {
  const { grant, code } = await createGrant({ maxReads: 100 });
  const reads: { started: number; status: number }[] = [];
  let stop = false;
  const reader = async () => {
    while (!stop) {
      const started = performance.now();
      const { status } = await redeem({ code, profile: 'id_card' });
      reads.push({ started, status });
    }
  };
  const readers = Array.from({ length: 8 }, reader);
  // Let some reads through first.
  while (reads.filter((r) => r.status === 200).length < 5) await new Promise((r) => setTimeout(r, 20));
  const revoked = await call('POST', `/api/v1/grants/${grant.id}/revocation`, citizen, {
    reason: '不再需要',
  });
  const revokeAnswered = performance.now();
  expect(revoked.status).toBe(200);
  // Reads keep coming for a while after the answer: all must be refused.
  while (reads.filter((r) => r.started > revokeAnswered).length < 16)
    await new Promise((r) => setTimeout(r, 20));
  stop = true;
  await Promise.all(readers);

  const succeeded = reads.filter((r) => r.status === 200);
  expect(succeeded.length).toBeGreaterThanOrEqual(5);
  expect(succeeded.filter((r) => r.started >= revokeAnswered)).toEqual([]);
  expect(reads.filter((r) => r.started >= revokeAnswered).every((r) => r.status === 404)).toBe(true);
  // The log holds exactly the reads that succeeded.
  const row = await grantRow(grant.id);
  expect(row).toMatchObject({ state: 'revoked', reads_used: succeeded.length });
});

test('a mistyped code is caught by its check character before anything is looked up', async () => {
  const { grant, code } = await createGrant();
  const compact = code.replace(/-/g, '');
  const replacement = compact[3] === '7' ? '8' : '7';
  const typo = `${compact.slice(0, 3)}${replacement}${compact.slice(4)}`;
  const mistyped = await redeem({ code: typo, profile: 'id_card' });
  expect([mistyped.status, mistyped.body.code]).toEqual([400, 'code_mistyped']);
  expect(mistyped.body.messages.zh).toContain('校验位');
  const malformed = await redeem({ code: 'HELLO', profile: 'id_card' });
  expect([malformed.status, malformed.body.code]).toEqual([400, 'code_malformed']);
  expect(await grantRow(grant.id)).toMatchObject({ reads_used: 0 });
});

test("wrong, expired, used-up, revoked, another client's grant, a photo not granted: all answered alike", async () => {
  const expired = await createGrant({ expiresAt: new Date(Date.now() + 1500).toISOString() });
  const exhausted = await createGrant({ maxReads: 1 });
  expect((await redeem({ code: exhausted.code, profile: 'id_card' })).status).toBe(200);
  const revoked = await createGrant();
  expect((await call('POST', `/api/v1/grants/${revoked.grant.id}/revocation`, citizen, {})).status).toBe(200);
  const addressed = await createGrant({ clientId: thirdParties.examCentre.clientId });
  const active = await createGrant();
  await service.temporal.client.workflow.getHandle(grantWorkflowId(expired.grant.id)).result();

  const refusals = await Promise.all([
    redeem({ code: generateGrantCode(), profile: 'id_card' }),
    redeem({ code: expired.code, profile: 'id_card' }),
    redeem({ code: exhausted.code, profile: 'id_card' }),
    redeem({ code: revoked.code, profile: 'id_card' }),
    redeem({ code: addressed.code, profile: 'id_card' }),
    redeem({ code: active.code, profile: 'exit_entry' }), // a photo not granted
  ]);
  const first = refusals[0]!;
  expect([first.status, first.body.code]).toEqual([404, 'grant_not_redeemable']);
  for (const answer of refusals) {
    expect(answer.status).toBe(first.status);
    expect(answer.body).toEqual(first.body);
    expect(answer.type).toBe(first.type);
  }
  // The grant addressed to the exam centre is read by it, by code or by id.
  const examCentre = await thirdPartyToken(thirdParties.examCentre);
  expect((await redeem({ grantId: addressed.grant.id, profile: 'id_card' }, examCentre)).status).toBe(200);
  expect((await redeem({ grantId: addressed.grant.id, profile: 'id_card' })).body).toEqual(first.body);
  expect((await redeem({ code: addressed.code, profile: 'id_card' }, examCentre)).status).toBe(200);
});

test('redeems are rate-limited per client and per address (429 with Retry-After)', async () => {
  const { code } = await createGrant({ maxReads: 20 });
  const limited = async (grants: { redeemsPerMinute: { perClient: number; perAddress: number } }) => {
    const api = await startApi({
      db: service.database.db,
      blobs: service.testBlobs.blobs,
      temporal: service.temporal.client,
      taskQueue: service.taskQueue,
      grants,
    });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await redeem({ code, profile: 'id_card' }, employer, api.baseUrl));
      return answers;
    } finally {
      await api.close();
    }
  };
  for (const rates of [
    { perClient: 3, perAddress: 100 },
    { perClient: 100, perAddress: 3 },
  ]) {
    const answers = await limited({ redeemsPerMinute: rates });
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]!.body.code).toBe('rate_limited');
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }
});
