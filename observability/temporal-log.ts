/**
 * The Temporal SDK's log lines (worker state, activity and workflow failures) as pino JSON lines like the
 * API's, an error among their metadata logged as type, message, code and stack (loggable-error.ts).
 */
import type { LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import { loggableError } from './loggable-error';

const pinoLevel = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function temporalLogTo(log: Logger): (entry: LogEntry) => void {
  return ({ level, message, meta = {} }) => {
    const fields = Object.fromEntries(
      Object.entries(meta).map(([key, value]) => [
        key,
        value instanceof Error ? loggableError(value) : value,
      ]),
    );
    log[pinoLevel[level]](fields, message);
  };
}
