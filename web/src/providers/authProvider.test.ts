import type { TokenClaims } from '../../../domain/principal';
import { abilityActionOf, AccessDeniedError, createAuthProvider, type TongpaiIdentity } from './authProvider';
import { signedInKeycloak } from './signedInKeycloak';

const signedIn = (claims: TokenClaims) => signedInKeycloak('access-token', claims);

const pudongOperator: TokenClaims = {
  sub: 'u-1',
  preferred_username: 'op.sh.pudong',
  name: '王芳',
  realm_access: { roles: ['operator', 'offline_access'] },
  station_id: 'sh-pudong-ee',
  region_id: 'shanghai',
  network: 'police',
};
const shanghaiReviewer: TokenClaims = {
  sub: 'u-2',
  preferred_username: 'rv.sh',
  realm_access: { roles: ['reviewer'] },
  region_id: 'shanghai',
};
const citizen: TokenClaims = {
  sub: 'u-3',
  preferred_username: 'citizen',
  realm_access: { roles: ['citizen'] },
};
const admin: TokenClaims = { sub: 'u-4', preferred_username: 'admin', realm_access: { roles: ['admin'] } };

const pudongCase = { id: 'c-1', stationId: 'sh-pudong-ee', regionId: 'shanghai' };
const xuhuiCase = { id: 'c-2', stationId: 'sh-xuhui-gov', regionId: 'shanghai' };
const hangzhouCase = { id: 'c-3', stationId: 'hz-xihu-ps', regionId: 'hangzhou' };

const canAccess = (claims: TokenClaims, action: string, resource: string, record?: Record<string, unknown>) =>
  createAuthProvider(signedIn(claims)).canAccess!({ action, resource, ...(record ? { record } : {}) });

describe('authProvider.canAccess (shared CASL rules)', () => {
  it('maps react-admin actions to CASL actions', () => {
    expect(['list', 'show', 'export'].map((a) => abilityActionOf(a))).toEqual(['read', 'read', 'read']);
    expect(abilityActionOf('create')).toBe('create');
    expect(['edit', 'delete', 'clone'].map((a) => abilityActionOf(a))).toEqual([
      'manage',
      'manage',
      'manage',
    ]);
    expect(['claim', 'decide', 'approveSecond', 'retake'].map((a) => abilityActionOf(a))).toEqual([
      'claim',
      'decide',
      'approveSecond',
      'retake',
    ]);
    expect(abilityActionOf('list', 'review')).toBe('claim');
  });

  it('opens the review queue to reviewers and supervisors of the region only', async () => {
    expect(await canAccess(shanghaiReviewer, 'list', 'review')).toBe(true);
    expect(await canAccess(shanghaiReviewer, 'show', 'review', xuhuiCase)).toBe(true);
    expect(await canAccess(shanghaiReviewer, 'show', 'review', hangzhouCase)).toBe(false);
    expect(await canAccess(shanghaiReviewer, 'decide', 'cases', xuhuiCase)).toBe(true);
    expect(await canAccess(shanghaiReviewer, 'approveSecond', 'cases', xuhuiCase)).toBe(false);
    expect(await canAccess(pudongOperator, 'list', 'review')).toBe(false);
    expect(await canAccess(pudongOperator, 'retake', 'cases', pudongCase)).toBe(true);
    expect(await canAccess(pudongOperator, 'decide', 'cases', pudongCase)).toBe(false);
  });

  it("lets an operator capture, and read the cases of the operator's own station only", async () => {
    expect(await canAccess(pudongOperator, 'create', 'captures')).toBe(true);
    expect(await canAccess(pudongOperator, 'list', 'cases')).toBe(true);
    expect(await canAccess(pudongOperator, 'show', 'cases', pudongCase)).toBe(true);
    expect(await canAccess(pudongOperator, 'show', 'cases', xuhuiCase)).toBe(false);
    expect(await canAccess(pudongOperator, 'list', 'stations')).toBe(true);
    expect(await canAccess(pudongOperator, 'edit', 'cases', pudongCase)).toBe(false);
    expect(await canAccess(pudongOperator, 'delete', 'cases', pudongCase)).toBe(false);
  });

  it('lets a reviewer read the cases of the region, but not capture', async () => {
    expect(await canAccess(shanghaiReviewer, 'create', 'captures')).toBe(false);
    expect(await canAccess(shanghaiReviewer, 'show', 'cases', xuhuiCase)).toBe(true);
    expect(await canAccess(shanghaiReviewer, 'show', 'cases', hangzhouCase)).toBe(false);
  });

  it('shows a citizen their own pages and no staff page', async () => {
    const withIdNumber: TokenClaims = { ...citizen, id_number: '310115198803120049' };
    for (const resource of ['cases', 'captures', 'stations', 'redeem']) {
      expect(await canAccess(withIdNumber, 'list', resource)).toBe(false);
    }
    expect(await canAccess(withIdNumber, 'create', 'captures')).toBe(false);
    for (const resource of ['my-photos', 'my-grants', 'my-access-log'])
      expect(await canAccess(withIdNumber, 'list', resource)).toBe(true);
    expect(await canAccess(withIdNumber, 'create', 'my-grants')).toBe(true);
  });

  it("shows the third-party page to a third party's staff only, and the citizen's pages to citizens only", async () => {
    const staff: TokenClaims = {
      sub: 'u-5',
      preferred_username: 'tp.employer',
      realm_access: { roles: ['third_party'] },
      resource_access: { 'demo-employer': { roles: ['redeemer'] } },
      azp: 'tongpai-console',
    };
    expect(await canAccess(staff, 'list', 'redeem')).toBe(true);
    expect(await canAccess(staff, 'list', 'my-photos')).toBe(false);
    // An administrator reads grants of their region, but has no photos, grants or log of their own here.
    for (const resource of ['my-photos', 'my-grants', 'my-access-log', 'redeem'])
      expect(await canAccess({ ...admin, region_id: 'shanghai' }, 'list', resource)).toBe(false);
  });

  it('lets an administrator do everything, but knows no other resource', async () => {
    expect(await canAccess(admin, 'edit', 'cases', hangzhouCase)).toBe(true);
    expect(await canAccess(admin, 'create', 'captures')).toBe(true);
    expect(await canAccess(admin, 'list', 'grants')).toBe(true);
    expect(await canAccess(admin, 'edit', 'third-party-clients')).toBe(true);
    expect(await canAccess(admin, 'list', 'payments')).toBe(false);
  });

  it('shows the third parties to staff who are administrators only', async () => {
    for (const user of [pudongOperator, shanghaiReviewer, citizen])
      expect(await canAccess(user, 'list', 'third-party-clients')).toBe(false);
  });

  it('shows the upstream page to administrators only; pausing a library to a province-wide one', async () => {
    const shanghaiAdmin: TokenClaims = { ...admin, region_id: 'shanghai' };
    for (const claims of [admin, shanghaiAdmin]) {
      expect(await canAccess(claims, 'list', 'upstream-targets')).toBe(true);
      expect(await canAccess(claims, 'list', 'upstream-queue')).toBe(true);
    }
    expect(await canAccess(admin, 'manage', 'upstream-targets')).toBe(true);
    expect(await canAccess(shanghaiAdmin, 'manage', 'upstream-targets')).toBe(false);
    expect(await canAccess(shanghaiAdmin, 'resubmit', 'cases', xuhuiCase)).toBe(true);
    expect(await canAccess(shanghaiAdmin, 'resubmit', 'cases', hangzhouCase)).toBe(false);
    for (const claims of [pudongOperator, shanghaiReviewer, citizen]) {
      expect(await canAccess(claims, 'list', 'upstream-targets')).toBe(false);
      expect(await canAccess(claims, 'list', 'upstream-queue')).toBe(false);
    }
  });

  it('denies everything once the session is gone', async () => {
    const keycloak = signedIn(pudongOperator);
    keycloak.authenticated = false;
    expect(await createAuthProvider(keycloak).canAccess!({ action: 'list', resource: 'cases' })).toBe(false);
  });
});

describe('authProvider session', () => {
  it('gives the identity from the token: display name and principal', async () => {
    const identity = (await createAuthProvider(signedIn(pudongOperator)).getIdentity!()) as TongpaiIdentity;
    expect(identity).toMatchObject({ id: 'u-1', fullName: '王芳' });
    expect(identity.principal).toMatchObject({
      roles: ['operator'],
      stationId: 'sh-pudong-ee',
      regionId: 'shanghai',
    });
  });

  it('checks the session', async () => {
    const keycloak = signedIn(pudongOperator);
    const authProvider = createAuthProvider(keycloak);
    await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
    keycloak.token = undefined;
    await expect(authProvider.checkAuth({})).rejects.toThrow();
  });

  it('signs out on 401, keeps the user signed in on 403 with "access denied", ignores other errors', async () => {
    const authProvider = createAuthProvider(signedIn(pudongOperator));
    await expect(authProvider.checkError({ status: 401 })).rejects.toThrow('tongpai.errors.session_expired');
    const denied = await authProvider.checkError({ status: 403 }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect(denied).toMatchObject({ logoutUser: false, message: 'tongpai.errors.access_denied' });
    await expect(authProvider.checkError({ status: 500 })).resolves.toBeUndefined();
  });

  it('logs out at Keycloak and leaves the redirect to it', async () => {
    const keycloak = signedIn(pudongOperator);
    const logout = jest.spyOn(keycloak, 'logout').mockResolvedValue(undefined);
    await expect(createAuthProvider(keycloak).logout({})).resolves.toBe(false);
    expect(logout).toHaveBeenCalledTimes(1);
  });
});
