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

export function principalFromClaims(claims: TokenClaims): Principal {
  const username = claims.preferred_username ?? claims.sub ?? 'unknown';
  const network = networks.find((n) => n === claims.network);
  return {
    subject: claims.sub ?? username,
    username,
    displayName: displayName(claims) ?? username,
    roles: (claims.realm_access?.roles ?? []).filter(isRole),
    ...(claims.station_id ? { stationId: claims.station_id } : {}),
    ...(claims.region_id ? { regionId: claims.region_id } : {}),
    ...(network ? { network } : {}),
    ...(claims.id_number ? { idNumber: claims.id_number.toUpperCase() } : {}),
    ...(claims.azp ? { clientId: claims.azp } : {}),
  };
}
