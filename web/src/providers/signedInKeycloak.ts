import type Keycloak from 'keycloak-js';
import type { TokenClaims } from '../../../domain/principal';
import { createKeycloak } from './keycloak';

/**
 * For tests: a real keycloak-js instance in the state keycloak.init() leaves after a sign-in, holding
 * `token` (and its parsed `claims` when given); nothing is fetched from a server.
 */
export function signedInKeycloak(token: string, claims?: TokenClaims): Keycloak {
  const keycloak = createKeycloak({
    keycloakUrl: 'http://keycloak.test',
    realm: 'tongpai',
    clientId: 'tongpai-console',
  });
  keycloak.authenticated = true;
  keycloak.token = token;
  if (claims) keycloak.tokenParsed = claims as Keycloak['tokenParsed'];
  return keycloak;
}
