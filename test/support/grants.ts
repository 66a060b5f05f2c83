/** Sharing in tests: the demo citizens and third parties, their tokens, and an issued photo set of a citizen's. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config';
import { apiCall, captureForm, waitForCase } from './api';
import { thirdPartyStaffRole } from '../../domain/principal';
import { ensureRealmEntries } from './realm-entries';
import { requestToken } from './tokens';

/** The demo realm's citizens and the verified ID numbers on their accounts. */
export const citizens = {
  a: { username: 'citizen.sh', idNumber: '310115198803120049' },
  b: { username: 'citizen.hz', idNumber: '330106199207150083' },
} as const;

export const thirdParties = {
  employer: { clientId: 'demo-employer', secret: 'tongpai-demo-employer-secret' },
  examCentre: { clientId: 'demo-exam-centre', secret: 'tongpai-demo-exam-centre-secret' },
} as const;

/** The demo third party's staff member (tp.employer, client role redeemer of demo-employer) in the test Keycloak. */
export const ensureThirdPartyStaff = () =>
  ensureRealmEntries({
    roles: [],
    clients: [],
    users: ['tp.employer'],
    clientRoles: { [thirdParties.employer.clientId]: [thirdPartyStaffRole] },
  });

/** A third party's access token by client credentials (the demo realm's tokens live 5 minutes: fetch per test). */
export async function thirdPartyToken({ clientId, secret }: { clientId: string; secret: string }) {
  const answer = await requestToken({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
  });
  if (!answer.accessToken)
    throw new Error(`no token for ${clientId}: ${answer.status} ${answer.error ?? ''}`);
  return answer.accessToken;
}

/** Passes every profile's checks: a resident's case is issued without a person. */
const goodFace = () => path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

/** A citizen's photo captured at a Shanghai window (by `op.sh.pudong`, whose token is given) and issued. */
export async function issuedCaseOf(baseUrl: string, operator: string, idNumber: string): Promise<string> {
  const form = captureForm(await fs.readFile(goodFace()), { personName: '马超', idNumber });
  const captured = await apiCall(baseUrl, 'POST', '/api/v1/captures', operator, form);
  if (captured.status !== 202) throw new Error(`capture refused: ${JSON.stringify(captured.body)}`);
  const caseId = (captured.body as { caseId: string }).caseId;
  await waitForCase(baseUrl, operator, caseId, 'issued', 180_000);
  return caseId;
}

/** A grant's creation body: the ID card photo for employment, for a day, 5 reads, unless told otherwise. */
export const grantBody = (caseId: string, fields: Record<string, unknown> = {}) => ({
  caseId,
  profiles: ['id_card'],
  purpose: 'employment',
  expiresAt: new Date(Date.now() + 86400_000).toISOString(),
  maxReads: 5,
  ...fields,
});
