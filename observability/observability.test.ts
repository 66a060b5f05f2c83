import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor } from '@temporalio/worker';
import type { Context as ActivityContext } from '@temporalio/activity';
import pino from 'pino';
import type { PhotoPipeline, PipelineResult } from '../imaging';
import type { Registry } from 'prom-client';
import { createMetricsRegistry, mayScrape } from './metrics';
import { checkReadiness } from './readiness';
import { startWorkerHttp } from './worker-http';
import { activityMetrics, failureType, measurePipeline } from './worker-metrics';
import { loggableError } from './loggable-error';
import { temporalLogTo } from './temporal-log';

const silent = pino({ level: 'silent' });

/** One sample of a metric (of a histogram: its `_count`, `_sum` or a bucket, named by `sample`). */
async function sampleOf(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
  sample = name,
): Promise<number | undefined> {
  const { values } = await registry.getSingleMetric(name)!.get();
  return values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === sample &&
      Object.entries(labels).every(([key, value]) => v.labels[key] === value),
  )?.value;
}

describe('who may scrape /metrics', () => {
  test('without a token: loopback callers only', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      expect(mayScrape('', { ip, authorization: undefined })).toBe(true);
    for (const ip of ['10.0.0.7', '::ffff:192.168.1.2', undefined])
      expect(mayScrape('', { ip, authorization: undefined })).toBe(false);
  });

  test('with a token: its bearer, from anywhere; nobody else, loopback included', () => {
    expect(mayScrape('s3cret', { ip: '10.0.0.7', authorization: 'Bearer s3cret' })).toBe(true);
    expect(mayScrape('s3cret', { ip: '127.0.0.1', authorization: undefined })).toBe(false);
    expect(mayScrape('s3cret', { ip: '127.0.0.1', authorization: 'Bearer s3cre' })).toBe(false);
  });
});

describe('readiness', () => {
  test('ready only when every check answers; a failure or a hang is named, its reason kept out', async () => {
    const readiness = await checkReadiness(
      {
        fine: () => Promise.resolve(),
        broken: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432')),
        hung: () => new Promise(() => undefined),
      },
      silent,
      50,
    );
    expect(readiness).toEqual({
      status: 'not_ready',
      checks: { fine: 'ok', broken: 'failed', hung: 'failed' },
    });
  });
});

describe("the worker's health and metrics listener", () => {
  test('answers /healthz, /readyz (503 when a check fails) and /metrics, with nosniff', async () => {
    const metrics = createMetricsRegistry('worker');
    let databaseUp = true;
    const http = await startWorkerHttp({
      host: '127.0.0.1',
      port: 0,
      metrics,
      metricsToken: '',
      checks: { postgres: async () => void (databaseUp || (await Promise.reject(new Error('down')))) },
      log: silent,
    });
    try {
      const health = await fetch(`${http.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${http.url}/readyz`)).status).toBe(200);
      databaseUp = false;
      const notReady = await fetch(`${http.url}/readyz`);
      expect([notReady.status, await notReady.json()]).toEqual([
        503,
        { status: 'not_ready', checks: { postgres: 'failed' } },
      ]);
      const scrape = await fetch(`${http.url}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('process_cpu_user_seconds_total{service="worker"}');
      expect((await fetch(`${http.url}/elsewhere`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });
});

describe('worker metrics', () => {
  const execute = (interceptor: ActivityInboundCallsInterceptor, run: () => Promise<unknown>) =>
    interceptor.execute!({ args: [], headers: {} }, run);

  test('each activity is timed by outcome; failures counted by activity and failure type', async () => {
    const metrics = createMetricsRegistry('worker');
    const factory = activityMetrics(metrics);
    const ctx = { info: { activityType: 'processMaster' } } as ActivityContext;
    const { inbound } = factory(ctx);
    await execute(inbound!, () => Promise.resolve('done'));
    const rejected = ApplicationFailure.nonRetryable('no face', 'PhotoRejected');
    await expect(execute(inbound!, () => Promise.reject(rejected))).rejects.toBe(rejected);
    await expect(execute(inbound!, () => Promise.reject(new TypeError('x')))).rejects.toThrow('x');
    const failures = (type: string) =>
      sampleOf(metrics, 'tongpai_activity_failures_total', { activity: 'processMaster', type });
    expect(await failures('PhotoRejected')).toBe(1);
    expect(await failures('TypeError')).toBe(1);
    const runs = (outcome: string) =>
      sampleOf(
        metrics,
        'tongpai_activity_duration_seconds',
        { activity: 'processMaster', outcome },
        'tongpai_activity_duration_seconds_count',
      );
    expect([await runs('completed'), await runs('failed')]).toEqual([1, 2]);
  });

  test('a failure without a type is named by its class', () => {
    expect(failureType(new ApplicationFailure('plain'))).toBe('ApplicationFailure');
    expect(failureType('a string')).toBe('unknown');
  });

  test("each photo's stage laps go to the stage histogram", async () => {
    const metrics = createMetricsRegistry('worker');
    const timings = {
      decodeMs: 12,
      detectMs: 80,
      measureMs: 5,
      composeMs: 40,
      checksMs: 3,
      encodeMs: 7,
      previewMs: 2,
    };
    const pipeline = {
      profiles: {},
      process: () => Promise.resolve({ timings } as PipelineResult),
      close: () => Promise.resolve(),
    } as unknown as PhotoPipeline;
    await measurePipeline(pipeline, metrics).process(Buffer.alloc(0));
    const stage = (name: string, sample: string) =>
      sampleOf(
        metrics,
        'tongpai_pipeline_stage_seconds',
        { stage: name },
        `tongpai_pipeline_stage_seconds_${sample}`,
      );
    for (const name of ['decode', 'detect', 'measure', 'compose', 'checks', 'encode', 'preview'])
      expect(await stage(name, 'count')).toBe(1);
    expect(await stage('detect', 'sum')).toBeCloseTo(0.08);
  });
});

describe('the Temporal SDK log lines', () => {
  test('become JSON lines at their level, an error in their metadata reduced to what may be logged', () => {
    const lines: string[] = [];
    const log = pino({ base: null, timestamp: false }, { write: (line: string) => void lines.push(line) });
    const error = Object.assign(new Error('activity failed'), { detail: 'Failing row contains (张伟)' });
    temporalLogTo(log)({
      level: 'WARN',
      message: 'Activity failed',
      meta: { activityType: 'issue', error },
      timestampNanos: 0n,
    });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      activityType: 'issue',
      error: { type: 'Error', message: 'activity failed' },
    });
    expect(lines[0]).not.toContain('张伟');
  });
});

describe('errors as logged', () => {
  test("keep type, message, code and stack, never a PostgreSQL error's detail quoting the row", () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "cases_pkey"'), {
      code: '23505',
      detail: 'Key (id_number)=(11010519491231002X) already exists.',
    });
    const logged = loggableError(err);
    expect(logged).toMatchObject({ type: 'Error', code: '23505', message: err.message });
    expect(JSON.stringify(logged)).not.toContain('11010519491231002X');
  });
});
