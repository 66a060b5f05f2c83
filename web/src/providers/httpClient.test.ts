import { HttpError } from 'ra-core';
import { createApiClient, TOKEN_MIN_VALIDITY_SECONDS } from './httpClient';
import { signedInKeycloak } from './signedInKeycloak';
import type { Problem } from './problem';

// keycloak-js holding a token; only the call to Keycloak's token endpoint is replaced in these tests.
const keycloakWithToken = (token: string) => signedInKeycloak(token);

const okJson = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

describe('API client: token refresh', () => {
  it('refreshes the token before each request and sends the fresh one', async () => {
    const keycloak = keycloakWithToken('old-token');
    const updateToken = jest.spyOn(keycloak, 'updateToken').mockImplementation(async () => {
      keycloak.token = 'fresh-token';
      return true;
    });
    const fetch = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => okJson([]));
    const client = createApiClient({ keycloak, getLocale: () => 'zh-CN', fetch });

    await client.json('/api/v1/cases');

    expect(updateToken).toHaveBeenCalledWith(TOKEN_MIN_VALIDITY_SECONDS);
    expect(updateToken.mock.invocationCallOrder[0]).toBeLessThan(fetch.mock.invocationCallOrder[0]!);
    const headers = new Headers(fetch.mock.calls[0]![1]!.headers);
    expect(headers.get('Authorization')).toBe('Bearer fresh-token');
    expect(headers.get('Accept-Language')).toBe('zh-CN');
  });

  it('answers 401 without calling the API when Keycloak ended the session', async () => {
    const keycloak = keycloakWithToken('old-token');
    jest.spyOn(keycloak, 'updateToken').mockImplementation(async () => {
      keycloak.token = undefined; // what keycloak-js does when the refresh is refused
      throw new Error('refresh refused');
    });
    const fetch = jest.fn(async () => okJson([]));
    const client = createApiClient({ keycloak, getLocale: () => 'en', fetch });

    const error = await client.json('/api/v1/cases').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401, message: 'tongpai.errors.session_expired' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('does not sign out when Keycloak is only unreachable', async () => {
    const keycloak = keycloakWithToken('old-token');
    jest.spyOn(keycloak, 'updateToken').mockRejectedValue(new TypeError('fetch failed'));
    const client = createApiClient({ keycloak, getLocale: () => 'en', fetch: jest.fn() });

    await expect(client.json('/api/v1/cases')).rejects.toMatchObject({ status: 503 });
  });
});

describe('API client: problem details', () => {
  const problem: Problem = {
    type: 'https://tongpai.dev/problems/validation',
    title: 'Invalid capture',
    status: 400,
    detail: 'idNumber: checksum',
    code: 'VALIDATION_FAILED',
    messages: { zh: '采集信息有误', en: 'The capture has errors' },
    errors: [{ field: 'idNumber', messages: { zh: '校验码不符', en: 'Check character does not match' } }],
  };
  const problemResponse = () =>
    new Response(JSON.stringify(problem), {
      status: 400,
      headers: { 'Content-Type': 'application/problem+json' },
    });

  it.each([
    ['zh-CN', '采集信息有误', '校验码不符'],
    ['en', 'The capture has errors', 'Check character does not match'],
  ])(
    'shows the messages in the current language (%s), field errors by field',
    async (locale, message, field) => {
      const keycloak = keycloakWithToken('t');
      jest.spyOn(keycloak, 'updateToken').mockResolvedValue(false);
      const client = createApiClient({
        keycloak,
        getLocale: () => locale,
        fetch: async () => problemResponse(),
      });

      const error = await client.json('/api/v1/captures', { method: 'POST' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({
        status: 400,
        message,
        body: { errors: { idNumber: field, root: { serverError: message } }, problem },
      });
    },
  );

  it('keeps problems without field errors out of form validation', async () => {
    const keycloak = keycloakWithToken('t');
    jest.spyOn(keycloak, 'updateToken').mockResolvedValue(false);
    const unsupported = { ...problem, status: 415, code: 'unsupported_format', errors: undefined };
    const fetch = async () => new Response(JSON.stringify(unsupported), { status: 415 });
    const client = createApiClient({ keycloak, getLocale: () => 'zh-CN', fetch });

    const error = (await client.json('/api/v1/captures').catch((e: unknown) => e)) as HttpError;

    expect(error.message).toBe('采集信息有误');
    expect(error.body).toEqual({ problem: unsupported });
  });

  it('keeps the status of answers that are not problem details', async () => {
    const keycloak = keycloakWithToken('t');
    jest.spyOn(keycloak, 'updateToken').mockResolvedValue(false);
    const fetch = async () => new Response('upstream down', { status: 502, statusText: 'Bad Gateway' });
    const client = createApiClient({ keycloak, getLocale: () => 'en', fetch });

    await expect(client.json('/api/v1/cases')).rejects.toMatchObject({ status: 502, message: 'Bad Gateway' });
  });
});
