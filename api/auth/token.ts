/** Verifies Keycloak access tokens (signature from the realm's JWKS, issuer, audience, expiry) into a Principal. */
import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import { principalFromClaims, type Principal, type TokenClaims } from '../../domain/principal';
import { unauthorized } from '../problems';

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier({
  issuer,
  audience,
}: {
  issuer: string;
  audience: string;
}): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify<TokenClaims>(token, keys, { issuer, audience });
      return principalFromClaims(payload);
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthorized('The access token has expired: sign in again');
      if (err instanceof joseErrors.JOSEError) throw unauthorized();
      throw err; // e.g. Keycloak unreachable: not the caller's fault
    }
  };
}
