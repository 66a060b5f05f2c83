/**
 * The API description served at /api/v1/openapi.json and rendered at /api/docs, generated from the route
 * declarations (api/contract.ts): OpenAPI 3.1, whose schemas are JSON Schema 2020-12 as zod writes them. Every
 * schema given an `id` (`.meta({ id })`) becomes a component.
 */
import { z } from 'zod';
import { answersOf, type Mount, type Route } from './contract';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  components: { securitySchemes: JsonSchema; schemas: Record<string, JsonSchema> };
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, JsonSchema>>;
}

/** `/cases/:id` -> `/cases/{id}` */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

export function openApiDocument(mounts: Mount[]): OpenApiDocument {
  // Output (answer) shapes win over input shapes of the same component (e.g. defaults are required in answers).
  const components = { output: {} as Record<string, JsonSchema>, input: {} as Record<string, JsonSchema> };
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const {
      $schema: _,
      $defs,
      ...rest
    } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      // A format says it; the regular expression zod checks it with only adds noise.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format) delete jsonSchema.pattern;
      },
    });
    Object.assign(components[io], $defs);
    return rest;
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const { prefix, secured, routes } of mounts) {
    for (const route of routes) {
      const path = openApiPath(prefix + route.path);
      paths[path] = { ...paths[path], [route.method]: operation(route, secured, convert) };
    }
  }
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'Tongpai API',
      version: '1',
      description:
        'Capture once, serve every document. Every /api/v1 call except client-config needs a Keycloak access token ' +
        '(realm `tongpai`, audience `tongpai-api`). Errors are problem+json with a stable `code` and `messages.zh`/`messages.en`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components.input, ...components.output },
    },
    security: [{ bearer: [] }],
    paths,
  };
  return JSON.parse(
    JSON.stringify(document).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as OpenApiDocument;
}

function operation(
  route: Route,
  secured: boolean,
  convert: (schema: z.ZodType, io: 'input' | 'output') => JsonSchema,
): JsonSchema {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const paramSchemas = route.params ? properties(convert(route.params, 'input')) : {};
  const query = route.query ? convert(route.query, 'input') : undefined;
  const parameters = [
    ...pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: paramSchemas[name] ?? { type: 'string' },
    })),
    ...Object.entries(properties(query)).map(([name, schema]) => ({
      name,
      in: 'query',
      required: ((query?.required as string[] | undefined) ?? []).includes(name),
      schema,
    })),
  ];
  const responses = Object.fromEntries(
    Object.entries(answersOf(route, secured)).map(([status, answer]) => [
      status,
      {
        description: answer.description,
        ...(answer.mediaTypes.length
          ? {
              content: Object.fromEntries(
                answer.mediaTypes.map((type) => [
                  type,
                  {
                    schema:
                      answer.schema && type.endsWith('json')
                        ? convert(answer.schema, 'output')
                        : { type: 'string', format: 'binary' },
                  },
                ]),
              ),
            }
          : {}),
      },
    ]),
  );
  return {
    tags: route.tags,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body || route.bodyType ? { requestBody: requestBody(route, convert) } : {}),
    responses,
    ...(secured ? {} : { security: [] }),
  };
}

function requestBody(route: Route, convert: (schema: z.ZodType, io: 'input') => JsonSchema): JsonSchema {
  const schema = route.body ? convert(route.body, 'input') : { type: 'object' };
  const files = Object.entries(route.files ?? {});
  if (files.length) {
    schema.properties = {
      ...properties(schema),
      ...Object.fromEntries(
        files.map(([name, description]) => [name, { type: 'string', format: 'binary', description }]),
      ),
    };
    schema.required = [...((schema.required as string[] | undefined) ?? []), ...files.map(([name]) => name)];
  }
  return { required: true, content: { [route.bodyType ?? 'application/json']: { schema } } };
}

const properties = (schema: JsonSchema | undefined) =>
  (schema?.properties ?? {}) as Record<string, JsonSchema>;
