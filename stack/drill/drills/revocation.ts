/**
 * Revocation after delivery: an administrator revokes each delivered case, and every library gets one recall
 * per case, though half the recall calls are first answered 503 (retried as the library's Retry-After asks).
 */
import { tokenFor } from '../../../test/support/tokens';
import { administrator, captureResidents, waitForSubmissions } from '../cases';
import type { Drill } from '../run';

export const revocation: Drill = {
  name: 'revocation after delivery',
  async run({ stack, cases }) {
    const caseIds = await captureResidents(stack, cases);
    await waitForSubmissions(stack, caseIds);
    await stack.setFaults({ errorRate: 0.5 });
    const token = await tokenFor(administrator, { keycloakUrl: stack.keycloakUrl });
    for (const caseId of caseIds) {
      const res = await fetch(`${stack.apiUrl}/api/v1/cases/${caseId}/revocation`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reasonCode: 'wrong_person', note: 'fault drill' }),
      });
      if (res.status !== 200) throw new Error(`revocation refused: ${res.status} ${await res.text()}`);
    }
    await waitForSubmissions(stack, caseIds, { state: 'recalled' });
    const refused = stack.simulatorEvents.filter(
      (e) => e.fault === 'error' && e.path?.endsWith('/recalls'),
    ).length;
    return {
      caseIds,
      recalls: true,
      happened: `${caseIds.length} delivered cases revoked by ${administrator}; ${refused} recall calls answered 503 and retried`,
    };
  },
};
