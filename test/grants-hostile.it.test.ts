/**
 * Hostile input to the sharing routes, as a citizen, an administrator or a third party might send it: a NUL
 * character in a text, a year PostgreSQL cannot hold. Each is answered 400 invalid_request, never a 5xx.
 */
import { apiCall } from './support/api';
import { startWorkingService } from './support/capture-service';
import { citizens, grantBody, issuedCaseOf, thirdParties, thirdPartyToken } from './support/grants';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let caseId: string;

beforeAll(async () => {
  service = await startWorkingService('grants-hostile');
  caseId = await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
});
afterAll(() => service?.close());

test('a NUL character or a year 0 anywhere is a 400, not an internal error', async () => {
  const [citizen, admin, employer] = await Promise.all([
    tokenFor(citizens.a.username),
    tokenFor('adm.province'),
    thirdPartyToken(thirdParties.employer),
  ]);
  const nul = 'a\u0000b';
  const filter = (f: object) => encodeURIComponent(JSON.stringify(f));
  const created = await apiCall(service.api.baseUrl, 'POST', '/api/v1/grants', citizen, grantBody(caseId));
  expect(created.status).toBe(201);
  const { grant, code } = created.body as { grant: { id: string }; code: string };
  const hostile: [string, string, string, object?][] = [
    ['POST', '/api/v1/grants', citizen, grantBody(caseId, { clientId: nul })],
    ['POST', '/api/v1/grants', citizen, grantBody(caseId, { purpose: 'other', purposeText: nul })],
    ['GET', `/api/v1/grants?filter=${filter({ clientId: nul })}`, citizen],
    ['GET', `/api/v1/grants?filter=${filter({ createdFrom: '0000-01-01T00:00:00Z' })}`, citizen],
    ['POST', '/api/v1/redeem', employer, { code, profile: nul }],
    ['POST', '/api/v1/redeem', employer, { grantId: grant.id, profile: nul }],
    ['GET', '/api/v1/third-party-clients/%00', admin],
    ['PUT', '/api/v1/third-party-clients/demo-employer', admin, { registeredName: nul }],
  ];
  for (const [method, url, token, body] of hostile) {
    const answer = await apiCall(service.api.baseUrl, method, url, token, body);
    expect([method, url, answer.status, answer.body.code]).toEqual([method, url, 400, 'invalid_request']);
  }
  // Nothing was counted or changed by them.
  const row = await service.database.db('grants').where({ id: grant.id }).first();
  expect(row.reads_used).toBe(0);
});
