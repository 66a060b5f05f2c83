/**
 * Ends an integration run: scans every log it wrote (the API's, the workers', the simulators' and, when the
 * run started them, the engines') for the demo people's names and ID numbers and for photo bytes, then stops
 * the engines. A leak fails the run, naming file and line (never the text); its logs are kept to look at.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config';
import { demoPersonalData, filesUnder, scanLogs } from './personal-data';
import { stopTestEngines } from './test-engines';
import { testLogDirVariable } from './test-logs';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__tongpaiEngines;
  const runLogs = process.env[testLogDirVariable];
  const dirs = [runLogs, started && path.join(started.root, 'logs')].filter((d): d is string => Boolean(d));
  const files = filesUnder(dirs);
  const watched = demoPersonalData(repoRoot);
  const leaks = scanLogs(files, watched);
  if (started) await stopTestEngines(started);
  process.stdout.write(
    `[tongpai] ${files.length} log files scanned for ${watched.length} names and ID numbers and for photo bytes: ` +
      `${leaks.length ? `${leaks.length} leaks` : 'clean'}\n`,
  );
  if (!leaks.length) {
    if (runLogs) rmSync(runLogs, { recursive: true, force: true });
    return;
  }
  throw new Error(
    `Personal data in the logs of this run (the run's own logs are kept in ${runLogs}):\n` +
      leaks.map((leak) => `  ${leak.file}:${leak.line}: ${leak.what}`).join('\n'),
  );
}
