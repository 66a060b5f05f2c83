/**
 * `npm run test:engines`: starts the integration tests' engines and keeps them until Ctrl-C, writing where
 * they are to a file. Run integration files against them with TONGPAI_TEST_ENGINES_FILE=<that file>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestEngines, stopTestEngines } from './test-engines';

async function main() {
  const file = process.argv[2] ?? path.join(os.tmpdir(), 'tongpai-test-engines.json');
  const started = await startTestEngines();
  fs.writeFileSync(file, JSON.stringify(started.env));
  console.log(`test engines ready; run integration tests with TONGPAI_TEST_ENGINES_FILE=${file}`);
  const stop = () => {
    fs.rmSync(file, { force: true });
    void stopTestEngines(started).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
