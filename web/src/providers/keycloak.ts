/**
 * Signing in: the API tells the console which Keycloak realm and client to use, then keycloak-js runs the
 * authorization-code flow with PKCE. The console has no public page, so login is required from the start.
 */
import Keycloak from 'keycloak-js';

export interface ClientConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

export class ClientConfigError extends Error {
  readonly code = 'CLIENT_CONFIG_UNAVAILABLE';
  constructor(detail: string) {
    super(`Cannot read /api/v1/client-config: ${detail}`);
    this.name = 'ClientConfigError';
  }
}

const isClientConfig = (value: unknown): value is ClientConfig =>
  typeof value === 'object' &&
  value !== null &&
  ['keycloakUrl', 'realm', 'clientId'].every(
    (key) => typeof (value as Record<string, unknown>)[key] === 'string',
  );

export async function fetchClientConfig(fetchImpl: typeof fetch = fetch): Promise<ClientConfig> {
  const response = await fetchImpl('/api/v1/client-config', {
    headers: { Accept: 'application/json' },
  }).catch((error: unknown) => {
    throw new ClientConfigError(error instanceof Error ? error.message : String(error));
  });
  if (!response.ok) throw new ClientConfigError(`HTTP ${response.status}`);
  const body: unknown = await response.json().catch(() => undefined);
  if (!isClientConfig(body)) throw new ClientConfigError('the answer lacks keycloakUrl, realm or clientId');
  return body;
}

export const createKeycloak = ({ keycloakUrl, realm, clientId }: ClientConfig): Keycloak =>
  new Keycloak({ url: keycloakUrl, realm, clientId });

/**
 * Resolves once the user is signed in (keycloak-js redirects to the login page first when needed).
 * `locale` is the language of Keycloak's login page.
 */
export async function startKeycloakSession({ locale }: { locale: string }): Promise<Keycloak> {
  const keycloak = createKeycloak(await fetchClientConfig());
  // The session iframe needs third-party cookies, which browsers block; tokens are refreshed before each call instead.
  await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false, locale });
  return keycloak;
}
