/**
 * Starts the integration tests' engines once per run, or uses the ones `npm run test:engines` keeps running
 * (named by TONGPAI_TEST_ENGINES_FILE), which saves a minute of start-up when one file is run again and again.
 * Either way the run gets a folder of its own for the logs its API, workers and simulators write.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestEngines, type TestEngines } from './test-engines';
import { testLogDirVariable } from './test-logs';

declare global {
  var __tongpaiEngines: TestEngines | undefined;
}

export const sharedEnginesFileVariable = 'TONGPAI_TEST_ENGINES_FILE';

export default async function globalSetup(): Promise<void> {
  process.env[testLogDirVariable] = mkdtempSync(path.join(os.tmpdir(), 'tongpai-test-logs-'));
  const shared = process.env[sharedEnginesFileVariable];
  if (shared) {
    Object.assign(process.env, JSON.parse(readFileSync(shared, 'utf8')) as Record<string, string>);
    return;
  }
  const started = await startTestEngines();
  globalThis.__tongpaiEngines = started;
  Object.assign(process.env, started.env);
}
