/**
 * Every history in workflows/histories (recorded from real runs with `npm run histories:record`) replays with
 * the current workflow code, as workers run it with tracing off and on: a change that would break workflows
 * already running fails here, not in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowCode } from '../activities/worker';
import { historiesDir, historyFromJson } from './histories/history-json';

jest.setTimeout(120_000);

// A replay that fails logs its error as a warning too; the assertion below names it.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});

const histories = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    workflowId: path.basename(file, '.json'),
    json: JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')) as unknown,
  }));

test('the photo lifecycle has recorded histories', () => {
  expect(histories.map((h) => h.workflowId)).toEqual(
    expect.arrayContaining([
      'photoCase-processed',
      'photoCase-rejected-no-face',
      'photoCase-processing-gave-up',
      'photoCaseV2-auto-issued-submitted',
      'upstreamSubmissionV2-delivered',
    ]),
  );
});

/** A replay worker calls no sink; the workflow code with the interceptors still names the one it would call. */
const droppedSpans = { exporter: { export: { fn: () => undefined } } };

// Tracing off and on (observability/tracing.ts): a worker may be restarted either way under running workflows.
test.each([
  ['without', false],
  ['with', true],
])(
  'every recorded history replays with the current workflow code, %s the tracing interceptors',
  async (_, traced) => {
    const { workflowsPath, workflowInterceptorModules } = workflowCode(traced);
    const failures: { workflowId: string; error: string }[] = [];
    const results = Worker.runReplayHistories(
      {
        workflowsPath,
        interceptors: { workflowModules: workflowInterceptorModules },
        ...(traced ? { sinks: droppedSpans } : {}),
        replayName: 'committed-histories',
      },
      histories.map(({ workflowId, json }) => ({ workflowId, history: historyFromJson(json) })),
    );
    for await (const { workflowId, error } of results)
      if (error) failures.push({ workflowId, error: `${error.name}: ${error.message}` });
    expect(failures).toEqual([]);
  },
);

test('recorded histories carry no worker identities (they name hosts) or stack traces (they name paths)', () => {
  for (const { workflowId, json } of histories) {
    const revealing: string[] = [];
    JSON.stringify(json, (key, value: unknown) => {
      if ((key === 'identity' && value !== 'recorded') || (key === 'stackTrace' && value))
        revealing.push(`${workflowId}: ${key} ${String(value).slice(0, 80)}`);
      return value;
    });
    expect(revealing).toEqual([]);
  }
});
