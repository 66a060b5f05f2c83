/**
 * The lifecycle past processing on the real stack (API, Temporal, PostgreSQL, Keycloak tokens, the pipeline):
 * a foreigner's case through review and the second approval to certified issued photos that anyone can
 * verify; a retake then a pass in one case; the verdict for the documents a case is for; claims and refusals.
 */
import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import type { CaseStatus } from '../domain/cases';
import type { CaseDetail, CaseSummary } from '../domain/schemas';
import { defaultRules, type RuleBook } from '../domain/rules';
import { canonical } from '../domain/canonical';
import { apiCall, captureForm, waitForCase } from './support/api';
import { startWorkingService } from './support/capture-service';
import { testKeys } from './support/keys';
import { tokenFor } from './support/tokens';

jest.setTimeout(180_000);

const faces = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr');
/** Passes every profile's checks. */
const goodFace = path.join(faces, 'london_002_neutral.jpg');
/** Passes the ID card's checks; the driving licence's framing needs a person (review). */
const drivingLicenceReview = path.join(faces, 'london_025_neutral.jpg');

const hours = (n: number) => n * 3600;
/** Queues with SLAs of their own (REVIEW_SLA_SECONDS, 4 hours, for the rest). */
const rules: RuleBook = {
  default: {
    ...defaultRules,
    // Two seconds for Hong Kong, Macao and Taiwan residents: their escalation is seen within the test.
    reviewSla: {
      categories: { foreigner: hours(8), hk_macao_taiwan: 2 },
      qualityReview: hours(2),
      secondApproval: hours(1),
    },
  },
  regions: {},
};
/** The SLA a case got in its current queue, as the console counts it down. */
const slaSeconds = (detail: unknown) => {
  const { queuedAt, slaDueAt } = detail as { queuedAt: string; slaDueAt: string };
  return (Date.parse(slaDueAt) - Date.parse(queuedAt)) / 1000;
};

let service: Awaited<ReturnType<typeof startWorkingService>>;
const users = ['op.sh.pudong', 'rev.sh', 'sup.sh', 'rev.hz', 'aud.sh'] as const;
const tokens = {} as Record<(typeof users)[number], string>;

beforeAll(async () => {
  service = await startWorkingService('review', { rules });
  for (const user of users) tokens[user] = await tokenFor(user);
});

afterAll(() => service?.close());

const call = (
  user: (typeof users)[number] | undefined,
  method: string,
  url: string,
  body?: FormData | object,
) => apiCall(service.api.baseUrl, method, url, user && tokens[user], body);

async function capture(photo: string | Buffer, fields: Record<string, string>): Promise<string> {
  const bytes = typeof photo === 'string' ? await fs.readFile(photo) : photo;
  const res = await call('op.sh.pudong', 'POST', '/api/v1/captures', captureForm(bytes, fields));
  expect(res.status).toBe(202);
  return (res.body as { caseId: string }).caseId;
}

/** Waits for `want`, or until the case rests where the workflow leaves it. */
const settled = (caseId: string, want: CaseStatus | 'settled' = 'settled') =>
  waitForCase(service.api.baseUrl, tokens['op.sh.pudong'], caseId, want);

/**
 * The case's audit actions without the deliveries to the upstream libraries, which are appended whenever each
 * library answers (test/upstream-submission.it.test.ts checks those).
 */
async function lifecycleTrail(caseId: string): Promise<string[]> {
  return (await caseAuditTrail(service.database.db, caseId))
    .map((e) => e.action)
    .filter((action) => !action.startsWith('upstream.'));
}

async function bytesOf(url: string, user: (typeof users)[number]) {
  const res = await fetch(`${service.api.baseUrl}${url}`, {
    headers: { authorization: `Bearer ${tokens[user]}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function verifyPhoto(photo: Buffer) {
  const form = new FormData();
  form.set('photo', new Blob([photo]), 'photo.jpg');
  return call(undefined, 'POST', '/api/v1/verify', form);
}

describe("a foreigner's case: review, second approval, certified issue", () => {
  let caseId: string;
  const foreigner = { category: 'foreigner', idNumber: 'E12345678', personName: 'Anna Schmidt' };

  test("a special category goes to a person whatever its verdict, under its queue's SLA", async () => {
    caseId = await capture(goodFace, foreigner);
    const detail = await settled(caseId);
    expect(detail).toMatchObject({
      status: 'in_review',
      verdict: 'pass',
      routeReason: 'special_category:foreigner',
      queuedAt: expect.any(String),
      slaDueAt: expect.any(String),
      claimedBy: null,
    });
    expect(slaSeconds(detail)).toBe(hours(8));
  });

  test('the capturing operator cannot decide; another region cannot see it; a decision needs the claim', async () => {
    const byOperator = await call('op.sh.pudong', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'approve',
    });
    expect(byOperator.status).toBe(403);
    expect((await call('rev.hz', 'POST', `/api/v1/cases/${caseId}/claim`)).status).toBe(404);
    const unclaimed = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'approve',
    });
    expect(unclaimed).toMatchObject({ status: 409, body: { code: 'claim_not_held' } });
    expect((await call('aud.sh', 'POST', `/api/v1/cases/${caseId}/claim`)).status).toBe(403);
  });

  test("a reviewer claims and gives the first approval, which starts the second approval's SLA; the claim is exclusive", async () => {
    const claimed = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/claim`);
    expect(claimed).toMatchObject({ status: 200, body: { claimedBy: 'rev.sh' } });
    expect(await call('sup.sh', 'POST', `/api/v1/cases/${caseId}/claim`)).toMatchObject({
      status: 409,
      body: { code: 'claimed_by_other' },
    });
    const unknownReason = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'reject',
      reasonCode: 'no_such_reason',
    });
    expect(unknownReason).toMatchObject({ status: 400, body: { code: 'invalid_request' } });

    const approved = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'approve',
    });
    expect(approved).toMatchObject({
      status: 200,
      body: { status: 'awaiting_second_approval', firstApprover: 'rev.sh', claimedBy: null },
    });
    expect(slaSeconds(approved.body)).toBe(hours(1));
    // Decided once: the same decision again is refused, and the reviewer may not give the second approval.
    expect((await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/claim`)).status).toBe(403);
  });

  test('a supervisor gives the second approval; the photos are issued with certificates', async () => {
    const next = await call('sup.sh', 'POST', '/api/v1/review-queue/next', { queue: 'second' });
    expect(next).toMatchObject({ status: 200, body: { id: caseId, claimedBy: 'sup.sh' } });
    // Two decisions at once: the workflow takes one; the other is refused (not waiting, or its claim gone).
    const [first, second] = await Promise.all([
      call('sup.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, { decision: 'approve' }),
      call('sup.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, { decision: 'approve' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(['not_waiting', 'claim_not_held']).toContain((first.status === 409 ? first : second).body.code);

    const issued = await settled(caseId, 'issued');
    expect(issued.issuedAt).toEqual(expect.any(String));
    const trail = await lifecycleTrail(caseId);
    expect(trail).toEqual([
      'case.captured',
      'case.processing',
      'case.processed',
      'case.sent_to_review',
      'case.claimed',
      'case.first_approval',
      'case.claimed',
      'case.second_approval',
      'case.issued',
    ]);
    expect((await verifyAuditTrail(service.database.db, testKeys())).problem).toBeNull();
  });

  test('each issued photo carries a certificate anyone can check with the published key', async () => {
    const issued = (await call('sup.sh', 'GET', `/api/v1/cases/${caseId}/issued`)).body as {
      profileId: string;
      sha256: string;
      certificate: Record<string, string>;
    }[];
    expect(issued.map((p) => p.profileId).sort()).toEqual(
      ['driving_licence', 'exit_entry', 'face_compare', 'icao', 'id_card'].sort(),
    );
    const keys = (await call(undefined, 'GET', '/api/v1/certification/keys')).body as {
      keys: { keyId: string; publicKeyPem: string }[];
    };
    for (const photo of issued) {
      const { signature, ...signed } = photo.certificate;
      const key = keys.keys.find((k) => k.keyId === signed.keyId)!;
      const holds = verify(
        null,
        Buffer.from(canonical(signed)),
        createPublicKey(key.publicKeyPem),
        Buffer.from(signature!, 'base64'),
      );
      expect(holds).toBe(true);
      expect(signed).toMatchObject({ caseId, profileId: photo.profileId, sha256: photo.sha256 });
    }
  });

  test('/verify accepts an issued photo as downloaded and refuses it after one pixel changes', async () => {
    const photo = await bytesOf(`/api/v1/cases/${caseId}/photos/id_card`, 'sup.sh');
    expect((await verifyPhoto(photo)).body).toMatchObject({
      genuine: true,
      valid: true,
      profileId: 'id_card',
      state: 'issued',
    });
    const { data, info } = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
    const pixel = (info.width * 100 + 100) * info.channels;
    data[pixel] = 255 - data[pixel]!;
    const changed = await sharp(data, { raw: info }).jpeg({ quality: 100 }).toBuffer();
    expect((await verifyPhoto(changed)).body).toMatchObject({ genuine: false });
    const corrupt = await verifyPhoto(Buffer.from('not a photo'));
    expect(corrupt.status).toBe(200);
    expect(corrupt.body).toMatchObject({ genuine: false });
  });

  test('a later issue for the same person supersedes the earlier photos: they verify, but are no longer valid', async () => {
    const photo = await bytesOf(`/api/v1/cases/${caseId}/photos/id_card`, 'sup.sh');
    const later = await capture(path.join(faces, 'london_006_neutral.jpg'), {
      ...foreigner,
      device: 'window 5',
    });
    await settled(later, 'in_review');
    await call('rev.sh', 'POST', `/api/v1/cases/${later}/claim`);
    await call('rev.sh', 'POST', `/api/v1/cases/${later}/decisions`, { decision: 'approve' });
    await call('sup.sh', 'POST', `/api/v1/cases/${later}/claim`);
    await call('sup.sh', 'POST', `/api/v1/cases/${later}/decisions`, { decision: 'approve' });
    await settled(later, 'issued');
    expect((await settled(caseId)).status).toBe('superseded');
    expect((await verifyPhoto(photo)).body).toMatchObject({
      genuine: true,
      valid: false,
      state: 'superseded',
    });
  });
});

describe('reuse of an issued photo', () => {
  const idNumber = '310101199003071230';
  const offer = (documents: string) =>
    call(
      'op.sh.pudong',
      'GET',
      `/api/v1/reuse-offers?idNumber=${idNumber}&documents=${documents}&stationId=sh-pudong-ee`,
    );

  test('a person with an issued photo is offered it for documents within their reuse windows, and may reuse it', async () => {
    expect((await offer('id_card')).body).toEqual({ offer: null });
    const caseId = await capture(goodFace, { personName: '孙八', idNumber, documents: 'id_card' });
    await settled(caseId, 'issued');

    const offered = await offer('id_card,driving_licence');
    expect(offered).toMatchObject({ status: 200, body: { offer: { caseId, profiles: expect.any(Array) } } });
    // No reuse window is configured for the ICAO photo: it is captured anew.
    expect((await offer('icao')).body).toEqual({ offer: null });
    const shown = await fetch(`${service.api.baseUrl}/api/v1/reuse-offers/${caseId}/photos/id_card`, {
      headers: { authorization: `Bearer ${tokens['op.sh.pudong']}` },
    });
    expect(shown.headers.get('content-type')).toMatch(/^image\/jpeg/);
    expect((await call('rev.sh', 'GET', `/api/v1/reuse-offers/${caseId}/photos/id_card`)).status).toBe(403);

    const reused = await call('op.sh.pudong', 'POST', '/api/v1/reuses', {
      caseId,
      documents: ['id_card'],
      stationId: 'sh-pudong-ee',
    });
    expect(reused).toMatchObject({ status: 201, body: { offer: { caseId } } });
    const declined = await capture(goodFace, { personName: '孙八', idNumber, declinedReuseOf: caseId });
    const trail = await lifecycleTrail(caseId);
    expect(trail.slice(-5)).toEqual([
      'case.issued',
      'photo.reuse_offered',
      'photo.reuse_viewed',
      'photo.reused',
      'photo.reuse_declined',
    ]);
    await settled(declined);
  });

  test("a capture naming another person's case as the declined offer is refused; that case's history is untouched", async () => {
    const theirs = await capture(goodFace, {});
    await settled(theirs, 'issued');
    const before = await lifecycleTrail(theirs);
    const res = await call(
      'op.sh.pudong',
      'POST',
      '/api/v1/captures',
      captureForm(await fs.readFile(goodFace), {
        personName: '马超',
        idNumber: '310115198803120049',
        declinedReuseOf: theirs,
      }),
    );
    expect(res).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ field: 'declinedReuseOf' })] },
    });
    expect(await lifecycleTrail(theirs)).toEqual(before);
  });
});

describe('retakes in the same case', () => {
  test('a retake verdict asks for a new capture with the checks to fix; the retake passes and is issued', async () => {
    const { data, info } = await sharp(await fs.readFile(goodFace))
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.min(255, data[i]! * 2.6);
    const overexposed = await sharp(data, { raw: info }).jpeg({ quality: 92 }).toBuffer();
    const caseId = await capture(overexposed, { personName: '王五', idNumber: '310115200012311236' });
    const waiting = await settled(caseId, 'awaiting_retake');
    expect(waiting).toMatchObject({ verdict: 'retake', routeReason: 'verdict:retake', attempt: 1 });
    expect(waiting.retakeChecks.length).toBeGreaterThan(0);
    expect(waiting.retakeDeadlineAt).toEqual(expect.any(String));
    const firstMaster = waiting.master.sha256;

    const form = new FormData();
    form.set('photo', new Blob([await fs.readFile(goodFace)]), 'retake.jpg');
    form.set('device', 'window 3 webcam');
    const retake = await call('op.sh.pudong', 'POST', `/api/v1/cases/${caseId}/retakes`, form);
    expect(retake).toMatchObject({ status: 202, body: { attempt: 2 } });
    const issued = await settled(caseId, 'issued');
    expect(issued).toMatchObject({ attempt: 2, verdict: 'pass', retakeChecks: [] });
    expect(issued.master.sha256).not.toBe(firstMaster);

    const attempts = await service.database.db('case_attempts').where({ case_id: caseId });
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, master_sha256: firstMaster, verdict: 'retake' }),
    ]);
    const photoAttempts = await service.database
      .db('case_photos')
      .where({ case_id: caseId })
      .pluck('attempt');
    expect(new Set(photoAttempts)).toEqual(new Set([1, 2]));
    const again = await call('op.sh.pudong', 'POST', `/api/v1/cases/${caseId}/retakes`, form);
    expect(again).toMatchObject({ status: 409, body: { code: 'not_waiting' } });
  });

  test('a retake asked for at the second approval starts a new review: whoever approved the old photo may review the new one', async () => {
    const caseId = await capture(goodFace, {
      category: 'foreigner',
      idNumber: 'E87654321',
      personName: 'Lena Vogel',
    });
    await settled(caseId, 'in_review');
    await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/claim`);
    await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, { decision: 'approve' });
    await call('sup.sh', 'POST', `/api/v1/cases/${caseId}/claim`);
    const retake = await call('sup.sh', 'POST', `/api/v1/cases/${caseId}/decisions`, {
      decision: 'retake',
      reasonCode: 'quality',
      checks: ['exposure'],
    });
    expect(retake).toMatchObject({ status: 200, body: { status: 'awaiting_retake', firstApprover: null } });

    const form = new FormData();
    form.set('photo', new Blob([await fs.readFile(goodFace)]), 'retake.jpg');
    expect((await call('op.sh.pudong', 'POST', `/api/v1/cases/${caseId}/retakes`, form)).status).toBe(202);
    await settled(caseId, 'in_review');
    // The new photo's first approval, by the reviewer who approved the old one: the queue and the claim agree.
    const claimed = await call('rev.sh', 'POST', `/api/v1/cases/${caseId}/claim`);
    expect(claimed).toMatchObject({ status: 200, body: { claimedBy: 'rev.sh', firstApprover: null } });
  });
});

describe('the verdict for the documents a case is for', () => {
  test("an ID-card case is issued although the driving licence's framing needs review; a licence case is reviewed", async () => {
    const idCard = await capture(drivingLicenceReview, {
      personName: '赵六',
      idNumber: '11010519491231002X',
      documents: 'id_card',
    });
    const licence = await capture(drivingLicenceReview, {
      personName: '钱七',
      idNumber: '440524198001010013',
      documents: 'driving_licence',
    });
    expect(await settled(idCard)).toMatchObject({ status: 'issued', verdict: 'pass' });
    const report = (await call('op.sh.pudong', 'GET', `/api/v1/cases/${idCard}/report`)).body as {
      profiles: Record<string, { verdict: string }>;
    };
    expect(report.profiles.driving_licence!.verdict).toBe('review');
    const reviewed = await settled(licence);
    expect(reviewed).toMatchObject({ status: 'in_review', routeReason: 'verdict:review' });
    expect(slaSeconds(reviewed)).toBe(hours(2));
  });
});

describe('escalation at the SLA of its queue', () => {
  test("a case left in its queue past the queue's SLA is escalated: on the case, in the list, in the supervisors' queue", async () => {
    const caseId = await capture(goodFace, {
      category: 'hk_macao_taiwan',
      idNumber: 'H12345678',
      personName: '陈大文',
    });
    const queued = await settled(caseId);
    expect(queued).toMatchObject({ status: 'in_review', routeReason: 'special_category:hk_macao_taiwan' });
    expect(slaSeconds(queued)).toBe(2);

    const escalated = await escalation(caseId);
    expect(escalated.status).toBe('in_review');
    expect(Date.parse(escalated.escalatedAt!)).toBeGreaterThanOrEqual(Date.parse(queued.slaDueAt!));
    const filter = encodeURIComponent(JSON.stringify({ status: ['in_review'] }));
    const list = await call('rev.sh', 'GET', `/api/v1/cases?filter=${filter}`);
    expect((list.body as CaseSummary[]).find((c) => c.id === caseId)).toMatchObject({
      escalatedAt: escalated.escalatedAt,
    });
    expect(await lifecycleTrail(caseId)).toContain('case.escalated');
    const next = await call('sup.sh', 'POST', '/api/v1/review-queue/next', { queue: 'escalated' });
    expect(next).toMatchObject({ status: 200, body: { id: caseId, claimedBy: 'sup.sh' } });
  });
});

/** The case once its escalation is recorded (the workflow's timer of its queue's SLA ran out). */
async function escalation(caseId: string): Promise<CaseDetail> {
  for (let i = 0; i < 150; i++) {
    const detail = (await call('rev.sh', 'GET', `/api/v1/cases/${caseId}`)).body as CaseDetail;
    if (detail.escalatedAt) return detail;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`case ${caseId} was never escalated`);
}
