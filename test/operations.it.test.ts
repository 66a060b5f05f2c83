/**
 * The API's operational face against the real engines: liveness, readiness of each dependency (and 503 naming
 * the one that fails), security headers on every kind of answer, Prometheus metrics labelled by route template,
 * and list filters that refuse keys they do not know.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createFileBlobStore } from '../db/blob-store';
import { apiCall, startApi } from './support/api';
import { createTestBlobs, type TestBlobs } from './support/blobs';
import { createTestDatabase, type TestDatabase } from './support/database';
import { connectClient } from './support/temporal';
import { insertTestCase } from './support/cases';
import { tokenFor } from './support/tokens';

let database: TestDatabase;
let store: TestBlobs;
let temporal: Awaited<ReturnType<typeof connectClient>>;
let api: Awaited<ReturnType<typeof startApi>>;
let operator: string;

beforeAll(async () => {
  [database, store, temporal] = await Promise.all([createTestDatabase(), createTestBlobs(), connectClient()]);
  api = await startApi({
    db: database.db,
    blobs: store.blobs,
    temporal: temporal.client,
    taskQueue: 'ops-test',
  });
  operator = await tokenFor('op.sh.pudong');
});
afterAll(async () => {
  await api?.close();
  await temporal?.close();
  await store?.destroy();
  await database?.destroy();
});

const get = (url: string, token?: string) => apiCall(api.baseUrl, 'GET', url, token);

/** Another API on this file's engines with other settings, for one test. */
async function withApi(
  settings: Partial<Parameters<typeof startApi>[0]>,
  use: (call: (url: string, token?: string) => ReturnType<typeof get>) => Promise<void>,
) {
  const other = await startApi({
    db: database.db,
    blobs: store.blobs,
    temporal: temporal.client,
    taskQueue: 'ops-test',
    ...settings,
  });
  try {
    await use((url, token) => apiCall(other.baseUrl, 'GET', url, token));
  } finally {
    await other.close();
  }
}

describe('health', () => {
  test('/healthz answers while the process runs', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  test('/readyz answers 200 when PostgreSQL, Temporal, the Keycloak keys and the blob store all answer', async () => {
    expect(await get('/readyz')).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        checks: { postgres: 'ok', temporal: 'ok', keycloak: 'ok', blobStore: 'ok' },
      },
    });
  });

  test('/readyz answers 503 naming the blob store when it cannot be written', async () => {
    const notADirectory = path.join(store.dir, 'a-file');
    await writeFile(notADirectory, 'x');
    await withApi({ blobs: createFileBlobStore(notADirectory) }, async (call) => {
      const res = await call('/readyz');
      expect(res).toMatchObject({
        status: 503,
        body: {
          status: 'not_ready',
          checks: { postgres: 'ok', temporal: 'ok', keycloak: 'ok', blobStore: 'failed' },
        },
      });
      expect(JSON.stringify(res.body)).not.toContain(store.dir);
    });
  });
});

describe('security headers', () => {
  const cases: [string, () => ReturnType<typeof get>, number][] = [
    ['a JSON answer', () => get('/api/v1/cases', operator), 200],
    ['a refusal without a token', () => get('/api/v1/cases'), 401],
    ['a bad request', () => get('/api/v1/cases?range=[9,1]', operator), 400],
    ['an unknown route', () => get('/nowhere'), 404],
    ['the API docs page', () => get('/api/docs/'), 200],
  ];
  test.each(cases)(
    '%s carries nosniff, frame-ancestors none and a CSP, no HSTS over plain HTTP',
    async (_, call, status) => {
      const res = await call();
      expect(res.status).toBe(status);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  test('HSTS and upgrade-insecure-requests where TLS terminates in front of the API', async () => {
    await withApi({ hstsMaxAgeSeconds: 31536000 }, async (call) => {
      const res = await call('/api/v1/cases');
      expect(res.status).toBe(401);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    });
  });
});

describe('metrics', () => {
  test('counts requests per route template, never the raw URL', async () => {
    const caseId = '00000000-0000-4000-8000-0000000000aa';
    expect((await get(`/api/v1/cases/${caseId}`, operator)).status).toBe(404);
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    const text = res.body as string;
    expect(text).toMatch(
      /tongpai_http_requests_total\{method="GET",route="\/api\/v1\/cases\/:id",status="404",service="api"\} 1/,
    );
    expect(text).toContain('tongpai_http_request_duration_seconds_bucket{');
    expect(text).not.toContain(caseId);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  test('the review and upstream backlogs are counted from the database on each scrape', async () => {
    const { db } = database;
    const waiting = await Promise.all([
      insertTestCase(db, { status: 'in_review' }),
      insertTestCase(db, { status: 'in_review' }),
      insertTestCase(db, {
        status: 'awaiting_second_approval',
        stationId: 'hz-xihu-ps',
        regionId: 'hangzhou',
      }),
    ]);
    await db('cases')
      .whereIn('id', waiting)
      .update({ queued_at: db.raw("now() - interval '90 seconds'") });
    await db('upstream_submissions').insert([
      { case_id: waiting[0], target: 'yrd', photo_version: 1, state: 'retrying' },
      { case_id: waiting[1], target: 'yrd', photo_version: 1, state: 'retrying' },
      { case_id: waiting[1], target: 'id_card', photo_version: 1, state: 'delivered' },
    ]);
    const text = (await get('/metrics')).body as string;
    const sample = (name: string, labels: string) =>
      Number(new RegExp(`^${name}\\{${labels},service="api"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(sample('tongpai_review_backlog_cases', 'status="in_review",region="shanghai"')).toBe(2);
    expect(
      sample('tongpai_review_backlog_cases', 'status="awaiting_second_approval",region="hangzhou"'),
    ).toBe(1);
    expect(
      sample('tongpai_review_backlog_oldest_seconds', 'status="in_review",region="shanghai"'),
    ).toBeGreaterThanOrEqual(90);
    expect(sample('tongpai_upstream_backlog_submissions', 'target="yrd",state="retrying"')).toBe(2);
    expect(text).not.toContain('state="delivered"');
  });

  test('with a token set, /metrics wants it, even from loopback', async () => {
    await withApi({ metricsToken: 'scrape-secret' }, async (call) => {
      expect(await call('/metrics')).toMatchObject({ status: 403, body: { code: 'metrics_forbidden' } });
      expect((await call('/metrics', 'scrape-secret')).status).toBe(200);
    });
  });
});

describe('list filters', () => {
  test("a filter key the list does not know is a 400 naming it, not the caller's own cases", async () => {
    const res = await get(`/api/v1/cases?filter=${encodeURIComponent('{"regionId":"hangzhou"}')}`, operator);
    expect(res).toMatchObject({
      status: 400,
      body: { code: 'unknown_filter_key', errors: [{ field: 'filter.regionId' }] },
    });
    expect(res.type).toContain('application/problem+json');
  });

  test("the console's own filters still pass", async () => {
    const consoleFilter = {
      q: '张',
      status: ['in_review', 'awaiting_second_approval'],
      verdict: 'review',
      category: ['resident'],
      stationId: 'sh-pudong-ee',
    };
    const res = await get(
      `/api/v1/cases?filter=${encodeURIComponent(JSON.stringify(consoleFilter))}`,
      operator,
    );
    expect(res.status).toBe(200);
    const stations = await get(
      `/api/v1/stations?filter=${encodeURIComponent('{"id":["sh-pudong-ee"]}')}`,
      operator,
    );
    expect(stations.status).toBe(200);
  });

  test('a filter value holding a NUL character is a 400 naming it, not a 500 from the database', async () => {
    const nul = (filter: object) => encodeURIComponent(JSON.stringify(filter));
    for (const [url, field] of [
      [`/api/v1/cases?filter=${nul({ stationId: 'sh-pudong-ee\u0000' })}`, 'filter.stationId'],
      [`/api/v1/cases?filter=${nul({ q: '\u0000张' })}`, 'filter.q'],
      [`/api/v1/stations?filter=${nul({ id: ['sh-pudong-ee', 'a\u0000'] })}`, 'filter.id.1'],
    ])
      expect(await get(url!, operator)).toMatchObject({
        status: 400,
        body: { code: 'invalid_request', errors: [{ field }] },
      });
  });

  test("the applications list filters by status as the console's filter sends it, and refuses other keys", async () => {
    const application = (status: string) => {
      const id = randomUUID();
      return {
        id,
        organisation_id: 'sh-social-security',
        entry_id: 'resident-photo',
        matters: ['social-security-card'],
        purpose: '社保卡制卡',
        expected_daily_volume: 10,
        validity_days: 30,
        status,
        applied_by: 'dept.sh',
        applied_at: new Date(),
        workflow_id: `application-${id}`,
      };
    };
    const [pending, rejected] = [application('pending'), application('rejected')];
    await database.db('sharing_applications').insert([pending, rejected]);
    const admin = await tokenFor('adm.province');
    const list = (filter: object) =>
      get(`/api/v1/applications?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,24]`, admin);
    const ids = async (filter: object) => ((await list(filter)).body as { id: string }[]).map((a) => a.id);
    expect(await ids({ status: 'pending' })).toEqual([pending.id]);
    expect((await ids({ status: ['pending', 'rejected'] })).sort()).toEqual([pending.id, rejected.id].sort());
    expect((await ids({})).sort()).toEqual([pending.id, rejected.id].sort());
    expect((await list({ organisationId: 'sh-social-security' })).body).toMatchObject({
      code: 'unknown_filter_key',
    });
  });

  test("the sharing lists refuse a filter key they do not know, and answer react-admin's getMany by id", async () => {
    const admin = await tokenFor('adm.province');
    const filtered = (list: string, filter: object) =>
      get(`/api/v1/${list}?filter=${encodeURIComponent(JSON.stringify(filter))}`, admin);
    for (const list of ['catalogue-entries', 'organisations', 'interface-clients']) {
      expect((await filtered(list, { status: 'active' })).body).toMatchObject({ code: 'unknown_filter_key' });
      expect((await filtered(list, {})).status).toBe(200);
    }
    const byId = async (list: string, id: string[]) =>
      ((await filtered(list, { id })).body as { id: string }[]).map((r) => r.id);
    expect(await byId('catalogue-entries', ['resident-photo'])).toEqual(['resident-photo']);
    expect(await byId('organisations', ['sh-social-security', 'no-such'])).toEqual(['sh-social-security']);
  });

  test('the whole lists (upstream libraries and manual queue) refuse any filter key', async () => {
    const admin = await tokenFor('adm.sh');
    const filter = encodeURIComponent('{"target":"yrd"}');
    for (const list of ['upstream-targets', 'upstream-queue']) {
      expect((await get(`/api/v1/${list}?filter=${filter}`, admin)).body).toMatchObject({
        code: 'unknown_filter_key',
      });
      expect((await get(`/api/v1/${list}?filter={}&sort=["id","ASC"]&range=[0,9]`, admin)).status).toBe(200);
    }
  });
});
