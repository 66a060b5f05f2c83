/**
 * The Temporal dev server stopped in the middle of the cases' lifecycles (the first case issued, its
 * submissions under way; the others wherever they are) and started again on its database file: the
 * workflows, their timers and the activities' retries carry on from where the file left them.
 */
import { captureResidents, caseStatuses, progressOf, waitForSubmissions } from '../cases';
import { waitUntil } from '../../process';
import type { Drill } from '../run';

/** Longer than the submissions' heartbeat timeout: the attempts under way time out and are tried again. */
const downMs = 12_000;

export const temporalRestart: Drill = {
  name: 'Temporal dev server restarted',
  async run({ stack, cases }) {
    // Held answers: submissions are under way when the server stops.
    await stack.setFaults({ answerDelayMs: 4_000 });
    const caseIds = await captureResidents(stack, cases);
    await waitUntil(
      'the first case issued',
      async () => (await caseStatuses(stack, caseIds)).includes('issued'),
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    const progress = await progressOf(stack, caseIds);
    await stack.stopTemporal();
    await new Promise((r) => setTimeout(r, downMs));
    await stack.clearFaults();
    await stack.startTemporal();
    await waitForSubmissions(stack, caseIds, { timeoutMs: 180_000 });
    return {
      caseIds,
      happened: `server stopped for ${downMs / 1000} s with the cases at: ${progress}; started again on its database file`,
    };
  },
};
