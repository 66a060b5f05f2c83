/**
 * The demo realm as the API sees it: each demo user and the demo third parties get an access token whose roles,
 * audience and station/region/network claims match domain/stations.ts, citizens with their verified ID number;
 * wrong credentials and flows the realm does not allow are refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { isRole, principalFromClaims, type Network, type Role, type TokenClaims } from '../domain/principal';
import { demoRegions, demoStations } from '../domain/stations';
import { testEngineEnv } from '../stack/jest/test-env';
import { testConsoleOrigin } from './support/api';
import { citizens, ensureThirdPartyStaff, thirdParties } from './support/grants';
import { ensureRealmEntries } from './support/realm-entries';
import { demoPassword, requestToken, type TokenAnswer } from './support/tokens';

const realm = 'tongpai';
const audience = 'tongpai-api';
const employer = thirdParties.employer;

interface DemoUser {
  username: string;
  role: Role;
  /** None for the province-wide administrator (an administrator with a region administers only that one). */
  regionId?: string;
  stationId?: string;
  network?: Network;
  /** A citizen's verified resident ID number (the `id_number` claim). */
  idNumber?: string;
}

const operatorStations: Record<string, string> = {
  'op.sh.pudong': 'sh-pudong-ee',
  'op.sh.xuhui': 'sh-xuhui-gov',
  'op.hz.xihu': 'hz-xihu-ps',
  'op.hz.binjiang': 'hz-binjiang-gov',
};
const regionPrefixes: Record<string, string> = { shanghai: 'sh', hangzhou: 'hz' };
const regionRoles: [string, Role][] = [
  ['rev', 'reviewer'],
  ['sup', 'supervisor'],
  ['aud', 'auditor'],
  ['adm', 'admin'],
];

const demoUsers: DemoUser[] = [
  ...Object.entries(operatorStations).map(([username, stationId]) => {
    const station = demoStations.find((s) => s.id === stationId)!;
    return {
      username,
      role: 'operator' as const,
      stationId,
      regionId: station.regionId,
      network: station.network,
    };
  }),
  ...demoRegions.flatMap((region) => [
    ...regionRoles.map(([prefix, role]) => ({
      username: `${prefix}.${regionPrefixes[region.id]}`,
      role,
      regionId: region.id,
      network: 'police' as const,
    })),
    {
      username: `citizen.${regionPrefixes[region.id]}`,
      role: 'citizen' as const,
      regionId: region.id,
      idNumber: Object.values(citizens).find((c) => c.username === `citizen.${regionPrefixes[region.id]}`)!
        .idNumber,
    },
  ]),
  { username: 'adm.province', role: 'admin', network: 'police' },
];

const oidcUrl = (endpoint: string) =>
  `${testEngineEnv('keycloakUrl')}/realms/${realm}/protocol/openid-connect/${endpoint}`;

const passwordGrant = (username: string, password = demoPassword, clientId = 'tongpai-dev-cli') =>
  requestToken({ grant_type: 'password', client_id: clientId, username, password });

function claimsOf(answer: TokenAnswer) {
  expect(answer).toMatchObject({ status: 200 });
  return decodeJwt(answer.accessToken!);
}

const tongpaiRoles = (claims: Record<string, unknown>) =>
  ((claims.realm_access as { roles?: string[] } | undefined)?.roles ?? []).filter(isRole);
const audiences = (claims: Record<string, unknown>) => [claims.aud ?? []].flat();

describe('demo realm', () => {
  test('every demo station has its operator', () => {
    expect(Object.values(operatorStations).sort()).toEqual(demoStations.map((s) => s.id).sort());
  });

  test.each(demoUsers)('$username signs in as $role with the claims of region $regionId', async (user) => {
    const claims = claimsOf(await passwordGrant(user.username));
    expect(claims.iss).toBe(`${testEngineEnv('keycloakUrl')}/realms/${realm}`);
    expect(claims.preferred_username).toBe(user.username);
    expect(claims.name).toMatch(/\p{Script=Han}/u);
    expect(tongpaiRoles(claims)).toEqual([user.role]);
    expect(audiences(claims)).toContain(audience);
    expect(claims.region_id).toBe(user.regionId);
    expect(claims.station_id).toBe(user.stationId);
    expect(claims.network).toBe(user.network);
    expect(claims.id_number).toBe(user.idNumber);
  });

  test.each(Object.values(thirdParties))(
    '$clientId gets a third_party token by client credentials, with no station, region or ID number',
    async (client) => {
      const claims = await clientClaims(client);
      expect(tongpaiRoles(claims)).toEqual(['third_party']);
      expect(audiences(claims)).toContain(audience);
      expect(claims).not.toHaveProperty('station_id');
      expect(claims).not.toHaveProperty('region_id');
      expect(claims).not.toHaveProperty('network');
      expect(claims).not.toHaveProperty('id_number');
    },
  );

  describe('institutional sharing', () => {
    const organisationClients = [
      { clientId: 'demo-shebao', secret: 'tongpai-demo-shebao-secret' },
      { clientId: 'demo-police-unit', secret: 'tongpai-demo-police-unit-secret' },
    ];
    // The shared test Keycloak may have been imported from the realm file before these were in it.
    beforeAll(() =>
      ensureRealmEntries({
        roles: ['department', 'institution'],
        clients: organisationClients.map((c) => c.clientId),
        users: ['dept.shebao', 'service-account-demo-shebao', 'service-account-demo-police-unit'],
      }),
    );

    test('the demo department user signs in as department, with a region and no station or network', async () => {
      const claims = claimsOf(await passwordGrant('dept.shebao'));
      expect(tongpaiRoles(claims)).toEqual(['department']);
      expect(claims.name).toMatch(/\p{Script=Han}/u);
      expect(claims.region_id).toBe('shanghai');
      expect(claims).not.toHaveProperty('station_id');
      expect(claims).not.toHaveProperty('network');
    });

    test.each(organisationClients)(
      '$clientId gets an institution token by client credentials',
      async (client) => {
        const claims = await clientClaims(client);
        expect(tongpaiRoles(claims)).toEqual(['institution']);
        expect(audiences(claims)).toContain(audience);
      },
    );
  });

  describe("a third party's staff member", () => {
    beforeAll(ensureThirdPartyStaff);

    test('tp.employer signs in as third_party, linked to demo-employer by its redeemer role', async () => {
      const claims = claimsOf(await passwordGrant('tp.employer'));
      expect(tongpaiRoles(claims)).toEqual(['third_party']);
      expect(claims.name).toMatch(/\p{Script=Han}/u);
      expect(audiences(claims)).toContain(audience);
      expect(claims).not.toHaveProperty('id_number');
      expect(principalFromClaims(claims as TokenClaims).clientId).toBe(employer.clientId);
    });
  });

  test('a wrong password is refused', async () => {
    expect(await passwordGrant('op.sh.pudong', 'not-the-password')).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
  });

  test('a wrong client secret is refused', async () => {
    const answer = await requestToken({
      grant_type: 'client_credentials',
      client_id: employer.clientId,
      client_secret: 'wrong',
    });
    expect(answer).toEqual({ status: 401, error: 'unauthorized_client' });
  });

  test('the console signs in through the browser flow with PKCE S256, from the test console origin', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = `${testConsoleOrigin}/`;
    const authorize = `${oidcUrl('auth')}?${new URLSearchParams({
      client_id: 'tongpai-console',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })}`;
    const loginPage = await fetch(authorize);
    const cookie = loginPage.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const action = /<form id="kc-form-login"[^>]* action="([^"]+)"/.exec(await loginPage.text())?.[1];
    expect(action).toBeDefined();
    const login = await fetch(action!.replaceAll('&amp;', '&'), {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ username: 'op.hz.xihu', password: demoPassword }),
      redirect: 'manual',
    });
    const code = new URL(login.headers.get('location') ?? 'about:blank').searchParams.get('code');
    expect(code).toBeTruthy();
    const claims = claimsOf(
      await requestToken({
        grant_type: 'authorization_code',
        client_id: 'tongpai-console',
        code: code!,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    );
    expect(claims.azp).toBe('tongpai-console');
    expect(audiences(claims)).toContain(audience);
    expect(claims.station_id).toBe('hz-xihu-ps');
  });

  test('the console client allows no password grant (it signs in through the browser with PKCE)', async () => {
    expect(await passwordGrant('op.sh.pudong', demoPassword, 'tongpai-console')).toEqual({
      status: 400,
      error: 'unauthorized_client',
    });
  });
});

/** A client's token by client credentials, checked to name the client; its claims. */
async function clientClaims(client: { clientId: string; secret: string }) {
  const claims = claimsOf(
    await requestToken({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    }),
  );
  expect(claims.azp).toBe(client.clientId);
  return claims;
}
