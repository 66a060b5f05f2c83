/**
 * A validation rejection (422) of one library's submission of every case: it waits in the manual queue with
 * the library's reason, an administrator has the photos rendered again and resubmits (the API), and the
 * library issues exactly one receipt for it.
 */
import type { UpstreamTarget } from '../../../domain/upstream';
import { tokenFor } from '../../../test/support/tokens';
import { administrator, captureResidents, waitForRows, waitForSubmissions } from '../cases';
import type { Drill } from '../run';

const target: UpstreamTarget = 'exit_entry';

export const manualQueue: Drill = {
  name: '4xx rejection, corrected and resubmitted',
  async run({ stack, cases }) {
    await stack.setFaults({ rejectNext: cases, targets: [target] });
    const caseIds = await captureResidents(stack, cases);
    await waitForRows(
      stack,
      caseIds,
      `every ${target} submission rejected, the others delivered`,
      (rows) =>
        rows.length === caseIds.length * 4 &&
        rows.every((r) => r.state === (r.target === target ? 'rejected' : 'delivered')),
    );
    const token = await tokenFor(administrator, { keycloakUrl: stack.keycloakUrl });
    const queue = (await (
      await fetch(`${stack.apiUrl}/api/v1/upstream-queue`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { caseId: string; target: string }[];
    const queued = queue.filter((e) => caseIds.includes(e.caseId) && e.target === target).length;
    if (queued !== caseIds.length)
      throw new Error(`${queued} of ${caseIds.length} rejected submissions in the manual queue`);
    for (const caseId of caseIds) {
      const res = await fetch(`${stack.apiUrl}/api/v1/cases/${caseId}/upstream/${target}/resubmit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'fault drill: photos rendered again', correct: true }),
      });
      if (res.status !== 200) throw new Error(`resubmission refused: ${res.status} ${await res.text()}`);
    }
    await waitForSubmissions(stack, caseIds);
    return {
      caseIds,
      happened: `${target} refused each case's submission (422); ${queued} in the manual queue, corrected and resubmitted by ${administrator}`,
    };
  },
};
