/**
 * Fault injection, set through the simulator's admin endpoint (PUT /admin/faults) for drills and tests:
 * every call to a target waits `latencyMs`, then with `down` the connection is dropped unanswered, a share
 * `timeoutRate` of calls is never answered, a share `errorRate` is answered 503, and the next `rejectNext`
 * submissions are refused as a library refuses a payload (422). `answerDelayMs` holds the answer to a
 * submission or recall the library has already stored (a library that commits, then answers late). The
 * faults hit the `targets` listed, or every target when the list is empty.
 */
import { z } from 'zod';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';

export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000),
  errorRate: z.number().min(0).max(1),
  timeoutRate: z.number().min(0).max(1),
  down: z.boolean(),
  rejectNext: z.number().int().min(0),
  answerDelayMs: z.number().int().min(0).max(600_000),
  targets: z.array(z.enum(upstreamTargets)),
});
export type Faults = z.infer<typeof faultsSchema>;

export const noFaults: Faults = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  down: false,
  rejectNext: 0,
  answerDelayMs: 0,
  targets: [],
};

/** What happens to one call, decided after its latency. */
export type FaultOutcome = 'drop' | 'hang' | 'error' | 'proceed';

export function createFaultState(random: () => number = Math.random) {
  let faults: Faults = { ...noFaults };
  const hits = (target: UpstreamTarget) => !faults.targets.length || faults.targets.includes(target);
  return {
    get: (): Faults => ({ ...faults }),
    set: (patch: Partial<Faults>): Faults => (faults = { ...faults, ...patch }),
    reset: (): Faults => (faults = { ...noFaults }),
    latencyMs: (target: UpstreamTarget) => (hits(target) ? faults.latencyMs : 0),
    answerDelayMs: (target: UpstreamTarget) => (hits(target) ? faults.answerDelayMs : 0),
    outcome(target: UpstreamTarget): FaultOutcome {
      if (!hits(target)) return 'proceed';
      if (faults.down) return 'drop';
      if (faults.timeoutRate > 0 && random() < faults.timeoutRate) return 'hang';
      if (faults.errorRate > 0 && random() < faults.errorRate) return 'error';
      return 'proceed';
    },
    /** True (and one fewer left) when this submission is to be refused. */
    takeRejection(target: UpstreamTarget): boolean {
      if (faults.rejectNext <= 0 || !hits(target)) return false;
      faults = { ...faults, rejectNext: faults.rejectNext - 1 };
      return true;
    },
  };
}
export type FaultState = ReturnType<typeof createFaultState>;
