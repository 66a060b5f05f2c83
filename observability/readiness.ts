/**
 * Readiness: every dependency a process needs, each checked with a deadline. The answer names each check and
 * whether it passed, nothing more (it is public); why one failed goes to the log.
 */
import type { Logger } from 'pino';

export type ReadinessCheck = () => Promise<unknown>;
export type CheckOutcome = 'ok' | 'failed';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: Record<string, CheckOutcome>;
}

export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  log: Logger,
  timeoutMs = 3000,
): Promise<Readiness> {
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckOutcome]> => {
      try {
        await withDeadline(check(), timeoutMs);
        return [name, 'ok'];
      } catch (err) {
        log.warn({ check: name, reason: err instanceof Error ? err.message : String(err) }, 'not ready');
        return [name, 'failed'];
      }
    }),
  );
  return {
    status: outcomes.every(([, outcome]) => outcome === 'ok') ? 'ready' : 'not_ready',
    checks: Object.fromEntries(outcomes),
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
