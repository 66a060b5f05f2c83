/**
 * However `npm start` ends, it leaves nothing running and the next start comes up: closing its terminal (SIGHUP),
 * its output pipe breaking (`npm start | head`), an uncaught error, a SIGKILL (its keeper stops what it started),
 * and a SIGKILL of the orchestrator and the keeper together (the next start stops what they left, saying so).
 * One data folder throughout: each start is also the next start after the previous way of ending.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startProcess, waitUntil } from '../stack/process';
import {
  listening,
  pressCtrlC,
  stackProcesses,
  stackSetup,
  startStack,
  type RunningStack,
  type StackSetup,
} from './support/stack';

jest.setTimeout(900_000);

let stack: StackSetup;

beforeAll(async () => {
  stack = await stackSetup();
});

afterAll(async () => {
  for (const line of stackProcesses(stack.dataDir))
    process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
  await rm(stack.dataDir, { recursive: true, force: true });
});

const start = (script?: string) => startStack(stack.env, script);
const log = (name: string) => readFile(path.join(stack.dataDir, 'logs', `${name}.log`), 'utf8');

/** Nothing of the stack left: no process of its data folder, no port of its answering. */
async function expectNothingLeft(timeoutMs = 0) {
  const left = async () => {
    const open = [];
    for (const port of Object.values(stack.ports)) if (await listening(port)) open.push(port);
    return { processes: stackProcesses(stack.dataDir), open };
  };
  if (timeoutMs)
    await waitUntil(
      'every process of the stack to end',
      async () => {
        const { processes, open } = await left();
        return !processes.length && !open.length;
      },
      { timeoutMs, intervalMs: 500 },
    ).catch(() => undefined);
  expect(await left()).toEqual({ processes: [], open: [] });
}

const killGroup = (running: RunningStack, signal: NodeJS.Signals) =>
  process.kill(-running.child.pid!, signal);

test('SIGHUP (the terminal closed) stops everything', async () => {
  const running = await start();
  killGroup(running, 'SIGHUP');
  // tsx, which launched the orchestrator, dies of the SIGHUP at once; the orchestrator stops everything.
  await waitUntil(
    'the stack to stop',
    async () => running.output.some((l) => l.includes('stopped; data kept in')),
    {
      timeoutMs: 60_000,
    },
  );
  expect(running.output).toContain('[tongpai]   SIGHUP received');
  await expectNothingLeft(10_000);
});

test('its output pipe breaking (npm start | head) stops everything', async () => {
  const running = await start();
  running.child.stdout!.destroy();
  // The API logs the request: the orchestrator's next line meets the closed pipe.
  await fetch(`http://127.0.0.1:${stack.ports.api}/healthz`);
  expect(await running.exited).toBe(1);
  expect(await log('tongpai')).toMatch(/the console is gone \(EPIPE\): stopping everything/);
  await expectNothingLeft();
});

test('an uncaught error stops everything', async () => {
  const running = await start('test/support/up-then-throw.ts');
  expect(await running.exited).toBe(1);
  expect(running.output.join('\n')).toContain(
    'uncaught error: Error: thrown by the stack test once the stack is up; nothing catches it',
  );
  await expectNothingLeft();
});

test('SIGKILL: the keeper stops everything the orchestrator started', async () => {
  const running = await start();
  // A second start on the same data folder meanwhile takes nothing from the running one.
  const second: string[] = [];
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const refused = startProcess('second', tsx, ['stack/up.ts'], {
    cwd: path.join(__dirname, '..'),
    env: stack.env,
    sink: (_name, line) => second.push(line),
  });
  expect(await refused.exited).toBe(1);
  expect(second.join('\n')).toContain(`npm start is already running on ${stack.dataDir} (pid `);
  expect(await listening(stack.ports.api)).toBe(true);

  killGroup(running, 'SIGKILL');
  await running.exited;
  await expectNothingLeft(60_000);
  expect(await log('keeper')).toMatch(/the orchestrator ended without stopping .*postgres.*: stopping them/);
});

test('SIGKILL of the orchestrator and its keeper: the next start stops what they left, and comes up', async () => {
  const running = await start();
  const keeper = stackProcesses(stack.dataDir).find((line) => line.includes('stack/keeper.js'))!;
  process.kill(Number(keeper.trim().split(' ')[0]), 'SIGKILL');
  killGroup(running, 'SIGKILL');
  await running.exited;
  const left = stackProcesses(stack.dataDir).join('\n');
  expect(left).toContain(`-D ${path.join(stack.dataDir, 'postgres')}`);
  expect(left).toContain(`--db-filename ${path.join(stack.dataDir, 'temporal', 'temporal.db')}`);

  const next = await start();
  const said = next.output.join('\n');
  for (const engine of ['postgres', 'temporal', 'keycloak'])
    expect(said).toMatch(
      new RegExp(
        `${engine} \\(pid \\d+\\) is still running from an earlier start of this data folder: stopping it`,
      ),
    );
  expect(await pressCtrlC(next)).toBe(0);
  await expectNothingLeft();
});
