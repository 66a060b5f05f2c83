/**
 * Institutional sharing on the real stack (API, Temporal, PostgreSQL, Keycloak, the pipeline): a department
 * user applies for the catalogue's photo lookup, an administrator approves with limits, and the department's
 * client looks a person up within the approved matters, profiles and network; refusals outside them, over the
 * rate and the daily quota; a client suspended is refused on its next call; an approval expires by its timer
 * after a reminder; the lookups are listed for the person; the imaging tools check and render a test face and
 * refuse bad inputs storing nothing; and the monitoring counts equal the calls made.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { listIssuedPhotos } from '../db/issued-photos';
import { lookupsOfPerson } from '../db/lookup-reads';
import type { AccessLogEntry } from '../domain/grants';
import type { CaseDetail } from '../domain/schemas';
import type { Application, InterfaceClient, LookupAnswer, ToolCheck } from '../domain/sharing';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { waitUntil } from '../stack/process';
import { apiCall, captureForm, waitForCase } from './support/api';
import { testPersonHash } from './support/keys';
import { startWorkingService } from './support/capture-service';
import { insertTestCase } from './support/cases';
import { citizens } from './support/grants';
import { ensureRealmEntries } from './support/realm-entries';
import { requestToken, tokenFor } from './support/tokens';

jest.setTimeout(240_000);

const testdata = loadConfig().TONGPAI_TESTDATA_DIR;
const goodFace = path.join(testdata, 'faces-hr', 'london_002_neutral.jpg');
const people = residentIdNumbers();
const shebao = { clientId: 'demo-shebao', secret: 'tongpai-demo-shebao-secret' };
const policeUnit = { clientId: 'demo-police-unit', secret: 'tongpai-demo-police-unit-secret' };

let service: Awaited<ReturnType<typeof startWorkingService>>;
let admin: string;
let department: string;
let operator: string;
/** Calls made per client and how many of them were answered otherwise than 200, to check the counters. */
const made: Record<string, { calls: number; errors: number }> = {};

async function clientToken({ clientId, secret }: { clientId: string; secret: string }) {
  const answer = await requestToken({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
  });
  if (!answer.accessToken) throw new Error(`no token for ${clientId}: ${answer.error}`);
  return answer.accessToken;
}

beforeAll(async () => {
  await ensureRealmEntries({
    roles: ['department', 'institution'],
    clients: [shebao.clientId, policeUnit.clientId],
    users: ['dept.shebao', 'service-account-demo-shebao', 'service-account-demo-police-unit'],
  });
  service = await startWorkingService('sharing', { applicationTimers: { reminderBeforeSeconds: 3 } });
  [admin, department, operator] = await Promise.all([
    tokenFor('adm.province'),
    tokenFor('dept.shebao'),
    tokenFor('op.sh.pudong'),
  ]);
});

afterAll(() => service?.close());

const call = (method: string, url: string, token: string, body?: object | FormData) =>
  apiCall(service.api.baseUrl, method, url, token, body);

/** A call by an organisation's client (a fresh token each time: they live five minutes), counted. */
async function clientCall(client: typeof shebao, url: string, body: object | FormData) {
  const answer = await call('POST', url, await clientToken(client), body);
  const tally = (made[client.clientId] ??= { calls: 0, errors: 0 });
  tally.calls++;
  if (answer.status !== 200) tally.errors++;
  return answer;
}
const lookup = (client: typeof shebao, body: object) => clientCall(client, '/api/v1/lookups', body);

/** A lookup that waits out the client's rate limit (the tests before may have reached it). */
async function lookupInTime(client: typeof shebao, body: object) {
  for (;;) {
    const answer = await lookup(client, body);
    if (answer.body.code !== 'rate_limited') return answer;
    await new Promise((r) => setTimeout(r, Number(answer.headers.get('retry-after')) * 1000));
  }
}

async function applicationWhen(id: string, status: Application['status']): Promise<Application> {
  let application: Application | undefined;
  await waitUntil(
    `application ${id} ${status}`,
    async () => {
      application = (await call('GET', `/api/v1/applications/${id}`, admin)).body as Application;
      return application.status === status;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return application!;
}

async function approved(
  body: object,
  by: string,
  limits: { ratePerMinute: number; dailyQuota: number; profiles: string[]; validForSeconds?: number },
): Promise<Application> {
  const applied = await call('POST', '/api/v1/applications', by, body);
  expect(applied.status).toBe(201);
  const { id } = applied.body as Application;
  const { validForSeconds = 3600, ...rest } = limits;
  const decided = await call('POST', `/api/v1/applications/${id}/approve`, admin, {
    ...rest,
    validUntil: new Date(Date.now() + validForSeconds * 1000).toISOString(),
  });
  expect(decided.status).toBe(200);
  return applicationWhen(id, 'active');
}

const lookupApplication = {
  organisationId: 'sh-social-security',
  entryId: 'resident-photo',
  matters: ['social-security-card', 'medical-insurance'],
  purpose: '社保卡制卡：核对参保人照片',
  expectedDailyVolume: 2000,
  validityDays: 365,
};

let issuedCase: CaseDetail;
let person: string;

test('a department user applies, an administrator approves with limits, the client looks up within scope', async () => {
  // A demo citizen, whose own access log shows the departments' reads.
  person = citizens.a.idNumber;
  const captured = await call(
    'POST',
    '/api/v1/captures',
    operator,
    captureForm(await fs.readFile(goodFace), { idNumber: person }),
  );
  expect(captured.status).toBe(202);
  issuedCase = await waitForCase(
    service.api.baseUrl,
    operator,
    (captured.body as { caseId: string }).caseId,
    'issued',
    120_000,
  );

  const catalogue = await call('GET', '/api/v1/catalogue-entries', department);
  expect((catalogue.body as { id: string }[]).map((e) => e.id)).toEqual(['photo-tools', 'resident-photo']);
  // Only for their own organisation; the administrator's decisions are not theirs.
  const elsewhere = await call('POST', '/api/v1/applications', department, {
    ...lookupApplication,
    organisationId: 'sh-pudong-police',
  });
  expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'not_found']);

  const applied = await call('POST', '/api/v1/applications', department, lookupApplication);
  expect(applied.status).toBe(201);
  const pending = applied.body as Application;
  expect(pending).toMatchObject({
    status: 'pending',
    appliedBy: 'dept.shebao',
    workflowId: `application-${pending.id}`,
  });
  const approval = {
    ratePerMinute: 10,
    dailyQuota: 1000,
    profiles: ['id_card'],
    validUntil: new Date(Date.now() + 3600_000).toISOString(),
  };
  const byDepartment = await call('POST', `/api/v1/applications/${pending.id}/approve`, department, approval);
  expect(byDepartment.status).toBe(403);
  const beforeApproval = await lookup(shebao, { idNumber: person, matterCode: 'social-security-card' });
  expect([beforeApproval.status, beforeApproval.body.code]).toEqual([403, 'no_active_approval']);

  const decided = await call('POST', `/api/v1/applications/${pending.id}/approve`, admin, approval);
  expect(decided.status).toBe(200);
  const twice = await call('POST', `/api/v1/applications/${pending.id}/reject`, admin, { reason: '重复' });
  expect([twice.status, twice.body.code]).toEqual([409, 'not_pending']);
  const active = await applicationWhen(pending.id, 'active');
  expect(active).toMatchObject({
    decidedBy: 'adm.province',
    ratePerMinute: 10,
    dailyQuota: 1000,
    profiles: ['id_card'],
  });

  const found = await lookup(shebao, { idNumber: person.toLowerCase(), matterCode: 'social-security-card' });
  expect(found.status).toBe(200);
  const answer = found.body as LookupAnswer;
  const issued = (await listIssuedPhotos(service.database.db, issuedCase.id)).find(
    (p) => p.profile_id === 'id_card',
  )!;
  expect(answer).toMatchObject({
    caseId: issuedCase.id,
    profileId: 'id_card',
    sha256: issued.sha256,
    mimeType: 'image/jpeg',
  });
  expect(answer.certificate).toEqual(issued.certificate);
  const verified = new FormData();
  verified.set('photo', new Blob([Buffer.from(answer.photo, 'base64')]), 'id_card.jpg');
  expect(
    (await apiCall(service.api.baseUrl, 'POST', '/api/v1/verify', undefined, verified)).body,
  ).toMatchObject({ genuine: true, valid: true });
});

test('refused outside the approved matters, profiles and network, and for people without a photo', async () => {
  const refused = async (body: object, status: number, code: string) => {
    const answer = await lookup(shebao, body);
    expect([answer.status, answer.body.code]).toEqual([status, code]);
  };
  await refused({ idNumber: person, matterCode: 'household-registration' }, 403, 'matter_not_approved');
  await refused(
    { idNumber: person, matterCode: 'social-security-card', profile: 'face_compare' },
    403,
    'profile_not_approved',
  );
  await refused({ idNumber: people.next().value!, matterCode: 'medical-insurance' }, 404, 'person_not_found');
  const waiting = people.next().value!;
  await insertTestCase(service.database.db, { idNumber: waiting });
  await refused({ idNumber: waiting, matterCode: 'medical-insurance' }, 404, 'photo_not_issued');
  await refused({ idNumber: person, matterCode: 'bad code!' }, 400, 'invalid_request');

  // The entry closed to the government network: the department's client is refused from its next call.
  const entry = (await call('GET', '/api/v1/catalogue-entries/resident-photo', admin)).body as Record<
    string,
    unknown
  >;
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = entry;
  expect(
    (
      await call('PUT', '/api/v1/catalogue-entries/resident-photo', admin, {
        ...fields,
        networks: ['police'],
      })
    ).status,
  ).toBe(200);
  await refused({ idNumber: person, matterCode: 'social-security-card' }, 403, 'network_not_allowed');
  expect((await call('PUT', '/api/v1/catalogue-entries/resident-photo', admin, fields)).status).toBe(200);

  // Not a client of an organisation at all: the citizens' third party may not look anyone up.
  const employer = await clientToken({ clientId: 'demo-employer', secret: 'tongpai-demo-employer-secret' });
  expect(
    (
      await call('POST', '/api/v1/lookups', employer, {
        idNumber: person,
        matterCode: 'social-security-card',
      })
    ).status,
  ).toBe(403);
});

test('the rate per minute and the daily quota: 429 with Retry-After, refused calls not counted against them', async () => {
  await approved(
    {
      ...lookupApplication,
      organisationId: 'sh-pudong-police',
      matters: ['security-guard'],
      purpose: '保安员证核发',
    },
    admin,
    { ratePerMinute: 100, dailyQuota: 3, profiles: ['id_card'] },
  );
  const body = { idNumber: person, matterCode: 'security-guard' };
  for (let i = 0; i < 3; i++) expect((await lookup(policeUnit, body)).status).toBe(200);
  const over = await lookup(policeUnit, body);
  expect([over.status, over.body.code]).toEqual([429, 'over_quota']);
  expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

  // The department's rate is 10 a minute: it is reached within two minutes' worth of calls, whatever the clock.
  let limited: Awaited<ReturnType<typeof lookup>> | undefined;
  for (let i = 0; i < 21 && !limited; i++) {
    const answer = await lookup(shebao, { idNumber: person, matterCode: 'social-security-card' });
    if (answer.status === 429) limited = answer;
    else expect(answer.status).toBe(200);
  }
  expect(limited?.body.code).toBe('rate_limited');
  expect(Number(limited?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
});

test('a suspended client is refused on its next call; reinstated, it is served again', async () => {
  const suspended = await call('POST', '/api/v1/interface-clients/demo-police-unit/suspend', admin, {
    reason: '异常调用排查',
  });
  expect(suspended.body as InterfaceClient).toMatchObject({
    suspended: true,
    suspensionReason: '异常调用排查',
  });
  const refused = await lookup(policeUnit, { idNumber: person, matterCode: 'security-guard' });
  expect([refused.status, refused.body.code]).toEqual([403, 'client_suspended']);
  const again = await call('POST', '/api/v1/interface-clients/demo-police-unit/suspend', admin, {
    reason: '再次',
  });
  expect([again.status, again.body.code]).toEqual([409, 'already_suspended']);
  expect(
    (
      await call('POST', '/api/v1/interface-clients/demo-police-unit/reinstate', admin, {
        reason: '排查完毕',
      })
    ).status,
  ).toBe(200);
  // Served again, up to its quota (used up above): the suspension is no longer the answer.
  expect((await lookup(policeUnit, { idNumber: person, matterCode: 'security-guard' })).body.code).toBe(
    'over_quota',
  );
});

test('the imaging tools check and render a test face and refuse bad inputs, storing nothing', async () => {
  const tools = await approved(
    {
      ...lookupApplication,
      entryId: 'photo-tools',
      matters: ['social-security-card'],
      purpose: '自助制卡照片检测',
    },
    department,
    { ratePerMinute: 30, dailyQuota: 100, profiles: ['id_card', 'face_compare'] },
  );
  const blobsBefore = await fs.readdir(service.testBlobs.dir, { recursive: true });
  const casesBefore = await service.database.db('cases').count({ n: '*' }).first();
  const photoForm = (bytes: Buffer, fields: Record<string, string> = {}, name = 'face.jpg') => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('photo', new Blob([bytes]), name);
    return form;
  };
  const face = await fs.readFile(goodFace);

  const checked = await clientCall(shebao, '/api/v1/tools/check', photoForm(face));
  expect(checked.status).toBe(200);
  const report = checked.body as ToolCheck;
  expect(report).toMatchObject({ verdict: 'pass', profiles: ['id_card', 'face_compare'], failing: [] });
  expect(report.checks.id_card!.length).toBeGreaterThan(3);

  const rendered = await fetch(`${service.api.baseUrl}/api/v1/tools/render`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await clientToken(shebao)}` },
    body: photoForm(face, { profile: 'id_card' }),
  });
  made[shebao.clientId]!.calls++;
  expect([rendered.status, rendered.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
  expect(Buffer.from(await rendered.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

  const refused = async (form: FormData, url: string, status: number, code: string) => {
    const answer = await clientCall(shebao, url, form);
    expect([answer.status, answer.body.code]).toEqual([status, code]);
  };
  await refused(
    photoForm(Buffer.from('not a photo at all'), {}, 'a.txt'),
    '/api/v1/tools/check',
    415,
    'not_an_image',
  );
  await refused(photoForm(face.subarray(0, 2000)), '/api/v1/tools/check', 400, 'truncated_image');
  await refused(photoForm(Buffer.alloc(0)), '/api/v1/tools/check', 400, 'empty_file');
  await refused(photoForm(face, { profile: 'icao' }), '/api/v1/tools/render', 403, 'profile_not_approved');
  await refused(photoForm(face), '/api/v1/tools/render', 400, 'invalid_request');
  const noFace = path.join(testdata, 'nonfaces', 'skimage_camera.png');
  const nonFace = await clientCall(
    shebao,
    '/api/v1/tools/render',
    photoForm(await fs.readFile(noFace), { profile: 'id_card' }),
  );
  expect([nonFace.status, nonFace.body.code]).toEqual([422, 'not_renderable']);

  expect(await fs.readdir(service.testBlobs.dir, { recursive: true })).toEqual(blobsBefore);
  expect(await service.database.db('cases').count({ n: '*' }).first()).toEqual(casesBefore);
  const audited = await service.database
    .db('audit_events')
    .whereIn('action', ['tools.checked', 'tools.rendered'])
    .select('actor');
  expect(audited.map((a: { actor: string }) => a.actor)).toEqual([
    shebao.clientId,
    shebao.clientId,
    shebao.clientId,
  ]);

  // Suspending the approval ends the tools for the client at once.
  const suspended = await call('POST', `/api/v1/applications/${tools.id}/suspend`, admin, {
    reason: '暂停使用',
  });
  expect((suspended.body as Application).status).toBe('suspended');
  await refused(photoForm(face), '/api/v1/tools/check', 403, 'no_active_approval');
});

test('an approval expires by its timer, after a reminder; the next call is refused', async () => {
  const shortLived = await approved(
    { ...lookupApplication, matters: ['civil-affairs'], purpose: '民政临时核验' },
    department,
    { ratePerMinute: 100, dailyQuota: 100, profiles: ['id_card'], validForSeconds: 8 },
  );
  const expired = await applicationWhen(shortLived.id, 'expired');
  expect(expired.remindedAt).not.toBeNull();
  const actions = (
    await service.database
      .db('audit_events')
      .whereRaw(`data->>'applicationId' = ?`, [shortLived.id])
      .orderBy('id')
      .select('action')
  ).map((e: { action: string }) => e.action);
  expect(actions).toEqual([
    'application.submitted',
    'application.approved',
    'application.activated',
    'application.expiry_reminded',
    'application.expired',
  ]);
  const refused = await lookupInTime(shebao, { idNumber: person, matterCode: 'civil-affairs' });
  expect([refused.status, refused.body.code]).toEqual([403, 'matter_not_approved']);
});

test("the lookups are listed for the person, with the department's name and matter, and revocation answers 410", async () => {
  const revoked = await call('POST', `/api/v1/cases/${issuedCase.id}/revocation`, admin, {
    reasonCode: 'wrong_person',
  });
  expect(revoked.status).toBe(200);
  const gone = await lookupInTime(shebao, { idNumber: person, matterCode: 'medical-insurance' });
  expect([gone.status, gone.body.code]).toEqual([410, 'photo_revoked']);

  const reads = await lookupsOfPerson(service.database.db, testPersonHash()(person));
  expect(reads[0]).toMatchObject({
    organisationName: '上海市社会保险事业管理中心',
    clientId: 'demo-shebao',
    matterCode: 'medical-insurance',
    matterName: '医保参保登记',
    purpose: lookupApplication.purpose,
    result: 'photo_revoked',
  });
  expect(reads.filter((r) => r.result === 'ok').map((r) => r.organisationName)).toEqual(
    expect.arrayContaining(['上海市社会保险事业管理中心', '上海市公安局浦东分局']),
  );
  const stored = JSON.stringify(await service.database.db('lookup_reads').select());
  expect(stored).not.toContain(person);

  // The citizen reads them in their own access log, each department by its name and matter; refusals are not reads.
  const log = (await call('GET', '/api/v1/my/access-log', await tokenFor(citizens.a.username)))
    .body as AccessLogEntry[];
  const lookups = log.filter((entry) => entry.kind === 'lookup');
  expect(lookups.length).toBe(reads.filter((r) => r.result === 'ok').length);
  expect(lookups).toContainEqual(
    expect.objectContaining({
      organisationName: '上海市社会保险事业管理中心',
      matterName: '社保卡办理',
      result: 'delivered',
    }),
  );
  const times = log.map((entry) => Date.parse(entry.at));
  expect(times).toEqual([...times].sort((x, y) => y - x));
});

test('the monitoring counts equal the calls made, per client', async () => {
  const clients = (await call('GET', '/api/v1/interface-clients', admin)).body as InterfaceClient[];
  for (const [clientId, tally] of Object.entries(made))
    expect(clients.find((c) => c.id === clientId)).toMatchObject({
      callsToday: tally.calls,
      errorsToday: tally.errors,
    });
  expect(clients.find((c) => c.id === 'demo-police-unit')).toMatchObject({ dailyQuota: 3, quotaUsed: 1 });
  const regional = await call('GET', '/api/v1/interface-clients', await tokenFor('adm.sh'));
  expect(regional.status).toBe(200);
  const byRegional = await call(
    'POST',
    '/api/v1/interface-clients/demo-shebao/suspend',
    await tokenFor('adm.sh'),
    { reason: 'x' },
  );
  expect(byRegional.status).toBe(403);
});
