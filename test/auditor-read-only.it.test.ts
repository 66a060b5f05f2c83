/**
 * Auditors change nothing: every route of the API that is not a GET, taken from the OpenAPI document the API
 * serves (so a route added later is walked too), is refused to an auditor of the region where the case is
 * (403, or 404 where the route may not even confirm the case). The only exceptions are the audit's own
 * reads sent as POSTs (a verification run, a search that carries an ID number in its body), which change
 * nothing but the trail's record of them. The auditor can read the history, search and export.
 */
import { apiCall } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { insertTestCase } from './support/cases';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

interface Operation {
  requestBody?: { content: Record<string, unknown> };
  security?: unknown[];
}
type Paths = Record<string, Record<string, Operation>>;

/** Reads that are POSTs, and why: each changes nothing but appends its own audit entry. */
const auditReads: Record<string, string> = {
  'POST /api/v1/audit/verifications': 'a verification run of the trail, recorded as audit.verified',
  'POST /api/v1/audit/searches': 'a search whose body may hold an ID number, recorded as audit.searched',
};

let service: CaptureService;
let auditor: string;
let caseId: string;

beforeAll(async () => {
  service = await startCaptureService('auditor-read-only');
  auditor = await tokenFor('aud.sh');
  // A case in the auditor's own region, in a state where a revocation, an upstream decision or a claim would
  // otherwise be possible: a refusal is about the role, not about a missing or settled case.
  caseId = await insertTestCase(service.database.db, { status: 'issued' });
});

afterAll(() => service?.close());

const call = (method: string, url: string, body?: object | FormData) =>
  apiCall(service.api.baseUrl, method, url, auditor, body);

const concrete = (path: string) =>
  path
    .replace('{id}', caseId)
    .replace('{caseId}', caseId)
    .replace('{profileId}', 'id_card')
    .replace('{target}', 'yrd');

test('every route that changes something is refused to an auditor, and nothing changed', async () => {
  const paths = (await apiCall(service.api.baseUrl, 'GET', '/api/v1/openapi.json')).body.paths as Paths;
  const before = await service.database.db('cases').where({ id: caseId }).first();
  const walked: string[] = [];
  const answers: Record<string, number> = {};
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${method.toUpperCase()} ${path}`;
      // Routes open to anyone (certificate checks) are no auditor's right; GETs are reads.
      if (method === 'get' || operation.security?.length === 0 || auditReads[route]) continue;
      const multipart = Boolean(operation.requestBody?.content['multipart/form-data']);
      const res = await call(method.toUpperCase(), concrete(path), multipart ? new FormData() : {});
      answers[route] = res.status;
      walked.push(route);
    }
  }
  // The walk reached the routes that matter, and each was refused.
  expect(walked).toEqual(
    expect.arrayContaining([
      'POST /api/v1/captures',
      'POST /api/v1/cases/{id}/claim',
      'POST /api/v1/cases/{id}/decisions',
      'POST /api/v1/cases/{id}/revocation',
      'POST /api/v1/review-queue/next',
    ]),
  );
  const notRefused = walked
    .filter((r) => ![403, 404].includes(answers[r]!))
    .map((r) => `${r}: ${answers[r]}`);
  expect(notRefused).toEqual([]);
  expect(await service.database.db('cases').where({ id: caseId }).first()).toEqual(before);
  expect(await service.database.db('audit_events').where({ case_id: caseId })).toEqual([]);
});

test('the audit routes an auditor uses are reads: history, export, search, verification', async () => {
  expect((await call('GET', `/api/v1/cases/${caseId}/history`)).status).toBe(200);
  expect((await call('GET', `/api/v1/cases/${caseId}/history/export?format=json`)).status).toBe(200);
  expect((await call('POST', '/api/v1/audit/searches', { idNumber: '11010519491231002X' })).status).toBe(200);
  expect((await call('POST', '/api/v1/audit/verifications')).status).toBe(200);
  const recorded = await service.database.db('audit_events').orderBy('id').select('actor', 'action');
  expect(recorded).toEqual([
    { actor: 'aud.sh', action: 'audit.history_read' },
    { actor: 'aud.sh', action: 'audit.history_exported' },
    { actor: 'aud.sh', action: 'audit.searched' },
    { actor: 'aud.sh', action: 'audit.verified' },
  ]);
  expect(await service.database.db('cases').where({ id: caseId }).select('status')).toEqual([
    { status: 'issued' },
  ]);
});
