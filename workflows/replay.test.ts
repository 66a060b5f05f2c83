/**
 * Every history in workflows/histories (recorded from real runs with `npm run histories:record`) replays with
 * the current workflow code, as workers run it (the tracing interceptors included): a change that would break
 * workflows already running fails here, not in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowCode } from '../activities/worker';
import { tracingOff } from '../observability/tracing';
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
    ]),
  );
});

test('every recorded history replays with the current workflow code', async () => {
  const failures: { workflowId: string; error: string }[] = [];
  const results = Worker.runReplayHistories(
    {
      workflowsPath: workflowCode.workflowsPath,
      interceptors: { workflowModules: workflowCode.workflowInterceptorModules },
      sinks: tracingOff.workflowSinks,
      replayName: 'committed-histories',
    },
    histories.map(({ workflowId, json }) => ({ workflowId, history: historyFromJson(json) })),
  );
  for await (const { workflowId, error } of results)
    if (error) failures.push({ workflowId, error: `${error.name}: ${error.message}` });
  expect(failures).toEqual([]);
});

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
