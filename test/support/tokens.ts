/** Real access tokens from the test Keycloak (password grant on the demo realm's CLI client). */
import { testEngineEnv } from '../../stack/jest/test-env';

export const demoPassword = 'tongpai-demo';

export async function tokenFor(username: string, password = demoPassword): Promise<string> {
  const keycloakUrl = testEngineEnv('keycloakUrl');
  const res = await fetch(`${keycloakUrl}/realms/tongpai/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'tongpai-dev-cli',
      username,
      password,
      scope: 'openid',
    }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`no token for ${username}: ${res.status} ${body.error_description ?? ''}`);
  return body.access_token;
}
