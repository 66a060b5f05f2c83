/**
 * Fault injection, set through the simulator's admin endpoint (PUT /admin/faults) for drills and tests:
 * every call to a target waits `latencyMs`, then with `down` the connection is dropped unanswered, a share
 * `timeoutRate` of calls is never answered, a share `errorRate` is answered 503, and the next `rejectNext`
 * submissions are refused as a library refuses a payload (422).
 */
import { z } from 'zod';

export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000),
  errorRate: z.number().min(0).max(1),
  timeoutRate: z.number().min(0).max(1),
  down: z.boolean(),
  rejectNext: z.number().int().min(0),
});
export type Faults = z.infer<typeof faultsSchema>;

export const noFaults: Faults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, down: false, rejectNext: 0 };

/** What happens to one call, decided after its latency. */
export type FaultOutcome = 'drop' | 'hang' | 'error' | 'proceed';

export function createFaultState(random: () => number = Math.random) {
  let faults: Faults = { ...noFaults };
  return {
    get: (): Faults => ({ ...faults }),
    set: (patch: Partial<Faults>): Faults => (faults = { ...faults, ...patch }),
    reset: (): Faults => (faults = { ...noFaults }),
    outcome(): FaultOutcome {
      if (faults.down) return 'drop';
      if (faults.timeoutRate > 0 && random() < faults.timeoutRate) return 'hang';
      if (faults.errorRate > 0 && random() < faults.errorRate) return 'error';
      return 'proceed';
    },
    /** True (and one fewer left) when this submission is to be refused. */
    takeRejection(): boolean {
      if (faults.rejectNext <= 0) return false;
      faults = { ...faults, rejectNext: faults.rejectNext - 1 };
      return true;
    },
  };
}
export type FaultState = ReturnType<typeof createFaultState>;
