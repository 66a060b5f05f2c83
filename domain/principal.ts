/** Who is calling: built by the API from a verified Keycloak access token, and by the console from its token. */
import type { Principal } from './schemas';

export type { Principal };

export const roles = [
  'operator',
  'reviewer',
  'supervisor',
  'auditor',
  'admin',
  'citizen',
  'third_party',
  /** A department's or police unit's staff member who applies for catalogue entries (a named contact). */
  'department',
  /** An organisation's Keycloak client (client credentials): lookups and tools within its approvals. */
  'institution',
] as const;
export type Role = (typeof roles)[number];

export const networks = ['police', 'gov'] as const;
export type Network = (typeof networks)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** The claims Tongpai reads from a Keycloak access token (the realm's `tongpai` client scope adds the custom ones). */
export interface TokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  azp?: string;
  realm_access?: { roles?: string[] };
  /** Client roles, by client id: a third party's staff member holds `redeemer` of that third party's client. */
  resource_access?: Record<string, { roles?: string[] }>;
  station_id?: string;
  region_id?: string;
  network?: string;
  /** A citizen's resident ID number, verified by an administrator before it is set on their account. */
  id_number?: string;
}

const cjk = /[\u3400-\u9fff]/;

/** Chinese names are written family name first, without a space (Keycloak's `name` claim is given + family). */
function displayName({ name, given_name: given, family_name: family }: TokenClaims): string | undefined {
  if (given && family && (cjk.test(given) || cjk.test(family))) return `${family}${given}`;
  return name;
}

/** The client role that links a person (signed in to the console) to the third party they act for. */
export const thirdPartyStaffRole = 'redeemer';

/**
 * The third party's client a signed-in person acts for: the one client whose `redeemer` role they hold, when
 * they have the third_party role (a third party's own token, by client credentials, is its client: `azp`).
 */
function linkedThirdParty(claims: TokenClaims, roles: Role[]): string | undefined {
  if (!roles.includes('third_party')) return undefined;
  const linked = Object.entries(claims.resource_access ?? {}).filter(([, access]) =>
    access.roles?.includes(thirdPartyStaffRole),
  );
  return linked.length === 1 ? linked[0]![0] : undefined;
}

export function principalFromClaims(claims: TokenClaims): Principal {
  const username = claims.preferred_username ?? claims.sub ?? 'unknown';
  const network = networks.find((n) => n === claims.network);
  const roles = (claims.realm_access?.roles ?? []).filter(isRole);
  const clientId = linkedThirdParty(claims, roles) ?? claims.azp;
  return {
    subject: claims.sub ?? username,
    username,
    displayName: displayName(claims) ?? username,
    roles,
    ...(claims.station_id ? { stationId: claims.station_id } : {}),
    ...(claims.region_id ? { regionId: claims.region_id } : {}),
    ...(network ? { network } : {}),
    ...(claims.id_number ? { idNumber: claims.id_number.toUpperCase() } : {}),
    ...(clientId ? { clientId } : {}),
  };
}
