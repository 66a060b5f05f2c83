/**
 * Real access tokens from Keycloak's token endpoint: the test Keycloak unless another server is named (the
 * stack that `npm start` runs in its own test).
 */
import { testEngineEnv } from '../../stack/jest/test-env';

export const demoPassword = 'tongpai-demo';

export interface TokenAnswer {
  status: number;
  accessToken?: string;
  error?: string;
}

/** Any grant on the demo realm's token endpoint, answered as it came (refusals included). */
export async function requestToken(
  form: Record<string, string>,
  keycloakUrl = testEngineEnv('keycloakUrl'),
): Promise<TokenAnswer> {
  const res = await fetch(`${keycloakUrl}/realms/tongpai/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as { access_token?: string; error?: string };
  return {
    status: res.status,
    ...(body.access_token ? { accessToken: body.access_token } : {}),
    ...(body.error ? { error: body.error } : {}),
  };
}

/** A demo user's access token (password grant on the CLI client); throws when Keycloak refuses. */
export async function tokenFor(
  username: string,
  { password = demoPassword, keycloakUrl = testEngineEnv('keycloakUrl') } = {},
): Promise<string> {
  const form = { grant_type: 'password', client_id: 'tongpai-dev-cli', username, password, scope: 'openid' };
  const answer = await requestToken(form, keycloakUrl);
  if (!answer.accessToken)
    throw new Error(`no token for ${username}: ${answer.status} ${answer.error ?? ''}`);
  return answer.accessToken;
}
