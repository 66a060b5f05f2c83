/**
 * The walking skeleton on the real engines: an operator's capture becomes a case and a `photo-<caseId>`
 * workflow, whose activity runs the photo pipeline on the stored master (size, verdict, every standard
 * photo); a photo without a face fails its case with a reason; bad requests leave nothing behind.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { testKeys } from './support/keys';
import { blobPath } from '../db/blob-store';
import type { CaseDetail, CaseSummary } from '../domain/cases';
import { getCaseState } from '../workflows/contracts';
import { headerOnlyPng } from '../imaging/testing/crafted-png';
import { metadataSegments, readJpegSegments } from '../imaging/image/jfif';
import { apiCall, captureForm, testLimits, waitForCase } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { activityDeps, closeActivityDeps, startWorker, type RunningWorker } from './support/temporal';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const testdata = loadConfig().TONGPAI_TESTDATA_DIR;
const facePath = path.join(testdata, 'faces-hr', 'london_002_neutral.jpg');
const noFacePath = path.join(testdata, 'nonfaces', 'skimage_coffee.png');

let service: CaptureService;
let worker: RunningWorker | undefined;
const users = ['op.sh.pudong', 'op.hz.xihu', 'citizen.sh', 'rev.sh', 'rev.hz'] as const;
const tokens = {} as Record<(typeof users)[number], string>;

beforeAll(async () => {
  service = await startCaptureService('skeleton');
  for (const user of users) tokens[user] = await tokenFor(user);
});

afterAll(async () => {
  await worker?.stop();
  await closeActivityDeps();
  await service?.close();
});

const call = (method: string, url: string, token?: string, body?: FormData) =>
  apiCall(service.api.baseUrl, method, url, token, body);

async function fetchBytes(url: string, token: string | undefined) {
  const res = await fetch(`${service.api.baseUrl}${url}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: res.status,
    type: res.headers.get('content-type')?.split(';')[0],
    cacheControl: res.headers.get('cache-control'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

async function caseCount() {
  const [{ count }] = (await service.database.db('cases').count({ count: '*' })) as [{ count: string }];
  return Number(count);
}

describe('capture to processed case', () => {
  let caseId: string;

  test('an operator capture is accepted as a case with its workflow, received until a worker takes it', async () => {
    const photo = await fs.readFile(facePath);
    const res = await call('POST', '/api/v1/captures', tokens['op.sh.pudong'], captureForm(photo));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      caseId: expect.any(String),
      workflowId: `photo-${res.body.caseId}`,
      status: 'received',
    });
    caseId = res.body.caseId;

    const handle = service.temporal.client.workflow.getHandle(`photo-${caseId}`);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const shown = await call('GET', `/api/v1/cases/${caseId}`, tokens['op.sh.pudong']);
    expect(shown.body).toMatchObject({
      id: caseId,
      status: 'received',
      stationId: 'sh-pudong-ee',
      regionId: 'shanghai',
      personName: '张伟',
    });
    expect(shown.body.master).toMatchObject({ bytes: photo.length, mimeType: 'image/jpeg', width: null });
    expect(await service.testBlobs.blobs.has(shown.body.master.sha256)).toBe(true);
  });

  test('the master is served upright without metadata, and the operator sees themself as the API does', async () => {
    const master = await fetchBytes(`/api/v1/cases/${caseId}/master`, tokens['op.sh.pudong']);
    expect(master).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(readJpegSegments(master.bytes)).toMatchObject({ width: 1350, height: 1350 });
    expect(metadataSegments(master.bytes)).toEqual([]);
    const me = await call('GET', '/api/v1/me', tokens['op.sh.pudong']);
    expect(me).toMatchObject({
      status: 200,
      body: {
        username: 'op.sh.pudong',
        roles: ['operator'],
        stationId: 'sh-pudong-ee',
        regionId: 'shanghai',
      },
    });
  });

  test('the worker runs the pipeline: size, verdict, every standard photo, then routes the case by its verdict', async () => {
    worker = await startWorker(
      service.taskQueue,
      await activityDeps(service.database.db, service.testBlobs.blobs),
    );
    const processed = await waitForCase(service.api.baseUrl, tokens['op.sh.pudong'], caseId, 'settled');
    expect(processed.master).toMatchObject({ width: 1350, height: 1350 });
    expect(processed.verdict).toMatch(/^(pass|review|retake)$/);
    expect(processed.photos.map((p) => p.profileId)).toEqual(
      ['driving_licence', 'exit_entry', 'face_compare', 'icao', 'id_card'].sort(),
    );
    expect(processed.photos.find((p) => p.profileId === 'id_card')).toMatchObject({
      name: { zh: expect.stringContaining('身份证'), en: expect.any(String) },
      width: 358,
      height: 441,
      dpi: 350,
    });
    for (const failing of processed.failingChecks) expect(failing.message.zh.length).toBeGreaterThan(0);

    const trail = await caseAuditTrail(service.database.db, caseId);
    // A resident's ID-card capture: issued when its ID-card verdict passes, otherwise to a person or a retake.
    const route = {
      pass: 'case.auto_approved',
      review: 'case.sent_to_review',
      retake: 'case.retake_required',
    };
    const idCardVerdict = processed.photos.find((p) => p.profileId === 'id_card')!.verdict;
    expect(trail.map((e) => e.action).slice(0, 4)).toEqual([
      'case.captured',
      'case.processing',
      'case.processed',
      route[idCardVerdict],
    ]);
    const photoHashes = trail[2]!.data.photos as Record<string, string>;
    expect(Object.keys(photoHashes).sort()).toEqual(processed.photos.map((p) => p.profileId));
    expect((await verifyAuditTrail(service.database.db, testKeys())).problem).toBeNull();
    const state = await service.temporal.client.workflow.getHandle(`photo-${caseId}`).query(getCaseState);
    expect(state).toMatchObject({
      caseId,
      status: processed.status,
      master: { width: 1350, height: 1350 },
      verdict: processed.verdict,
    });
  });

  test('each standard photo and the preview are served to whoever may read the case, and to no one else', async () => {
    const shown = await call('GET', `/api/v1/cases/${caseId}`, tokens['op.sh.pudong']);
    const idCard = (shown.body as CaseDetail).photos.find((p) => p.profileId === 'id_card')!;
    const photo = await fetchBytes(`/api/v1/cases/${caseId}/photos/id_card`, tokens['rev.sh']);
    expect(photo.status).toBe(200);
    expect(photo.type).toBe('image/jpeg');
    expect(photo.bytes.length).toBe(idCard.bytes);
    expect(photo.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(photo.cacheControl).toBe('private, no-store');
    expect(shown.headers.get('cache-control')).toBe('private, no-store');
    const preview = await fetchBytes(`/api/v1/cases/${caseId}/preview`, tokens['op.sh.pudong']);
    expect(preview.status).toBe(200);
    expect(preview.type).toBe('image/png');
    const report = await call('GET', `/api/v1/cases/${caseId}/report`, tokens['op.sh.pudong']);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ verdict: shown.body.verdict, profiles: { id_card: { width: 358 } } });

    expect((await fetchBytes(`/api/v1/cases/${caseId}/photos/id_card`, tokens['rev.hz'])).status).toBe(404);
    expect((await fetchBytes(`/api/v1/cases/${caseId}/preview`, tokens['rev.hz'])).status).toBe(404);
    expect((await fetchBytes(`/api/v1/cases/${caseId}/report`, tokens['rev.hz'])).status).toBe(404);
    expect(
      (await fetchBytes(`/api/v1/cases/${caseId}/photos/no_such_profile`, tokens['rev.sh'])).status,
    ).toBe(404);
    expect((await fetchBytes(`/api/v1/cases/${caseId}/photos/id_card`, undefined)).status).toBe(401);
  });

  test('print sheets: a PDF of the exact size or a JPEG, audited; never for a photo not to be issued', async () => {
    const sheetUrl = `/api/v1/cases/${caseId}/photos/id_card/sheet`;
    const pdf = await fetchBytes(`${sheetUrl}?size=6inch`, tokens['op.sh.pudong']);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // 6 inches x 4 inches in PDF points.
    const page = (await PDFDocument.load(pdf.bytes)).getPage(0).getSize();
    expect([page.width, page.height].map((v) => Math.round(v * 10) / 10)).toEqual([432, 288]);
    const jpeg = await fetchBytes(`${sheetUrl}?size=a4&format=jpg&count=4&cutLines=true`, tokens['rev.sh']);
    expect(jpeg.status).toBe(200);
    expect(jpeg.type).toBe('image/jpeg');

    const trail = await caseAuditTrail(service.database.db, caseId);
    const made = trail.filter((e) => e.action === 'photo.sheet_made');
    expect(made.map((e) => [e.actor, e.data.size, e.data.copies])).toEqual([
      ['op.sh.pudong', '6inch', expect.any(Number)],
      ['rev.sh', 'a4', 4],
    ]);

    const badSize = await call('GET', `${sheetUrl}?size=poster`, tokens['op.sh.pudong']);
    expect(badSize.status).toBe(400);
    expect(badSize.body).toMatchObject({ code: 'sheet_invalid', messages: { zh: expect.any(String) } });
    expect((await fetchBytes(sheetUrl, tokens['rev.hz'])).status).toBe(404);

    await service.database
      .db('case_photos')
      .where({ case_id: caseId, profile_id: 'id_card' })
      .update({ usable: false });
    try {
      const refused = await call('GET', sheetUrl, tokens['op.sh.pudong']);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('photo_not_usable');
    } finally {
      await service.database
        .db('case_photos')
        .where({ case_id: caseId, profile_id: 'id_card' })
        .update({ usable: true });
    }
  });

  test('a photo file gone from storage is answered as a logged server fault, not a crash', async () => {
    const shown = await call('GET', `/api/v1/cases/${caseId}`, tokens['rev.sh']);
    const { sha256 } = (shown.body as CaseDetail).photos.find((p) => p.profileId === 'id_card')!;
    const stored = blobPath(service.testBlobs.dir, sha256);
    await fs.rename(stored, `${stored}.away`);
    try {
      const missing = await call('GET', `/api/v1/cases/${caseId}/photos/id_card`, tokens['rev.sh']);
      expect(missing.status).toBe(500);
      expect(missing.body).toMatchObject({
        code: 'stored_file_missing',
        messages: { zh: expect.any(String) },
      });
    } finally {
      await fs.rename(`${stored}.away`, stored);
    }
    expect((await fetchBytes(`/api/v1/cases/${caseId}/photos/id_card`, tokens['rev.sh'])).status).toBe(200);
  });

  test('a photo without a face fails its case with a reason the operator can act on', async () => {
    const res = await call(
      'POST',
      '/api/v1/captures',
      tokens['op.sh.pudong'],
      captureForm(await fs.readFile(noFacePath), {}, 'coffee.png'),
    );
    expect(res.status).toBe(202);
    const failed = await waitForCase(service.api.baseUrl, tokens['op.sh.pudong'], res.body.caseId, 'failed');
    expect(failed).toMatchObject({
      failureCode: 'no_face',
      failureMessage: { zh: expect.stringContaining('人脸'), en: expect.stringContaining('No face') },
      verdict: null,
      photos: [],
    });
    const result = await service.temporal.client.workflow.getHandle(`photo-${res.body.caseId}`).result();
    expect(result).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('No face') });
    const trail = await caseAuditTrail(service.database.db, res.body.caseId);
    expect(trail.map((e) => e.action)).toEqual(['case.captured', 'case.processing', 'case.failed']);
  });

  test('the case list shows the case to its operator and to the region reviewer, not to another region', async () => {
    const list = await call(
      'GET',
      '/api/v1/cases?sort=["capturedAt","DESC"]&range=[0,9]',
      tokens['op.sh.pudong'],
    );
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toMatch(/^cases 0-\d+\/\d+$/);
    expect((list.body as CaseSummary[]).find((c) => c.id === caseId)).toMatchObject({
      status: expect.stringMatching(/^(issued|in_review|awaiting_retake)$/),
      idNumberMasked: '110105********002X',
    });
    const { verdict } = (list.body as CaseSummary[]).find((c) => c.id === caseId)!;
    const byVerdict = (v: string) =>
      call(
        'GET',
        `/api/v1/cases?filter=${encodeURIComponent(JSON.stringify({ verdict: [v] }))}`,
        tokens['rev.sh'],
      );
    const same = await byVerdict(verdict!);
    expect((same.body as CaseSummary[]).map((c) => c.id)).toContain(caseId);
    const other = await byVerdict(verdict === 'retake' ? 'pass' : 'retake');
    expect((other.body as CaseSummary[]).map((c) => c.id)).not.toContain(caseId);
    const reviewer = await call('GET', '/api/v1/cases', tokens['rev.sh']);
    expect((reviewer.body as CaseSummary[]).map((c) => c.id)).toContain(caseId);
    const otherRegion = await call('GET', '/api/v1/cases', tokens['rev.hz']);
    expect((otherRegion.body as CaseSummary[]).map((c) => c.id)).not.toContain(caseId);
    expect((await call('GET', `/api/v1/cases/${caseId}`, tokens['rev.hz'])).status).toBe(404);
  });
});

describe('refusals leave nothing behind', () => {
  const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status,
      code,
      messages: { zh: expect.any(String), en: expect.any(String) },
    });
  };

  test('no token is 401, a citizen is 403, another station is 403', async () => {
    const photo = await fs.readFile(facePath);
    const before = await caseCount();
    expectProblem(await call('POST', '/api/v1/captures', undefined, captureForm(photo)), 401, 'unauthorized');
    expectProblem(
      await call('POST', '/api/v1/captures', 'not-a-jwt', captureForm(photo)),
      401,
      'unauthorized',
    );
    expectProblem(
      await call('POST', '/api/v1/captures', tokens['citizen.sh'], captureForm(photo)),
      403,
      'forbidden',
    );
    expectProblem(
      await call('POST', '/api/v1/captures', tokens['op.hz.xihu'], captureForm(photo)),
      403,
      'forbidden',
    );
    expect(await caseCount()).toBe(before);
  });

  test.each([
    ['a truncated JPEG', 400, async () => (await fs.readFile(facePath)).subarray(0, 40_000)],
    [
      'a corrupt JPEG',
      400,
      async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 0x5a)]),
    ],
    ['an empty file', 400, async () => Buffer.alloc(0)],
    ['a text file', 415, async () => Buffer.from('this is not a photo')],
    [
      'a file over the upload limit',
      413,
      async () => Buffer.concat([await fs.readFile(facePath), Buffer.alloc(testLimits.maxBytes)]),
    ],
    [
      'a decompression bomb (10 gigapixels declared in 1 KB)',
      413,
      async () => headerOnlyPng(100_000, 100_000),
    ],
  ])(
    '%s is refused with %d and a clear message; no case, blob or workflow is created',
    async (_name, status, make) => {
      const before = await caseCount();
      const blobsBefore = await fs.readdir(service.testBlobs.dir, { recursive: true });
      const res = await call('POST', '/api/v1/captures', tokens['op.sh.pudong'], captureForm(await make()));
      expect(res.status).toBe(status);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toEqual(expect.any(String));
      expect(res.body.messages.zh.length).toBeGreaterThan(0);
      expect(await caseCount()).toBe(before);
      expect(await fs.readdir(service.testBlobs.dir, { recursive: true })).toEqual(blobsBefore);
    },
  );

  test('invalid fields name each field in both languages', async () => {
    const photo = await fs.readFile(facePath);
    const res = await call(
      'POST',
      '/api/v1/captures',
      tokens['op.sh.pudong'],
      captureForm(photo, { idNumber: '110105194912310021', personName: '' }),
    );
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['idNumber', 'personName']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'idNumber').messages.zh).toContain(
      '校验位',
    );
  });

  test('case workflows exist only for accepted captures', async () => {
    const ids = (await service.database.db('cases').select('id')).map((r: { id: string }) => `photo-${r.id}`);
    const found: string[] = [];
    for await (const wf of service.temporal.client.workflow.list({
      // An issued case's upstream submissions are workflows of their own (upstream-<caseId>-<target>).
      query: `TaskQueue = '${service.taskQueue}' AND WorkflowType = 'photoCaseV2'`,
    }))
      found.push(wf.workflowId);
    expect(found.sort()).toEqual(ids.sort());
  });
});

describe('lists honour react-admin lookups', () => {
  test('stations by id, with their region names', async () => {
    const res = await call(
      'GET',
      `/api/v1/stations?filter=${encodeURIComponent('{"id":["sh-pudong-ee"]}')}`,
      tokens['op.sh.pudong'],
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: 'sh-pudong-ee',
        regionId: 'shanghai',
        regionNameZh: '上海市',
        regionNameEn: 'Shanghai',
        network: 'police',
      }),
    ]);
  });
});
