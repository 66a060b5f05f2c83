import type { GetListParams } from 'react-admin';
import { createDataProvider, type ReuseQuery } from './dataProvider';
import type { ApiClient, JsonResponse } from './httpClient';

/** Records the calls the data provider makes, answering like the API. */
function apiAnswering(answer: (url: string, init: RequestInit) => Partial<JsonResponse>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const client: ApiClient = {
    json: async (url, init = {}) => {
      calls.push({ url, init });
      const { status = 200, headers = new Headers(), json } = answer(url, init);
      return { status, headers, json, body: JSON.stringify(json) };
    },
    blob: async (url, init = {}) => {
      calls.push({ url, init });
      return new Blob(['jpeg bytes'], { type: 'image/jpeg' });
    },
  };
  return { client, calls };
}

describe('data provider', () => {
  it("says when the API estimated a list's total, for the pagination to show it as approximate", async () => {
    const { client } = apiAnswering(() => ({
      headers: new Headers({ 'Content-Range': 'cases 0-24/10617', 'X-Total-Estimated': 'true' }),
      json: [{ id: 'c-1', status: 'issued' }],
    }));
    const params: GetListParams = {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    };
    expect(await createDataProvider(client).getList('cases', params)).toEqual({
      data: [{ id: 'c-1', status: 'issued' }],
      total: 10617,
      meta: { totalEstimated: true },
    });
  });

  it('lists cases with the simple REST query and reads the total from Content-Range', async () => {
    const { client, calls } = apiAnswering(() => ({
      headers: new Headers({ 'Content-Range': 'cases 0-24/319' }),
      json: [{ id: 'c-1', status: 'processing' }],
    }));

    const result = await createDataProvider(client).getList('cases', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'capturedAt', order: 'DESC' },
      filter: { status: 'processing', stationId: 'sh-pudong-ee', q: 'text' },
    });

    expect(result).toEqual({ data: [{ id: 'c-1', status: 'processing' }], total: 319 });
    const url = new URL(calls[0]!.url, 'http://console.test');
    expect(url.pathname).toBe('/api/v1/cases');
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['capturedAt', 'DESC']);
    expect(JSON.parse(url.searchParams.get('range')!)).toEqual([0, 24]);
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({
      status: 'processing',
      stationId: 'sh-pudong-ee',
      q: 'text',
    });
  });

  it('posts a capture as multipart form data and answers with the new case id', async () => {
    const { client, calls } = apiAnswering(() => ({
      status: 202,
      json: { caseId: 'c-9', workflowId: 'photo-c-9', status: 'received' },
    }));
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'face.jpg', { type: 'image/jpeg' });

    const result = await createDataProvider(client).create('captures', {
      data: {
        photo,
        stationId: 'sh-pudong-ee',
        personName: '张三',
        idNumber: '11010519491231002X',
        category: 'resident',
        device: 'Logitech C920',
      },
    });

    expect(result.data).toEqual({ id: 'c-9', caseId: 'c-9', workflowId: 'photo-c-9', status: 'received' });
    expect(calls[0]!.url).toBe('/api/v1/captures');
    expect(calls[0]!.init.method).toBe('POST');
    const body = calls[0]!.init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(Object.fromEntries([...body.entries()].filter(([key]) => key !== 'photo'))).toEqual({
      stationId: 'sh-pudong-ee',
      personName: '张三',
      idNumber: '11010519491231002X',
      category: 'resident',
      device: 'Logitech C920',
    });
    const sentPhoto = body.get('photo') as File;
    expect(sentPhoto.name).toBe('face.jpg');
    expect(new Uint8Array(await sentPhoto.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
  });

  it('leaves other resources to the simple REST conventions', async () => {
    const { client, calls } = apiAnswering(() => ({ json: { id: 'x-1' } }));
    await createDataProvider(client).create('grants', { data: { caseId: 'c-1' } });
    expect(calls[0]!.url).toBe('/api/v1/grants');
    expect(calls[0]!.init.body).toBe(JSON.stringify({ caseId: 'c-1' }));
  });

  it("fetches a case's images as bytes", async () => {
    const { client, calls } = apiAnswering(() => ({}));
    const provider = createDataProvider(client);
    const blob = await provider.getCaseImage('c/1', 'master');
    expect(blob.type).toBe('image/jpeg');
    expect(calls[0]!.url).toBe('/api/v1/cases/c%2F1/master');
    await provider.getCaseImage('c-1', 'photos/id_card');
    expect(calls[1]!.url).toBe('/api/v1/cases/c-1/photos/id_card');
    await provider.getPrintSheet('c-1', 'id_card', 'a4');
    expect(calls[2]!.url).toBe('/api/v1/cases/c-1/photos/id_card/sheet?size=a4&format=pdf');
  });

  it('searches the audit trail with a POST (no ID number in a URL) and exports a history as JSON or PDF', async () => {
    const { client, calls } = apiAnswering(() => ({ json: { entries: [], nextCursor: null } }));
    const provider = createDataProvider(client);
    await provider.searchAudit({ idNumber: '11010519491231002X', cursor: 'abc' });
    expect(calls[0]!.url).toBe('/api/v1/audit/searches');
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ idNumber: '11010519491231002X', cursor: 'abc' }),
    });
    await provider.getPhotoHistory('c/1');
    expect(calls[1]!.url).toBe('/api/v1/cases/c%2F1/history');
    await provider.exportPhotoHistory('c-1', 'pdf');
    expect(calls[2]!.url).toBe('/api/v1/cases/c-1/history/export?format=pdf');
    expect(new Headers(calls[2]!.init.headers).get('Accept')).toBe('application/pdf');
  });

  it('sends the documents and the nationality conflict of a capture', async () => {
    const { client, calls } = apiAnswering(() => ({ status: 202, json: { caseId: 'c-9' } }));
    const photo = new File([new Uint8Array([0xff])], 'face.jpg', { type: 'image/jpeg' });
    await createDataProvider(client).create('captures', {
      data: {
        photo,
        stationId: 'sh-pudong-ee',
        personName: 'Anna Weber',
        idNumber: 'C01234567',
        category: 'foreigner',
        documents: ['id_card', 'exit_entry'],
        nationalityConflict: true,
      },
    });
    const body = calls[0]!.init.body as FormData;
    expect(body.get('documents')).toBe('id_card,exit_entry');
    expect(body.get('nationalityConflict')).toBe('true');
  });

  it('lists the review queue as cases in a review status only, whatever the filter asks', async () => {
    const { client, calls } = apiAnswering(() => ({
      headers: new Headers({ 'Content-Range': 'cases 0-0/1' }),
      json: [{ id: 'c-1', status: 'in_review' }],
    }));
    const provider = createDataProvider(client);
    const list = (filter: Record<string, unknown>) =>
      provider.getList('review', {
        pagination: { page: 1, perPage: 25 },
        sort: { field: 'queuedAt', order: 'ASC' },
        filter,
      });
    await list({});
    await list({ status: [], category: ['foreigner'] });
    await list({ status: ['awaiting_second_approval', 'issued'] });
    const filters = calls.map((call) => {
      const url = new URL(call.url, 'http://console.test');
      expect(url.pathname).toBe('/api/v1/cases');
      return JSON.parse(url.searchParams.get('filter')!);
    });
    expect(filters).toEqual([
      { status: ['in_review', 'awaiting_second_approval'] },
      { status: ['in_review', 'awaiting_second_approval'], category: ['foreigner'] },
      { status: ['awaiting_second_approval'] },
    ]);
    await provider.getOne('review', { id: 'c-1' });
    expect(calls[3]!.url).toBe('/api/v1/cases/c-1');
  });

  it('sends review commands to the case: claim, next in queue, decisions as JSON, retakes as multipart', async () => {
    const { client, calls } = apiAnswering(() => ({ json: { id: 'c-1' } }));
    const provider = createDataProvider(client);
    await provider.claimCase('c-1');
    await provider.claimNext('second', ['foreigner']);
    await provider.decide('c-1', { decision: 'retake', reasonCode: 'quality', checks: ['sharpness'] });
    await provider.submitRetake('c-1', new File([new Uint8Array([0xff])], 'again.jpg'), 'window 3');
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['POST', '/api/v1/cases/c-1/claim'],
      ['POST', '/api/v1/review-queue/next'],
      ['POST', '/api/v1/cases/c-1/decisions'],
      ['POST', '/api/v1/cases/c-1/retakes'],
    ]);
    expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ queue: 'second', category: ['foreigner'] });
    expect(JSON.parse(calls[2]!.init.body as string)).toEqual({
      decision: 'retake',
      reasonCode: 'quality',
      checks: ['sharpness'],
    });
    const retake = calls[3]!.init.body as FormData;
    expect((retake.get('photo') as File).name).toBe('again.jpg');
    expect(retake.get('device')).toBe('window 3');
  });

  it('asks for reuse offers, fetches their photos, records a reuse, and sends a declined offer with a capture', async () => {
    const offer = {
      caseId: 'c-1',
      issuedAt: '2026-01-02T03:04:05.000Z',
      reusableUntil: '2029-01-02T03:04:05.000Z',
      profiles: ['id_card'],
    };
    const { client, calls } = apiAnswering((url) => ({
      status: url.endsWith('/captures') ? 202 : 200,
      json: url.endsWith('/captures') ? { caseId: 'c-2' } : { offer },
    }));
    const provider = createDataProvider(client);
    const who: ReuseQuery = {
      idNumber: '11010519491231002X',
      documents: ['id_card', 'driving_licence'],
      stationId: 'sh-pudong-ee',
    };
    expect(await provider.getReuseOffer(who)).toEqual(offer);
    await provider.getReuseOfferPhoto('c-1', 'id_card');
    expect(await provider.reuse('c-1', who)).toEqual(offer);
    await provider.create('captures', {
      data: {
        photo: new File([new Uint8Array([0xff])], 'face.jpg'),
        stationId: 'sh-pudong-ee',
        personName: '张三',
        idNumber: who.idNumber,
        category: 'resident',
        declinedReuseOf: 'c-1',
      },
    });

    const asked = new URL(calls[0]!.url, 'http://console.test');
    expect(asked.pathname).toBe('/api/v1/reuse-offers');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      idNumber: '11010519491231002X',
      documents: 'id_card,driving_licence',
      stationId: 'sh-pudong-ee',
    });
    expect(calls[1]!.url).toBe('/api/v1/reuse-offers/c-1/photos/id_card');
    expect([calls[2]!.init.method, calls[2]!.url]).toEqual(['POST', '/api/v1/reuses']);
    expect(JSON.parse(calls[2]!.init.body as string)).toEqual({ caseId: 'c-1', ...who });
    expect((calls[3]!.init.body as FormData).get('declinedReuseOf')).toBe('c-1');
  });
});
