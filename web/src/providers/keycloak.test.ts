import { ClientConfigError, fetchClientConfig } from './keycloak';

const answer =
  (body: unknown, status = 200) =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('client configuration', () => {
  it('reads the Keycloak realm and client from the API', async () => {
    const config = { keycloakUrl: 'http://localhost:8080', realm: 'tongpai', clientId: 'tongpai-console' };
    await expect(fetchClientConfig(answer(config))).resolves.toEqual(config);
  });

  it('says clearly when the API cannot give it', async () => {
    await expect(fetchClientConfig(answer({ realm: 'tongpai' }))).rejects.toThrow(ClientConfigError);
    await expect(fetchClientConfig(answer({}, 502))).rejects.toThrow('HTTP 502');
    const unreachable = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(fetchClientConfig(unreachable)).rejects.toThrow('fetch failed');
  });
});
