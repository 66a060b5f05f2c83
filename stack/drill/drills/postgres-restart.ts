/**
 * PostgreSQL stopped while libraries hold submissions they have stored and not yet answered, then started
 * again: the worker cannot record the receipts it gets, the activities fail and are retried, and the
 * libraries answer the repeats with the same receipts.
 */
import { acceptedNotRecorded, captureResidents, progressOf, waitForSubmissions } from '../cases';
import { waitUntil } from '../../process';
import type { Drill } from '../run';

const answerDelayMs = 3_000;

export const postgresRestart: Drill = {
  name: 'PostgreSQL restarted',
  async run({ stack, cases }) {
    await stack.setFaults({ answerDelayMs });
    const caseIds = await captureResidents(stack, cases);
    let held: Awaited<ReturnType<typeof acceptedNotRecorded>> = [];
    await waitUntil(
      'a submission stored by a library, its answer not yet back',
      async () => (held = await acceptedNotRecorded(stack, caseIds)).length > 0,
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    const progress = await progressOf(stack, caseIds);
    const stopped = performance.now();
    await stack.stopPostgres();
    // The held answers come back while the database is down.
    await new Promise((r) => setTimeout(r, answerDelayMs + 1_000));
    await stack.clearFaults();
    await stack.startPostgres();
    const downSeconds = (performance.now() - stopped) / 1000;
    await waitForSubmissions(stack, caseIds, { timeoutMs: 180_000 });
    return {
      caseIds,
      happened: `database down ${downSeconds.toFixed(0)} s with the cases at: ${progress}, ${held.length} receipt(s) stored by a library and not yet recorded`,
    };
  },
};
