/** A library down (connections dropped) for several attempts of every submission, then back. */
import type { UpstreamTarget } from '../../../domain/upstream';
import { captureResidents, waitForRows, waitForSubmissions } from '../cases';
import type { Drill } from '../run';

const target: UpstreamTarget = 'id_card';
/** Attempts each submission to the library makes while it is down (5 s, then 10 s between them). */
const refusedAttempts = 3;

export const targetDown: Drill = {
  name: 'target down, then back',
  async run({ stack, cases }) {
    await stack.setFaults({ down: true, targets: [target] });
    const caseIds = await captureResidents(stack, cases);
    let othersDelivered = 0;
    await waitForRows(
      stack,
      caseIds,
      `every ${target} submission to fail ${refusedAttempts} times`,
      (rows) => {
        const down = rows.filter((r) => r.target === target);
        othersDelivered = rows.filter((r) => r.target !== target && r.state === 'delivered').length;
        return down.length === caseIds.length && down.every((r) => r.attempts >= refusedAttempts);
      },
    );
    await stack.clearFaults();
    await waitForSubmissions(stack, caseIds);
    return {
      caseIds,
      happened: `${target} dropped every connection until each of its submissions had failed ${refusedAttempts} times (the other libraries: ${othersDelivered} of ${caseIds.length * 3} delivered meanwhile); then up`,
    };
  },
};
