/**
 * The logs an integration test run writes: the API, the worker and the upstream simulator of every test file
 * log at info, as in production, into one folder per run (TONGPAI_TEST_LOG_DIR, made by the global setup),
 * which the global teardown scans for personal data (stack/jest/personal-data.ts).
 */
import path from 'node:path';
import type { LogEntry } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { temporalLogTo } from '../../observability/temporal-log';

export const testLogDirVariable = 'TONGPAI_TEST_LOG_DIR';

const loggers = new Map<string, Logger>();

/** A logger writing to `<run log folder>/<name>-<pid>.log`; silent when run outside jest's global setup. */
export function testLogger(name: string): Logger {
  const dir = process.env[testLogDirVariable];
  if (!dir) return pino({ level: 'silent' });
  let logger = loggers.get(name);
  if (!logger) {
    const dest = path.join(dir, `${name}-${process.pid}.log`);
    logger = pino(
      { level: 'info', base: { process: name } },
      pino.destination({ dest, sync: true, mkdir: true }),
    );
    loggers.set(name, logger);
  }
  return logger;
}

/**
 * The Temporal SDK's log function for test workers: everything from info up into the run's worker log;
 * warnings and errors on the console too, as before, so a failing test still shows them.
 */
export function temporalTestLog(entry: LogEntry): void {
  temporalLogTo(testLogger('worker'))(entry);
  if (entry.level === 'WARN' || entry.level === 'ERROR')
    console.warn(`[temporal ${entry.level}] ${entry.message}`, entry.meta ?? '');
}
