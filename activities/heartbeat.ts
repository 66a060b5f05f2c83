/** Heartbeats for activities that wait on something slow outside the worker (an upstream library). */
import { asyncLocalStorage } from '@temporalio/activity';

type Activity = (...args: never[]) => Promise<unknown>;

/**
 * The activities, each beating every third of its heartbeat timeout while it runs: if its worker dies,
 * Temporal notices within that timeout and tries again on another worker, instead of waiting out the
 * start-to-close timeout. Outside a worker (a test calling the function) or without a heartbeat timeout, an
 * activity just runs.
 */
export function beatingWhileRunning<T extends Record<string, Activity>>(activities: T): T {
  const beating = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: Parameters<typeof activity>) => {
      const context = asyncLocalStorage.getStore();
      const timeoutMs = context?.info.heartbeatTimeoutMs;
      if (!context || !timeoutMs) return activity(...args);
      const beat = setInterval(() => context.heartbeat(), timeoutMs / 3);
      try {
        return await activity(...args);
      } finally {
        clearInterval(beat);
      }
    },
  ]);
  return Object.fromEntries(beating) as T;
}
