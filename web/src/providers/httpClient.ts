/**
 * Every API call goes through here: refresh the access token when it is about to expire, send it as a bearer
 * token, and turn failures into HttpErrors whose message is in the console's language (react-admin translates
 * messages that are i18n keys, so errors raised here use keys).
 */
import type Keycloak from 'keycloak-js';
import { HttpError } from 'ra-core';
import { httpErrorFrom } from './problem';

/** Seconds of validity a token must still have when a request leaves; shorter-lived tokens are refreshed first. */
export const TOKEN_MIN_VALIDITY_SECONDS = 30;

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: string;
  json: unknown;
}

export interface ApiClient {
  /** The `httpClient` contract of ra-data-simple-rest. */
  json(url: string, options?: RequestInit): Promise<JsonResponse>;
  blob(url: string, options?: RequestInit): Promise<Blob>;
}

export interface ApiClientOptions {
  keycloak: Pick<Keycloak, 'updateToken' | 'token'>;
  getLocale: () => string;
  fetch?: typeof fetch;
}

export function createApiClient({
  keycloak,
  getLocale,
  fetch: fetchImpl = fetch,
}: ApiClientOptions): ApiClient {
  async function authorizedFetch(url: string, options: RequestInit, accept: string): Promise<Response> {
    try {
      await keycloak.updateToken(TOKEN_MIN_VALIDITY_SECONDS);
    } catch {
      // keycloak-js drops the token when Keycloak refuses the refresh (session over): answer like the API would,
      // so the auth provider signs in again. Otherwise Keycloak was unreachable, and signing out would not help.
      if (!keycloak.token) throw new HttpError('tongpai.errors.session_expired', 401);
      throw new HttpError('tongpai.errors.auth_server_unreachable', 503);
    }
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${keycloak.token}`);
    headers.set('Accept-Language', getLocale());
    if (!headers.has('Accept')) headers.set('Accept', accept);
    if (typeof options.body === 'string' && !headers.has('Content-Type')) {
      headers.set('Content-Type', 'application/json');
    }
    const response = await fetchImpl(url, { ...options, headers });
    if (!response.ok) {
      const text = await response.text();
      throw httpErrorFrom(response.status, response.statusText, parseJson(text), getLocale());
    }
    return response;
  }

  return {
    async json(url, options = {}) {
      const response = await authorizedFetch(url, options, 'application/json');
      const body = await response.text();
      return { status: response.status, headers: response.headers, body, json: parseJson(body) };
    },
    async blob(url, options = {}) {
      const response = await authorizedFetch(url, options, 'image/*');
      return response.blob();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
