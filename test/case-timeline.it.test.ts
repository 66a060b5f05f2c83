/**
 * A case's timeline on the real engines: audit entries and the workflow's history merged in time order,
 * summarised without payloads, and readable only by those who may read the case.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import type { CaseDetail } from '../domain/cases';
import type { TimelineEntry } from '../domain/timeline';
import { apiCall, waitForCase, captureForm } from './support/api';
import { startWorkingService } from './support/capture-service';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const face = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: Awaited<ReturnType<typeof startWorkingService>>;
const users = ['op.sh.pudong', 'op.hz.xihu', 'rev.sh'] as const;
const tokens = {} as Record<(typeof users)[number], string>;

beforeAll(async () => {
  service = await startWorkingService('timeline');
  for (const user of users) tokens[user] = await tokenFor(user);
});

afterAll(() => service?.close());

const call = (method: string, url: string, token?: string, body?: FormData) =>
  apiCall(service.api.baseUrl, method, url, token, body);

test('the timeline merges audit entries and workflow steps in time order, without payloads', async () => {
  const photo = await fs.readFile(face);
  const captured = await call(
    'POST',
    '/api/v1/captures',
    tokens['op.sh.pudong'],
    captureForm(photo, { category: 'foreigner', personName: 'Anna Weber', idNumber: 'C01234567' }),
  );
  expect(captured.status).toBe(202);
  const caseId: string = captured.body.caseId;
  await waitForCase(service.api.baseUrl, tokens['op.sh.pudong'], caseId, 'in_review');
  expect((await call('POST', `/api/v1/cases/${caseId}/claim`, tokens['rev.sh'])).status).toBe(200);
  const decided = await fetch(`${service.api.baseUrl}/api/v1/cases/${caseId}/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens['rev.sh']}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'approve' }),
  });
  expect(decided.status).toBe(200);

  const res = await call('GET', `/api/v1/cases/${caseId}/timeline`, tokens['op.sh.pudong']);
  expect(res.status).toBe(200);
  const timeline = res.body as TimelineEntry[];
  const times = timeline.map((e) => e.at);
  expect(times).toEqual([...times].sort());

  const audit = timeline.filter((e) => e.source === 'audit').map((e) => e.action);
  expect(audit).toEqual([
    'case.captured',
    'case.processing',
    'case.processed',
    'case.sent_to_review',
    'case.claimed',
    'case.first_approval',
    'audit.timeline_read',
  ]);
  // Every read is recorded, with its reader, before it is answered.
  const again = await call('GET', `/api/v1/cases/${caseId}/timeline`, tokens['rev.sh']);
  const reads = (again.body as TimelineEntry[]).filter(
    (e) => e.source === 'audit' && e.action === 'audit.timeline_read',
  );
  expect(reads.map((e) => e.source === 'audit' && e.actor)).toEqual(['op.sh.pudong', 'rev.sh']);
  const workflow = timeline.filter((e) => e.source === 'workflow');
  expect(workflow[0]).toEqual({
    source: 'workflow',
    at: expect.any(String),
    type: 'WorkflowExecutionStarted',
  });
  expect(workflow).toContainEqual(
    expect.objectContaining({ type: 'ActivityTaskScheduled', activity: 'processMaster' }),
  );
  expect(workflow).toContainEqual(
    expect.objectContaining({ type: 'ActivityTaskCompleted', activity: 'recordDecision' }),
  );
  expect(workflow).toContainEqual(
    expect.objectContaining({ type: 'WorkflowExecutionUpdateAccepted', update: 'decideCase' }),
  );
  // The engine's bookkeeping and every payload (names, document numbers, hashes of inputs) stay out.
  expect(workflow.some((e) => e.type.startsWith('WorkflowTask'))).toBe(false);
  const summaryKeys = ['activity', 'at', 'source', 'type', 'update'];
  for (const entry of workflow) expect(summaryKeys).toEqual(expect.arrayContaining(Object.keys(entry)));
  const text = JSON.stringify(workflow);
  expect(text).not.toContain('Anna Weber');
  expect(text).not.toContain('C01234567');
});

test('the timeline is answered only to those who may read the case', async () => {
  const [first] = (await call('GET', '/api/v1/cases', tokens['op.sh.pudong'])).body as CaseDetail[];
  const timelineUrl = `/api/v1/cases/${first!.id}/timeline`;
  expect((await call('GET', timelineUrl)).status).toBe(401);
  const elsewhere = await call('GET', timelineUrl, tokens['op.hz.xihu']);
  expect(elsewhere).toMatchObject({ status: 404, body: { code: 'not_found' } });
  const unknown = await call(
    'GET',
    '/api/v1/cases/00000000-0000-4000-8000-000000000000/timeline',
    tokens['rev.sh'],
  );
  expect(unknown).toMatchObject({ status: 404, body: { code: 'not_found' } });
  const malformed = await call('GET', '/api/v1/cases/not-a-case/timeline', tokens['rev.sh']);
  expect(malformed.status).toBe(404);
});
