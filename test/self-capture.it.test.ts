/**
 * A citizen's self-capture on the phone against the real stack (API, Temporal, PostgreSQL, Keycloak tokens,
 * the pipeline): the case is recorded with channel phone under the citizen's own verified identity, the
 * presentation-attack check is judged, and by default (the `reviewChannels` rule) a person reviews it before
 * issue; a region whose rules drop the phone channel issues it automatically. Nobody captures for another
 * person this way, and a hostile upload is refused as at the window.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../config';
import type { CaseStatus } from '../domain/cases';
import type { CaseDetail } from '../domain/schemas';
import { defaultRules, type RuleBook } from '../domain/rules';
import { headerOnlyPng } from '../imaging/testing/crafted-png';
import { apiCall, captureForm, testLimits } from './support/api';
import { startWorkingService } from './support/capture-service';
import { tokenFor } from './support/tokens';
import { testPersonHash } from './support/keys';
import { statusTraits } from '../domain/lifecycle';

jest.setTimeout(180_000);

const goodFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');
/** Hangzhou's rules issue phone captures without a person; Shanghai keeps the default. */
const rules: RuleBook = { default: defaultRules, regions: { hangzhou: { reviewChannels: [] } } };

let service: Awaited<ReturnType<typeof startWorkingService>>;
const users = ['citizen.sh', 'citizen.hz', 'op.sh.pudong', 'rev.sh'] as const;
type User = (typeof users)[number];
const tokens = {} as Record<User, string>;

beforeAll(async () => {
  service = await startWorkingService('self-capture', { rules });
  for (const user of users) tokens[user] = await tokenFor(user);
});

afterAll(() => service?.close());

const call = (user: User | undefined, method: string, url: string, body?: FormData | object) =>
  apiCall(service.api.baseUrl, method, url, user && tokens[user], body);

function phoneForm(photo: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('photo', new Blob([photo]), 'phone.jpg');
  return form;
}

async function selfCapture(user: User, photo: Buffer): Promise<string> {
  const res = await call(user, 'POST', '/api/v1/my/captures', phoneForm(photo, { device: 'phone (test)' }));
  expect(res).toMatchObject({ status: 202, body: { status: 'received' } });
  expect(res.headers.get('location')).toBe(`/api/v1/my/captures/${res.body.caseId}`);
  return (res.body as { caseId: string }).caseId;
}

/** Polls the citizen's own view of the case, as the phone page does, until it rests or reaches `want`. */
async function settled(user: User, caseId: string, want?: CaseStatus): Promise<CaseDetail> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await call(user, 'GET', `/api/v1/my/captures/${caseId}`);
    expect(res.status).toBe(200);
    const detail = res.body as CaseDetail;
    if (want ? detail.status === want : !statusTraits[detail.status].active) return detail;
    if (Date.now() > deadline) throw new Error(`case ${caseId} is ${detail.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const caseCount = async () => Number((await service.database.db('cases').count({ n: '*' }))[0]!.n);

describe("a citizen's phone capture", () => {
  let caseId: string;

  test('is recorded with channel phone under their own name and verified ID number, without a station', async () => {
    caseId = await selfCapture('citizen.sh', await fs.readFile(goodFace));
    const row = await service.database.db('cases').where({ id: caseId }).first();
    expect(row).toMatchObject({
      channel: 'phone',
      station_id: null,
      region_id: 'shanghai',
      // Sealed at rest (db/person-cipher.ts): found by the person hash, never stored in the clear.
      id_number: null,
      id_number_hmac: testPersonHash()('310115198803120049'),
      person_name: '马超',
      category: 'resident',
      operator_username: 'citizen.sh',
    });
  });

  test('its presentation-attack check is judged, and by default it goes to a person before issue', async () => {
    const detail = await settled('citizen.sh', caseId);
    expect(detail).toMatchObject({ status: 'in_review', verdict: 'pass', routeReason: 'channel:phone' });
    const { quality_report: report } = await service.database.db('cases').where({ id: caseId }).first();
    const attack = report.profiles.id_card.checks.find((c: { id: string }) => c.id === 'presentation_attack');
    expect(attack).toMatchObject({ pass: true, value: expect.any(Number) });
    expect(attack.message.en).not.toContain('not judged');
    expect(report.measurements.presentationAttack.live).toBeGreaterThanOrEqual(0.6);
  });

  test('the review queue shows it as a phone capture, and a reviewer issues it', async () => {
    const filter = encodeURIComponent(JSON.stringify({ channel: 'phone', status: 'in_review' }));
    const queue = await call('rev.sh', 'GET', `/api/v1/cases?filter=${filter}`);
    expect(queue.status).toBe(200);
    expect(queue.body).toEqual([expect.objectContaining({ id: caseId, channel: 'phone', stationId: null })]);
    const windowOnly = encodeURIComponent(JSON.stringify({ channel: 'window' }));
    expect((await call('rev.sh', 'GET', `/api/v1/cases?filter=${windowOnly}`)).body).toEqual([]);
    expect((await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/claim`)).status).toBe(200);
    const decided = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    expect(await settled('citizen.sh', caseId, 'issued')).toMatchObject({ status: 'issued' });
    const mine = await call('citizen.sh', 'GET', '/api/v1/my/photos');
    expect(mine.body).toEqual(expect.arrayContaining([expect.objectContaining({ caseId })]));
  });

  test('a region whose rules leave the phone channel out issues it without a person', async () => {
    const hangzhou = await selfCapture('citizen.hz', await fs.readFile(goodFace));
    expect(await settled('citizen.hz', hangzhou)).toMatchObject({
      status: 'issued',
      verdict: 'pass',
      routeReason: 'verdict:pass',
      channel: 'phone',
    });
  });

  test('a photo to retake goes back to the citizen, who retakes in the same case', async () => {
    const { data, info } = await sharp(await fs.readFile(goodFace))
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.min(255, data[i]! * 2.6);
    const overexposed = await sharp(data, { raw: info }).jpeg({ quality: 92 }).toBuffer();
    const retakeCase = await selfCapture('citizen.sh', overexposed);
    const waiting = await settled('citizen.sh', retakeCase);
    expect(waiting).toMatchObject({ status: 'awaiting_retake', verdict: 'retake', attempt: 1 });
    expect(waiting.retakeChecks.length).toBeGreaterThan(0);
    expect(waiting.failingChecks.length).toBeGreaterThan(0);

    const byOther = await call(
      'citizen.hz',
      'POST',
      `/api/v1/my/captures/${retakeCase}/retakes`,
      phoneForm(overexposed),
    );
    expect(byOther.status).toBe(404);
    const retake = await call(
      'citizen.sh',
      'POST',
      `/api/v1/my/captures/${retakeCase}/retakes`,
      phoneForm(await fs.readFile(goodFace)),
    );
    expect(retake).toMatchObject({ status: 202, body: { id: retakeCase, attempt: 2 } });
    expect(await settled('citizen.sh', retakeCase)).toMatchObject({
      status: 'in_review',
      attempt: 2,
      routeReason: 'channel:phone',
    });
  });
});

describe('nobody self-captures for another person', () => {
  test('the form takes no identity: an ID number or name sent along is refused, and no case is made', async () => {
    const before = await caseCount();
    const res = await call(
      'citizen.sh',
      'POST',
      '/api/v1/my/captures',
      phoneForm(await fs.readFile(goodFace), { idNumber: '330106199207150083', personName: '朱琳' }),
    );
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(res.body.errors[0].messages.en).toContain('idNumber');
    expect(await caseCount()).toBe(before);
  });

  test("another citizen's capture is not found; staff and anonymous callers cannot self-capture", async () => {
    const theirs = await selfCapture('citizen.hz', await fs.readFile(goodFace));
    expect((await call('citizen.sh', 'GET', `/api/v1/my/captures/${theirs}`)).status).toBe(404);
    expect((await call('citizen.sh', 'GET', '/api/v1/my/captures/not-a-uuid')).status).toBe(404);
    const photo = await fs.readFile(goodFace);
    expect((await call('op.sh.pudong', 'POST', '/api/v1/my/captures', phoneForm(photo))).status).toBe(403);
    expect((await call(undefined, 'POST', '/api/v1/my/captures', phoneForm(photo))).status).toBe(401);
    // A window capture is not a self-capture, even of the citizen's own ID number.
    const atWindow = await call(
      'op.sh.pudong',
      'POST',
      '/api/v1/captures',
      captureForm(photo, { idNumber: '310115198803120049', personName: '马超' }),
    );
    expect(atWindow.status).toBe(202);
    expect((await call('citizen.sh', 'GET', `/api/v1/my/captures/${atWindow.body.caseId}`)).status).toBe(404);
  });
});

describe('hostile uploads', () => {
  test.each([
    ['a truncated JPEG', 400, async () => (await fs.readFile(goodFace)).subarray(0, 40_000)],
    ['an empty file', 400, async () => Buffer.alloc(0)],
    ['a text file', 415, async () => Buffer.from('this is not a photo')],
    [
      'a file over the upload limit',
      413,
      async () => Buffer.concat([await fs.readFile(goodFace), Buffer.alloc(testLimits.maxBytes)]),
    ],
    ['a decompression bomb', 413, async () => headerOnlyPng(100_000, 100_000)],
  ])('%s is refused with %d and a clear message; no case is created', async (_name, status, make) => {
    const before = await caseCount();
    const res = await call('citizen.sh', 'POST', '/api/v1/my/captures', phoneForm(await make()));
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.messages.zh.length).toBeGreaterThan(0);
    expect(await caseCount()).toBe(before);
  });

  test('a photo sent as JSON is 415, and no photo is 400', async () => {
    expect((await call('citizen.sh', 'POST', '/api/v1/my/captures', { photo: 'x' })).status).toBe(415);
    const empty = new FormData();
    empty.set('device', 'phone');
    expect(await call('citizen.sh', 'POST', '/api/v1/my/captures', empty)).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ field: 'photo' })] },
    });
  });
});

describe('malformed multipart bodies', () => {
  const send = (url: string, contentType: string, body: string) =>
    fetch(`${service.api.baseUrl}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['citizen.sh']}`, 'content-type': contentType },
      body,
    });
  const cutShort = ['--b', 'Content-Disposition: form-data; name="photo"; filename="a.jpg"', '', 'xx'].join(
    '\r\n',
  );
  test.each([
    ['without a boundary', 'multipart/form-data', 'photo'],
    ['cut short', 'multipart/form-data; boundary=b', cutShort],
  ])('a body %s is 400 with a clear message, never a server error', async (_name, type, body) => {
    const before = await caseCount();
    const res = await send('/api/v1/my/captures', type, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('invalid_upload');
    expect(await caseCount()).toBe(before);
  });
});
