/**
 * react-admin's view of the Keycloak session. Access decisions use the same CASL rules as the API
 * (domain/ability.ts), so the console hides exactly what the API would refuse.
 */
import type Keycloak from 'keycloak-js';
import type { AuthProvider, UserIdentity } from 'react-admin';
import { actions, defineAbilityFor, tag, type Action, type SubjectType } from '../../../domain/ability';
import { principalFromClaims, type Principal, type Role, type TokenClaims } from '../../../domain/principal';

/** react-admin resources and the CASL subjects they show. */
const subjectOfResource: Record<string, SubjectType> = {
  cases: 'Case',
  captures: 'Capture',
  stations: 'Station',
  /** The review queues: cases seen in order to take and decide them. */
  review: 'Case',
  /** The administrators' upstream page: the libraries, and the manual queue of their cases' submissions. */
  'upstream-targets': 'UpstreamTarget',
  'upstream-queue': 'Case',
  /** The audit page: the audit trail's verification and search, and a photo's whole history. */
  audit: 'AuditTrail',
  /** The 驾驶舱 page and the big screen. */
  dashboard: 'Dashboard',
  /** A citizen's photo taken on their own phone. */
  'self-capture': 'SelfCapture',
  /** Institutional sharing: the catalogue, organisations, applications and the interface-call monitoring. */
  'catalogue-entries': 'CatalogueEntry',
  organisations: 'Organisation',
  applications: 'Application',
  'interface-clients': 'InterfaceClient',
  /** The administrators' grants page, the third parties and their webhooks' delivery logs. */
  grants: 'Grant',
  'third-party-clients': 'ThirdPartyClient',
  'webhook-deliveries': 'ThirdPartyClient',
  /** A citizen's own photos, grants and access log, and the third party's page to redeem a code. */
  'my-photos': 'Grant',
  'my-grants': 'Grant',
  'my-access-log': 'Grant',
  redeem: 'Grant',
};

/** Pages for one kind of person only (an administrator may read grants too, but has no photos of their own). */
const roleOfResource: Record<string, Role> = {
  'my-photos': 'citizen',
  'my-grants': 'citizen',
  'my-access-log': 'citizen',
  redeem: 'third_party',
  /** The administrators' page of every grant (a citizen has their own). */
  grants: 'admin',
};

/** Resources whose pages are for acting on cases (claiming, resubmitting), not only reading them. */
const viewActionOfResource: Record<string, Action> = {
  review: 'claim',
  'upstream-queue': 'resubmit',
  redeem: 'redeem',
};

/**
 * react-admin actions as CASL actions: viewing is reading (or what the resource's pages are for), the
 * lifecycle's own actions (claim, decide, retake…) are themselves, and any other change needs `manage`.
 */
export function abilityActionOf(action: string, resource = ''): Action {
  if (action === 'list' || action === 'show' || action === 'export')
    return viewActionOfResource[resource] ?? 'read';
  if ((actions as readonly string[]).includes(action)) return action as Action;
  return 'manage';
}

/** A 403 from the API: react-admin shows the message and keeps the user signed in (`logoutUser: false`). */
export class AccessDeniedError extends Error {
  readonly code = 'ACCESS_DENIED';
  readonly logoutUser = false;
  constructor() {
    super('tongpai.errors.access_denied');
    this.name = 'AccessDeniedError';
  }
}

export interface TongpaiIdentity extends UserIdentity {
  id: string;
  fullName: string;
  principal: Principal;
}

type KeycloakSession = Pick<Keycloak, 'authenticated' | 'token' | 'tokenParsed' | 'logout'>;

export function principalOf(keycloak: KeycloakSession): Principal {
  if (!keycloak.authenticated || !keycloak.tokenParsed) throw new Error('Not signed in');
  return principalFromClaims(keycloak.tokenParsed as TokenClaims);
}

export function createAuthProvider(keycloak: KeycloakSession): AuthProvider {
  return {
    // keycloak-js signed the user in before the app rendered; there is no react-admin login form.
    login: async () => undefined,
    async logout() {
      // Keycloak sends the browser back to this page, where login is required again: no react-admin redirect.
      if (keycloak.authenticated) await keycloak.logout();
      return false;
    },
    async checkAuth() {
      if (!keycloak.authenticated || !keycloak.token) throw new Error('Not signed in');
    },
    async checkError(error: { status?: number }) {
      if (error?.status === 401) throw new Error('tongpai.errors.session_expired');
      if (error?.status === 403) throw new AccessDeniedError();
    },
    async getIdentity(): Promise<TongpaiIdentity> {
      const principal = principalOf(keycloak);
      return { id: principal.subject, fullName: principal.displayName, principal };
    },
    async canAccess({ action, resource, record }) {
      const subject = subjectOfResource[resource];
      if (!subject || !keycloak.authenticated) return false;
      const principal = principalOf(keycloak);
      const role = roleOfResource[resource];
      if (role && !principal.roles.includes(role)) return false;
      const ability = defineAbilityFor(principal);
      const abilityAction = abilityActionOf(action, resource);
      return record ? ability.can(abilityAction, tag(subject, record)) : ability.can(abilityAction, subject);
    },
  };
}
