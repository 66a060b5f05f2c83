/**
 * Traces on the real engines, sent over OTLP/HTTP to the test's own receiver: a capture through the API is one
 * trace, continuing the caller's `traceparent`, from the request's server span through the start of its
 * workflow to the workflow's run and each of its activities on a worker process (each under its service name);
 * a reviewer's decision likewise through the workflow update; spans are named by route templates, and nothing
 * of the person (name, ID number, photo, query) is in them.
 * The traced workflows' histories replay with the workflow code of tracing off as well as on.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowCode } from '../activities/worker';
import { loadConfig } from '../config';
import { exportedAttributes } from '../observability/span-allowlist';
import { startTracing, type Tracing } from '../observability/tracing';
import { testLogger } from '../stack/jest/test-logs';
import { apiCall, captureForm, waitForCase } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { startWorkerProcess, upstreamEnv } from './support/worker-process';
import { closeActivityDeps } from './support/temporal';
import type { ManagedProcess } from '../stack/process';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const facePath = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_034_neutral.jpg');
const person = { personName: '周杰', idNumber: '310115200012311236' };
/** A foreigner's case goes to a person, and to a second one. */
const foreigner = { category: 'foreigner', idNumber: 'E87654321', personName: 'Lena Vogel' };

let receiver: OtlpReceiver;
let apiTracing: Tracing;
let service: CaptureService;
let worker: ManagedProcess | undefined;
let token: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  apiTracing = startTracing('tongpai-api', receiver.tracesUrl, testLogger('api'));
  service = await startCaptureService('tracing', { tracing: apiTracing });
  // The worker as `npm start` runs it, told the collector by the standard variable (spans sent every 200 ms).
  worker = await startWorkerProcess(service, {
    ...(await upstreamEnv()),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.tracesUrl.replace(/\/v1\/traces$/, ''),
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  token = await tokenFor('op.sh.pudong');
});

const call = (method: string, url: string, as: string, body?: FormData) =>
  apiCall(service.api.baseUrl, method, url, as, body);

/** Replays a workflow's history as it stands with the workflow code of tracing off, then on; throws if either fails. */
async function replaysBothWays(workflowId: string) {
  const history = await service.temporal.client.workflow.getHandle(workflowId).fetchHistory();
  for (const traced of [false, true]) {
    const { workflowsPath, workflowInterceptorModules } = workflowCode(traced);
    await Worker.runReplayHistory(
      {
        workflowsPath,
        interceptors: { workflowModules: workflowInterceptorModules },
        // A replay calls no sink; the traced code still names the one it would call.
        ...(traced ? { sinks: { exporter: { export: { fn: () => undefined } } } } : {}),
        replayName: `${workflowId}-tracing-${traced ? 'on' : 'off'}`,
      },
      history,
    );
  }
}

afterAll(async () => {
  await worker?.stop();
  await closeActivityDeps(); // the upstream simulator
  await service?.close();
  await apiTracing?.shutdown();
  await receiver?.close();
});

/** Until `done` holds for the spans received: the API's flushed, the worker's as it sends them. */
async function receivedUntil(done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await apiTracing.flush();
    if (done(receiver.spans)) return receiver.spans;
    if (Date.now() > deadline)
      throw new Error(`spans received: ${receiver.spans.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a capture through the API', () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  let caseId: string;
  let trace: ReceivedSpan[];
  const ours = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);

  beforeAll(async () => {
    const photo = await fs.readFile(facePath);
    const res = await fetch(`${service.api.baseUrl}/api/v1/captures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: captureForm(photo, person),
    });
    expect(res.status).toBe(202);
    caseId = ((await res.json()) as { caseId: string }).caseId;
    await waitForCase(service.api.baseUrl, token, caseId, 'issued');
    trace = ours(
      await receivedUntil((spans) =>
        ['RunWorkflow:photoCaseV2', 'RunActivity:issueCase'].every((name) =>
          ours(spans).some((s) => s.name === name),
        ),
      ),
    );
  });

  const one = (name: string) => {
    const found = trace.filter((s) => s.name === name);
    expect([name, found.length]).toEqual([name, 1]);
    return found[0]!;
  };

  test("is a server span named by its route template, in the caller's trace, with its status", () => {
    const request = one('POST /api/v1/captures');
    expect(request).toMatchObject({ service: 'tongpai-api', parentSpanId: callerSpanId });
    expect(request.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/api/v1/captures',
      'http.response.status_code': 202,
    });
  });

  test('whose trace runs on through the start of the workflow to its run on the worker', () => {
    const request = one('POST /api/v1/captures');
    const start = one('StartWorkflow:photoCaseV2');
    expect(start).toMatchObject({ service: 'tongpai-api', parentSpanId: request.spanId });
    expect(start.attributes.temporalWorkflowId).toBe(`photo-${caseId}`);
    const run = one('RunWorkflow:photoCaseV2');
    expect(run).toMatchObject({ service: 'tongpai-worker', parentSpanId: start.spanId });
  });

  test('and to each of its activities, the processing and the issuance among them', () => {
    const run = one('RunWorkflow:photoCaseV2');
    for (const activity of ['markProcessing', 'processMaster', 'routeCase', 'issueCase']) {
      const scheduled = one(`StartActivity:${activity}`);
      expect(scheduled).toMatchObject({ service: 'tongpai-worker', parentSpanId: run.spanId });
      const ran = one(`RunActivity:${activity}`);
      expect(ran).toMatchObject({ service: 'tongpai-worker', parentSpanId: scheduled.spanId });
      expect(ran.attributes.temporalWorkflowId).toBe(`photo-${caseId}`);
    }
  });

  test('every span of the trace hangs from the one before it, up to the caller', async () => {
    // A span leaves when it ends: the submissions' activities may come before the child workflows around them.
    const orphans = (spans: ReceivedSpan[]) => {
      const ids = new Set([callerSpanId, ...ours(spans).map((s) => s.spanId)]);
      return ours(spans).filter((s) => !ids.has(s.parentSpanId!));
    };
    await receivedUntil((spans) => orphans(spans).length === 0);
  });

  test('its traced workflow replays on a worker with tracing off, and on again', () =>
    replaysBothWays(`photo-${caseId}`));

  test('requests without a caller trace are their own traces, named by template, never by the URL', async () => {
    const names = receiver.spans.filter((s) => s.service === 'tongpai-api').map((s) => s.name);
    // waitForCase polled the case by its id.
    expect(names).toContain('GET /api/v1/cases/:id');
    expect(receiver.spans.filter((s) => s.name.includes(caseId) || s.name.includes('?'))).toEqual([]);
  });
});

describe("a reviewer's decision", () => {
  let caseId: string;
  let decision: ReceivedSpan[];

  beforeAll(async () => {
    const photo = await fs.readFile(facePath);
    caseId = (await call('POST', '/api/v1/captures', token, captureForm(photo, foreigner))).body.caseId;
    await waitForCase(service.api.baseUrl, token, caseId, 'in_review');
    const reviewer = await tokenFor('rev.sh');
    expect((await call('POST', `/api/v1/cases/${caseId}/claim`, reviewer)).status).toBe(200);
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${service.api.baseUrl}/api/v1/cases/${caseId}/decisions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${reviewer}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(res.status).toBe(200);
    const ours = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
    decision = ours(
      await receivedUntil((spans) => ours(spans).some((s) => s.name === 'RunActivity:recordDecision')),
    );
  });

  test('is one trace from its request through the workflow update to the activity that records it', () => {
    const one = (name: string) => {
      const found = decision.filter((s) => s.name === name);
      expect([name, found.length]).toEqual([name, 1]);
      return found[0]!;
    };
    const request = one('POST /api/v1/cases/:id/decisions');
    const update = one('StartWorkflowUpdate:decideCase');
    expect(update.parentSpanId).toBe(request.spanId);
    const handled = one('HandleUpdate:decideCase');
    expect(handled).toMatchObject({ service: 'tongpai-worker', parentSpanId: update.spanId });
    const ids = new Set(decision.map((s) => s.spanId));
    const recorded = one('RunActivity:recordDecision');
    expect(ids.has(recorded.parentSpanId!)).toBe(true);
  });

  test('its workflow, updated while traced, replays on a worker with tracing off, and on again', () =>
    replaysBothWays(`photo-${caseId}`));
});

test('no span of any trace carries a name, an ID number, the photo or a query string', async () => {
  // The ID number in a query string too (a filter the list refuses).
  const filter = encodeURIComponent(JSON.stringify({ idNumber: person.idNumber }));
  const refused = await call('GET', `/api/v1/cases?filter=${filter}`, token);
  expect(refused.status).toBe(400);
  const spans = await receivedUntil((all) =>
    all.some((s) => s.name === 'GET /api/v1/cases' && s.attributes['http.response.status_code'] === 400),
  );

  const exported = JSON.stringify(spans.map((s) => s.raw));
  const people = [person, foreigner].flatMap((p) => [p.personName, p.idNumber]);
  for (const text of [...people, 'filter', '/9j/'])
    expect([text, exported.includes(text)]).toEqual([text, false]);
  const keys = new Set(
    spans.flatMap((s) => [
      ...Object.keys(s.attributes),
      ...(s.raw.events ?? []).flatMap((e) => (e.attributes ?? []).map((a) => a.key)),
    ]),
  );
  expect([...keys].filter((key) => !exportedAttributes.has(key))).toEqual([]);
});
