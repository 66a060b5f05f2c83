/**
 * The worker killed (SIGKILL) while libraries hold submissions they have stored and not yet answered: a new
 * worker sends them again after the heartbeat timeout and gets the original receipts.
 */
import { acceptedNotRecorded, captureResidents, waitForIssued, waitForSubmissions } from '../cases';
import { waitUntil } from '../../process';
import type { Drill } from '../run';

export const workerKill: Drill = {
  name: 'worker SIGKILL mid-submission',
  async run({ stack, cases }) {
    // Long enough that the kill lands while the answers are held, whatever the machine's pace.
    await stack.setFaults({ answerDelayMs: 8_000 });
    const caseIds = await captureResidents(stack, cases);
    // Every case issued first: the kill interrupts submissions, not a photo being processed.
    await waitForIssued(stack, caseIds);
    let held: Awaited<ReturnType<typeof acceptedNotRecorded>> = [];
    await waitUntil(
      'a submission stored by a library, its answer not yet back',
      async () => (held = await acceptedNotRecorded(stack, caseIds)).length > 0,
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    await stack.killWorker();
    await stack.clearFaults();
    const restarted = performance.now();
    await stack.startWorker();
    const startSeconds = (performance.now() - restarted) / 1000;
    await waitForSubmissions(stack, caseIds);
    const answeredAgain = stack.simulatorEvents.filter(
      (e) => e.replayed && held.some((pair) => pair.receiptId === e.receiptId),
    ).length;
    return {
      caseIds,
      happened: `worker killed while ${held.length} submission(s) were stored by the library, unanswered; a new worker (up in ${startSeconds.toFixed(0)} s) sent them again: ${answeredAgain} answered with the original receipt`,
    };
  },
};
