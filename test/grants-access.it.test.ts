/**
 * Who sees and does what with grants, on the real stack with the demo realm's users: citizen A never sees
 * citizen B's photos, grants or access log (by id, by list, by code); administrators list their region's grants
 * filtered, create one on a citizen's behalf (audited as such) and revoke with a reason; revoking a photo
 * revokes every grant of it.
 */
import { createHash } from 'node:crypto';
import { caseAuditTrail } from '../db/audit';
import type { IssuedPhoto } from '../db/issued-photos';
import type { Grant, GrantRead } from '../domain/grants';
import { grantWorkflowId } from '../workflows/contracts';
import { apiCall } from './support/api';
import { startWorkingService } from './support/capture-service';
import {
  citizens,
  ensureThirdPartyStaff,
  grantBody,
  issuedCaseOf,
  thirdParties,
  thirdPartyToken,
} from './support/grants';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let caseOfA: string;
let caseOfB: string;
const tokens = {} as Record<'a' | 'b' | 'admin' | 'adminHz' | 'operator' | 'employer', string>;

beforeAll(async () => {
  await ensureThirdPartyStaff();
  service = await startWorkingService('grants-access');
  const operator = await tokenFor('op.sh.pudong');
  [caseOfA, caseOfB] = await Promise.all([
    issuedCaseOf(service.api.baseUrl, operator, citizens.a.idNumber),
    issuedCaseOf(service.api.baseUrl, operator, citizens.b.idNumber),
  ]);
});
beforeEach(async () => {
  [tokens.a, tokens.b, tokens.admin, tokens.adminHz, tokens.operator, tokens.employer] = await Promise.all([
    tokenFor(citizens.a.username),
    tokenFor(citizens.b.username),
    tokenFor('adm.sh'),
    tokenFor('adm.hz'),
    tokenFor('op.sh.pudong'),
    thirdPartyToken(thirdParties.employer),
  ]);
});
afterAll(() => service?.close());

const call = (method: string, url: string, token: string, body?: object) =>
  apiCall(service.api.baseUrl, method, url, token, body);
const create = async (token: string, caseId: string, fields: Record<string, unknown> = {}) => {
  const created = await call('POST', '/api/v1/grants', token, grantBody(caseId, fields));
  expect(created.status).toBe(201);
  return created.body as { grant: Grant; code: string };
};

test("citizen A never sees citizen B's photos, grants or access log: by id, by list, by code", async () => {
  const ofB = await create(tokens.b, caseOfB);
  expect(
    (await call('POST', '/api/v1/redeem', tokens.employer, { code: ofB.code, profile: 'id_card' })).status,
  ).toBe(200);
  const ofA = await create(tokens.a, caseOfA);

  // By id: B's grant, its revocation, and a grant over B's photo are all "not found" to A.
  for (const [method, url, body] of [
    ['GET', `/api/v1/grants/${ofB.grant.id}`, undefined],
    ['POST', `/api/v1/grants/${ofB.grant.id}/revocation`, {}],
  ] as const) {
    const answer = await call(method, url, tokens.a, body);
    expect([answer.status, answer.body.code]).toEqual([404, 'not_found']);
  }
  const overB = await call('POST', '/api/v1/grants', tokens.a, grantBody(caseOfB));
  expect([overB.status, overB.body.code]).toEqual([404, 'not_found']);
  // B's photos themselves: citizens read no cases at all, and their own photos only.
  for (const url of [`/api/v1/cases/${caseOfB}`, `/api/v1/cases/${caseOfB}/photos/id_card`])
    expect((await call('GET', url, tokens.a)).status).toBe(403);
  for (const part of ['id_card', 'id_card/sheet?size=6inch']) {
    const photoOfB = await call('GET', `/api/v1/my/photos/${caseOfB}/${part}`, tokens.a);
    expect([photoOfB.status, photoOfB.body.code]).toEqual([404, 'not_found']);
  }
  const photosOfA = (await call('GET', '/api/v1/my/photos', tokens.a)).body as IssuedPhoto[];
  expect(new Set(photosOfA.map((p) => p.caseId))).toEqual(new Set([caseOfA]));
  const ownPhoto = await fetch(`${service.api.baseUrl}/api/v1/my/photos/${caseOfA}/id_card`, {
    headers: { authorization: `Bearer ${tokens.a}` },
  });
  const ownBytes = Buffer.from(await ownPhoto.arrayBuffer());
  expect(createHash('sha256').update(ownBytes).digest('hex')).toBe(
    photosOfA.find((p) => p.profileId === 'id_card')!.sha256,
  );
  const ownSheet = await fetch(`${service.api.baseUrl}/api/v1/my/photos/${caseOfA}/id_card/sheet?size=a4`, {
    headers: { authorization: `Bearer ${tokens.a}` },
  });
  expect([ownSheet.status, ownSheet.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  expect(
    Buffer.from(await ownSheet.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  // By list: each sees only their own grants and their own reads.
  const listed = (await call('GET', '/api/v1/grants', tokens.a)).body as Grant[];
  expect(listed.map((g) => g.id)).toEqual([ofA.grant.id]);
  const filtered = await call(
    'GET',
    `/api/v1/grants?filter=${encodeURIComponent(JSON.stringify({ state: 'active' }))}`,
    tokens.a,
  );
  expect((filtered.body as Grant[]).map((g) => g.id)).toEqual([ofA.grant.id]);
  expect((await call('GET', '/api/v1/my/access-log', tokens.a)).body).toEqual([]);
  const logOfB = (await call('GET', '/api/v1/my/access-log', tokens.b)).body as GrantRead[];
  expect(logOfB.map((r) => r.grantId)).toEqual([ofB.grant.id]);

  // By code: a citizen is no third party, whatever code they hold.
  const byCode = await call('POST', '/api/v1/redeem', tokens.a, { code: ofB.code, profile: 'id_card' });
  expect(byCode.status).toBe(403);
  // Nor are the staff: an operator or administrator reads photos through cases, not grants.
  for (const token of [tokens.operator, tokens.admin])
    expect((await call('POST', '/api/v1/redeem', token, { code: ofB.code, profile: 'id_card' })).status).toBe(
      403,
    );
  expect((await service.database.db('grants').where({ id: ofB.grant.id }).first()).reads_used).toBe(1);
});

test("an administrator lists the region's grants filtered, creates one on a citizen's behalf, and revokes with a reason", async () => {
  const own = await create(tokens.a, caseOfA, { purpose: 'competition' });
  const onBehalf = await create(tokens.admin, caseOfA, {
    purpose: 'other',
    purposeText: '社区志愿者登记',
    clientId: thirdParties.employer.clientId,
  });
  expect(onBehalf.grant).toMatchObject({
    onBehalf: true,
    createdBy: 'adm.sh',
    purposeText: '社区志愿者登记',
    thirdParty: { clientId: 'demo-employer', registeredName: '示例用人单位（演示）' },
  });
  // The citizen sees the grant made for them.
  const ofA = (await call('GET', '/api/v1/grants', tokens.a)).body as Grant[];
  expect(ofA.map((g) => g.id)).toEqual(expect.arrayContaining([own.grant.id, onBehalf.grant.id]));

  const list = async (filter: object) =>
    (
      (await call('GET', `/api/v1/grants?filter=${encodeURIComponent(JSON.stringify(filter))}`, tokens.admin))
        .body as Grant[]
    ).map((g) => g.id);
  expect(await list({ clientId: 'demo-employer' })).toEqual([onBehalf.grant.id]);
  expect(await list({ purpose: 'competition' })).toEqual([own.grant.id]);
  expect(await list({ createdFrom: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  expect(await list({ state: ['active'], purpose: ['other', 'competition'] })).toEqual(
    expect.arrayContaining([own.grant.id, onBehalf.grant.id]),
  );
  // Another region's administrator sees none of them.
  expect((await call('GET', '/api/v1/grants', tokens.adminHz)).body).toEqual(
    expect.not.arrayContaining([expect.objectContaining({ id: own.grant.id })]),
  );
  expect((await call('GET', `/api/v1/grants/${own.grant.id}`, tokens.adminHz)).status).toBe(404);

  const noReason = await call('POST', `/api/v1/grants/${own.grant.id}/revocation`, tokens.admin, {});
  expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([400, 'reason']);
  const revoked = await call('POST', `/api/v1/grants/${own.grant.id}/revocation`, tokens.admin, {
    reason: '用途与登记不符',
  });
  expect(revoked.body).toMatchObject({
    state: 'revoked',
    revokedBy: 'adm.sh',
    revocationReason: '用途与登记不符',
  });

  const audited = (await caseAuditTrail(service.database.db, caseOfA)).filter((e) =>
    [own.grant.id, onBehalf.grant.id].includes(e.data.grantId as string),
  );
  expect(audited.map((e) => [e.action, e.actor, e.data.onBehalf])).toEqual([
    ['grant.created', 'citizen.sh', false],
    ['grant.created', 'adm.sh', true],
    ['grant.revoked', 'adm.sh', true],
  ]);
  // Reviewers and operators have no business with grants.
  expect((await call('GET', '/api/v1/grants', tokens.operator)).status).toBe(403);
});

test('creating a grant: the configured limits, issued profiles and registered third parties only', async () => {
  const refused = async (fields: Record<string, unknown>, field: string) => {
    const answer = await call('POST', '/api/v1/grants', tokens.a, grantBody(caseOfA, fields));
    expect([answer.status, answer.body.errors?.[0]?.field]).toEqual([400, field]);
  };
  await refused({ expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt');
  await refused({ expiresAt: new Date(Date.now() + 91 * 86400_000).toISOString() }, 'expiresAt');
  await refused({ maxReads: 101 }, 'maxReads');
  await refused({ purpose: 'other' }, 'purposeText');
  await refused({ purpose: 'dating' }, 'purpose');
  await refused({ profiles: ['passport_of_mars'] }, 'profiles');
  await refused({ clientId: 'unknown-client' }, 'clientId');
});

test('revoking a photo revokes every grant of it', async () => {
  const caseId = await issuedCaseOf(service.api.baseUrl, tokens.operator, citizens.a.idNumber);
  const grants = [await create(tokens.a, caseId), await create(tokens.a, caseId, { maxReads: 1 })];
  expect(
    (await call('POST', '/api/v1/redeem', tokens.employer, { code: grants[1]!.code, profile: 'id_card' }))
      .status,
  ).toBe(200);

  const revoked = await call('POST', `/api/v1/cases/${caseId}/revocation`, tokens.admin, {
    reasonCode: 'fraud',
  });
  expect(revoked.status).toBe(200);
  for (const { grant, code } of grants) {
    expect((await call('GET', `/api/v1/grants/${grant.id}`, tokens.a)).body).toMatchObject({
      state: 'revoked',
      revocationReason: 'photo_revoked',
      revokedBy: 'adm.sh',
    });
    const read = await call('POST', '/api/v1/redeem', tokens.employer, { code, profile: 'id_card' });
    expect([read.status, read.body.code]).toEqual([404, 'grant_not_redeemable']);
    const outcome = await service.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();
    expect(outcome).toEqual({ grantId: grant.id, state: 'revoked' });
  }
  const audit = (await caseAuditTrail(service.database.db, caseId)).find((e) => e.action === 'case.revoked')!;
  expect(audit.data.grantsRevoked).toEqual(expect.arrayContaining(grants.map((g) => g.grant.id)));
  // A revoked photo is shared no more, nor printed.
  const sheet = await call('GET', `/api/v1/my/photos/${caseId}/id_card/sheet`, tokens.a);
  expect([sheet.status, sheet.body.code]).toEqual([409, 'photo_not_in_force']);
  const again = await call('POST', '/api/v1/grants', tokens.a, grantBody(caseId));
  expect([again.status, again.body.code]).toEqual([409, 'photo_not_issued']);
});

test("a third party's staff member redeems for their third party; the citizen's log names it", async () => {
  const { grant, code } = await create(tokens.b, caseOfB, { clientId: thirdParties.employer.clientId });
  const options = await call('GET', '/api/v1/my/grant-options', tokens.a);
  expect(options.body.thirdParties).toContainEqual({
    clientId: thirdParties.employer.clientId,
    registeredName: expect.any(String),
  });
  const staff = await tokenFor('tp.employer');
  const read = await call('POST', '/api/v1/redeem', staff, { code, profile: 'id_card' });
  expect([read.status, read.body.verification]).toEqual([200, { genuine: true, valid: true }]);
  const log = (await call('GET', '/api/v1/my/access-log', tokens.b)).body as GrantRead[];
  expect(log.find((r) => r.grantId === grant.id)).toMatchObject({
    clientId: thirdParties.employer.clientId,
    registeredName: expect.any(String),
  });
  const audited = (await caseAuditTrail(service.database.db, caseOfB)).filter(
    (e) => e.action === 'grant.read',
  );
  expect(audited.at(-1)).toMatchObject({
    actor: thirdParties.employer.clientId,
    data: { readBy: 'tp.employer' },
  });
  // A citizen holds no redeemer role: still no third party.
  expect((await call('POST', '/api/v1/redeem', tokens.a, { code, profile: 'id_card' })).status).toBe(403);
});
