import { principalFromClaims } from './principal';

describe('principal from token claims', () => {
  test('an operator carries roles, station, region and network', () => {
    const p = principalFromClaims({
      sub: 'u-1',
      preferred_username: 'op.sh.pudong',
      name: '芳 王',
      given_name: '芳',
      family_name: '王',
      realm_access: { roles: ['operator', 'offline_access', 'default-roles-tongpai'] },
      station_id: 'sh-pudong-ee',
      region_id: 'shanghai',
      network: 'police',
      azp: 'tongpai-console',
    });
    expect(p).toEqual({
      subject: 'u-1',
      username: 'op.sh.pudong',
      displayName: '王芳',
      roles: ['operator'],
      stationId: 'sh-pudong-ee',
      regionId: 'shanghai',
      network: 'police',
      clientId: 'tongpai-console',
    });
  });

  test('Latin names keep Keycloak order; unknown networks are dropped', () => {
    const p = principalFromClaims({
      sub: 'u-2',
      name: 'Anna Schmidt',
      given_name: 'Anna',
      family_name: 'Schmidt',
      network: 'internet',
    });
    expect(p.displayName).toBe('Anna Schmidt');
    expect(p.network).toBeUndefined();
    expect(p.roles).toEqual([]);
  });

  test("a third party's staff member signed in to the console acts for the client whose redeemer role they hold", () => {
    const staff = (roles: string[], resourceAccess: Record<string, { roles: string[] }>) =>
      principalFromClaims({
        preferred_username: 'tp.employer',
        realm_access: { roles },
        resource_access: resourceAccess,
        azp: 'tongpai-console',
      }).clientId;
    expect(staff(['third_party'], { 'demo-employer': { roles: ['redeemer'] } })).toBe('demo-employer');
    // Not without the third_party role, nor with another client role, nor when two clients would be ambiguous.
    expect(staff(['citizen'], { 'demo-employer': { roles: ['redeemer'] } })).toBe('tongpai-console');
    expect(staff(['third_party'], { 'demo-employer': { roles: ['viewer'] } })).toBe('tongpai-console');
    expect(
      staff(['third_party'], {
        'demo-employer': { roles: ['redeemer'] },
        'demo-exam-centre': { roles: ['redeemer'] },
      }),
    ).toBe('tongpai-console');
  });
});
