/**
 * The README's role matrix (domain/role-matrix.ts) against the real API, with real Keycloak tokens of the demo
 * users: for each user and each kind of request, on cases and stations of their own station, another station of
 * their region and another region, the API lets the request through exactly when the matrix says so. Refusals
 * are 403 when the role may never do it (the route's permission) or may read the case but not act on it, and
 * 404 when the caller may not even read the case. Cases are seeded in the database with no workflow: an allowed
 * decision reaches the workflow engine and is answered 409 `not_waiting`, an allowed capture or retake reaches
 * the photo check and is answered 415 for a file that is no photo, an allowed revocation finds a case never
 * issued and is answered 409 `not_revocable` — nothing is created either way.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Action } from '../domain/ability';
import type { CaseStatus } from '../domain/lifecycle';
import { principalFromClaims, type Principal, type TokenClaims } from '../domain/principal';
import {
  placements,
  reaches,
  roleMatrix,
  roleProfiles,
  type MatrixSubject,
  type Placement,
} from '../domain/role-matrix';
import { insertIssuedPhotos } from '../db/issued-photos';
import { certifyPhoto } from '../signing/certificate';
import { insertTestCase } from './support/cases';
import { apiCall, captureForm } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { testKeys } from './support/keys';
import { requestToken, tokenFor } from './support/tokens';

jest.setTimeout(120_000);

/** Each demo user, and the matrix column it is (its claims are read from its token). */
const demoUsers: [username: string, profileId: string][] = [
  ['op.sh.pudong', 'operator'],
  ['op.hz.xihu', 'operator'],
  ['rev.sh', 'reviewer'],
  ['rev.hz', 'reviewer'],
  ['sup.sh', 'supervisor'],
  ['aud.sh', 'auditor'],
  ['adm.sh', 'admin (regional)'],
  ['adm.hz', 'admin (regional)'],
  ['adm.province', 'admin (province)'],
  ['citizen.sh', 'citizen'],
  ['demo-employer', 'third_party'],
];

interface User {
  username: string;
  profileId: string;
  principal: Principal;
  token: string;
}

/**
 * The seeded cases: one in review per place (a station of Shanghai, another of Shanghai, one of Hangzhou), and
 * one at the first station waiting for its second approval (claimed only by whoever may give it).
 */
const seeded = (
  [
    ['pudong', 'sh-pudong-ee', 'shanghai', 'in_review'],
    ['xuhui', 'sh-xuhui-gov', 'shanghai', 'in_review'],
    ['xihu', 'hz-xihu-ps', 'hangzhou', 'in_review'],
    ['pudong (second approval)', 'sh-pudong-ee', 'shanghai', 'awaiting_second_approval'],
  ] as const
).map(([place, stationId, regionId, status]) => ({
  place,
  stationId,
  regionId,
  status: status as CaseStatus,
  id: randomUUID(),
  issuedBytes: Buffer.from(`issued ${randomUUID()}`),
}));
type SeededCase = (typeof seeded)[number];

const placementOf = (user: User, at: { stationId: string; regionId: string }): Placement =>
  user.principal.stationId === at.stationId
    ? 'ownStation'
    : user.principal.regionId === at.regionId
      ? 'ownRegion'
      : 'otherRegion';

const matrix = roleMatrix();
const reachFor = (user: User, subject: MatrixSubject, action: Action) =>
  matrix.find((r) => r.subject === subject && r.action === action)!.reach[user.profileId]!;

/**
 * Whether `user` may `action` the case, and if not, what the API answers: 403 when the route's permission
 * (`routeAction` on any case) is missing, 404 when the case is not theirs to read, 403 when it is but not to act on.
 */
function expectation(
  user: User,
  action: Action,
  target: SeededCase,
  routeAction = action,
): { allowed: true } | { refusal: number } {
  const placement = placementOf(user, target);
  if (reachFor(user, 'Case', routeAction) === 'none') return { refusal: 403 };
  if (!reaches(reachFor(user, 'Case', 'read'), placement)) return { refusal: 404 };
  return reaches(reachFor(user, 'Case', action), placement) ? { allowed: true } : { refusal: 403 };
}

/** Claiming a case that waits for its second approval needs the right to give it. */
const claimAction = (target: SeededCase): Action =>
  target.status === 'awaiting_second_approval' ? 'approveSecond' : 'claim';

const notAPhoto = Buffer.from('this is a text file, not a photo');

let service: CaptureService;
const users: User[] = [];

async function tokenOf(username: string): Promise<string> {
  if (username !== 'demo-employer') return tokenFor(username);
  const answer = await requestToken({
    grant_type: 'client_credentials',
    client_id: 'demo-employer',
    client_secret: 'tongpai-demo-employer-secret',
  });
  return answer.accessToken!;
}

const call = (method: string, url: string, user?: User, body?: FormData) =>
  apiCall(service.api.baseUrl, method, url, user?.token, body);

async function postJson(url: string, user: User, body: unknown) {
  const res = await fetch(`${service.api.baseUrl}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function photoForm(bytes: Buffer): FormData {
  const form = new FormData();
  form.set('photo', new Blob([bytes]), 'photo.jpg');
  return form;
}

async function seedCase(target: SeededCase) {
  const db = service.database.db;
  const { id, stationId, regionId, status } = target;
  await insertTestCase(db, { id, stationId, regionId, status });
  await db('cases').where({ id: target.id }).update({ queued_at: new Date() });
  const sha256 = await service.testBlobs.blobs.put(target.issuedBytes);
  const issuedAt = new Date();
  await db.transaction((trx) =>
    insertIssuedPhotos(trx, [
      {
        case_id: target.id,
        profile_id: 'id_card',
        attempt: 1,
        sha256,
        issued_at: issuedAt,
        key_id: testKeys().activeKeyId,
        certificate: certifyPhoto(testKeys(), {
          sha256,
          caseId: target.id,
          profileId: 'id_card',
          issuedAt: issuedAt.toISOString(),
        }),
      },
    ]),
  );
}

beforeAll(async () => {
  service = await startCaptureService('role-matrix');
  for (const target of seeded) await seedCase(target);
  for (const [username, profileId] of demoUsers) {
    const token = await tokenOf(username);
    users.push({
      username,
      profileId,
      token,
      principal: principalFromClaims(decodeJwt(token) as TokenClaims),
    });
  }
});

afterAll(async () => {
  await service?.close();
});

const userNamed = (username: string) => users.find((u) => u.username === username)!;
const eachUser = demoUsers.map(([username, profileId]) => ({ username, profileId }));
const eachUserAndCase = eachUser.flatMap((u) =>
  seeded.map((target) => ({ ...u, target, place: target.place })),
);

describe('role matrix against the API', () => {
  test.each(eachUser)('$username carries the claims of the $profileId column', ({ username, profileId }) => {
    const { principal } = userNamed(username);
    const profile = roleProfiles.find((p) => p.id === profileId)!;
    expect(principal.roles).toEqual([profile.role]);
    expect(principal.stationId !== undefined).toBe(profile.claims === 'station');
    expect(principal.regionId !== undefined).toBe(profile.claims !== 'none');
  });

  test.each(eachUser)('$username lists exactly the cases they may read', async ({ username }) => {
    const user = userNamed(username);
    const res = await call('GET', '/api/v1/cases', user);
    if (reachFor(user, 'Case', 'read') === 'none') return expect(res.status).toBe(403);
    expect(res.status).toBe(200);
    const listed = (res.body as { id: string }[]).map((c) => c.id).sort();
    const readable = seeded.filter((c) => 'allowed' in expectation(user, 'read', c));
    expect(listed).toEqual(readable.map((c) => c.id).sort());
  });

  test.each(eachUserAndCase)(
    '$username reads the case at $place, its photo certificate and issued photos as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const expected = expectation(user, 'read', target);
      for (const url of [
        `/api/v1/cases/${target.id}`,
        `/api/v1/cases/${target.id}/issued`,
        `/api/v1/cases/${target.id}/photos/id_card/certificate`,
      ]) {
        const res = await call('GET', url, user);
        if ('allowed' in expected) expect([url, res.status]).toEqual([url, 200]);
        else expect([url, res.status, res.body.code]).toEqual([url, expected.refusal, expect.any(String)]);
      }
    },
  );

  test.each(eachUserAndCase)(
    '$username captures at the station of $place as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const reach = reachFor(user, 'Capture', 'create');
      const res = await call(
        'POST',
        '/api/v1/captures',
        user,
        captureForm(notAPhoto, { stationId: target.stationId }),
      );
      // Allowed: the request gets as far as the photo check, which refuses a text file (nothing is stored).
      if (reaches(reach, placementOf(user, target)))
        expect([res.status, res.body.code]).toEqual([415, 'not_an_image']);
      else expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    },
  );

  test.each(eachUserAndCase)(
    '$username claims and releases the case at $place as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const expected = expectation(user, claimAction(target), target, 'claim');
      const claim = await call('POST', `/api/v1/cases/${target.id}/claim`, user);
      if (!('allowed' in expected)) return expect(claim.status).toBe(expected.refusal);
      expect([claim.status, claim.body.claimedBy]).toEqual([200, user.username]);
      expect((await call('POST', `/api/v1/cases/${target.id}/release`, user)).status).toBe(204);
    },
  );

  test.each(eachUserAndCase)(
    '$username decides the case at $place as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const expected = expectation(user, 'decide', target);
      const res = await postJson(`/api/v1/cases/${target.id}/decisions`, user, { decision: 'approve' });
      // Allowed: the decision reaches the workflow engine; the seeded case has no workflow waiting for it.
      if ('allowed' in expected) expect([res.status, res.body.code]).toEqual([409, 'not_waiting']);
      else expect(res.status).toBe(expected.refusal);
    },
  );

  test.each(eachUserAndCase)(
    '$username asks for a retake of the case at $place as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const expected = expectation(user, 'retake', target);
      const res = await call('POST', `/api/v1/cases/${target.id}/retakes`, user, photoForm(notAPhoto));
      if ('allowed' in expected) expect([res.status, res.body.code]).toEqual([415, 'not_an_image']);
      else expect(res.status).toBe(expected.refusal);
    },
  );

  test.each(eachUserAndCase)(
    '$username revokes the case at $place as the matrix says',
    async ({ username, target }) => {
      const user = userNamed(username);
      const expected = expectation(user, 'revoke', target);
      const res = await postJson(`/api/v1/cases/${target.id}/revocation`, user, { reasonCode: 'fraud' });
      // Allowed: the request reaches the case, which was never issued (nothing is revoked or recalled).
      if ('allowed' in expected) expect([res.status, res.body.code]).toEqual([409, 'not_revocable']);
      else expect(res.status).toBe(expected.refusal);
    },
  );

  test.each(eachUser)(
    '$username takes the next case of the review queues as the matrix says',
    async ({ username }) => {
      const user = userNamed(username);
      for (const [queue, status, action] of [
        ['review', 'in_review', 'claim'],
        ['second', 'awaiting_second_approval', 'approveSecond'],
      ] as const) {
        const next = await postJson('/api/v1/review-queue/next', user, { queue });
        const inQueue = seeded.filter(
          (c) => c.status === status && 'allowed' in expectation(user, action, c, 'claim'),
        );
        if (reachFor(user, 'Case', action) === 'none') expect([queue, next.status]).toEqual([queue, 403]);
        else if (!inQueue.length)
          expect([queue, next.status, next.body.code]).toEqual([queue, 404, 'queue_empty']);
        else {
          expect([queue, next.status]).toEqual([queue, 200]);
          expect(inQueue.map((c) => c.id)).toContain(next.body.id);
          expect((await call('POST', `/api/v1/cases/${next.body.id}/release`, user)).status).toBe(204);
        }
      }
    },
  );

  test.each(eachUser)('$username lists the stations as the matrix says', async ({ username }) => {
    const user = userNamed(username);
    const res = await call('GET', '/api/v1/stations', user);
    expect(res.status).toBe(reachFor(user, 'Station', 'read') === 'none' ? 403 : 200);
  });

  test.each([undefined, ...demoUsers.map(([u]) => u)])(
    'the signing keys and the verification of an issued photo are public (%s)',
    async (username) => {
      const user = username ? userNamed(username) : undefined;
      const keys = await call('GET', '/api/v1/certification/keys', user);
      expect([keys.status, keys.body.activeKeyId]).toEqual([200, testKeys().activeKeyId]);
      const verified = await call('POST', '/api/v1/verify', user, photoForm(seeded[2]!.issuedBytes));
      expect([verified.status, verified.body.genuine, verified.body.valid]).toEqual([200, true, true]);
    },
  );

  test('every placement of every row is walked by some user', () => {
    const seen = new Set(users.flatMap((u) => seeded.map((c) => `${u.profileId}:${placementOf(u, c)}`)));
    for (const profile of roleProfiles) {
      const wanted =
        profile.claims === 'station'
          ? placements
          : profile.claims === 'region'
            ? placements.slice(1)
            : ['otherRegion'];
      for (const placement of wanted) expect(seen).toContain(`${profile.id}:${placement}`);
    }
  });
});

describe('JSON request bodies (decisions, queue requests)', () => {
  const send = (body: string, type = 'application/json') =>
    fetch(`${service.api.baseUrl}/api/v1/review-queue/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${userNamed('rev.sh').token}`, 'content-type': type },
      body,
    }).then(async (res) => ({ status: res.status, code: ((await res.json()) as { code: string }).code }));

  test('a malformed, oversized or unreadable body is answered with a clear 4xx', async () => {
    expect(await send('{"queue":')).toEqual({ status: 400, code: 'invalid_json' });
    expect(await send(JSON.stringify({ queue: 'review', note: 'x'.repeat(20_000) }))).toEqual({
      status: 413,
      code: 'body_too_large',
    });
    expect(await send('{}', 'application/json; charset=ebcdic')).toEqual({
      status: 415,
      code: 'invalid_body',
    });
  });
});
