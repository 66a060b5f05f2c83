/** The routes outside the case resources: the API's own description, the console's sign-in and the caller. */
import { z } from 'zod';
import { principalSchema } from '../domain/schemas';
import { caller } from './auth/middleware';
import { defineRoute, json, type Route } from './contract';
import type { OpenApiDocument } from './openapi';

const clientConfigSchema = z
  .strictObject({ keycloakUrl: z.url(), realm: z.string(), clientId: z.string() })
  .meta({ id: 'ClientConfig', description: 'Where the console signs in' });
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export function publicRoutes(
  { clientConfig }: { clientConfig: ClientConfig },
  document: () => OpenApiDocument,
): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/openapi.json',
      tags: ['operations'],
      summary: 'This description (OpenAPI 3.1); rendered at /api/docs',
      responses: { 200: json(z.looseObject({ openapi: z.literal('3.1.0') }), 'the OpenAPI document') },
      handler: (_input, _req, res) => void res.json(document()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/client-config',
      tags: ['operations'],
      summary: 'Where the console signs in (Keycloak URL, realm, client id)',
      responses: { 200: json(clientConfigSchema, 'client configuration') },
      handler: (_input, _req, res) => void res.json(clientConfig),
    }),
  ];
}

export const meRoute = defineRoute({
  method: 'get',
  path: '/me',
  tags: ['operations'],
  summary: 'The caller as the API sees them',
  responses: { 200: json(principalSchema, 'principal') },
  handler: (_input, req, res) => void res.json(caller(req).principal),
});
