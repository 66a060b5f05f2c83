/**
 * Each API route is declared once, with `defineRoute`: method, path, documentation, permission, the zod schemas
 * of its inputs and every answer it may give. `mountRoutes` registers it on an Express router (permission
 * check, inputs parsed with bilingual field errors, answers checked when asked) and `openApiDocument`
 * (api/openapi.ts) describes the very same list, so the document cannot drift from the routes.
 *
 *   defineRoute({
 *     method: 'get', path: '/cases/:id', tags: ['cases'], summary: 'One case',
 *     permission: ['read', 'Case'],
 *     params: z.object({ id: z.string() }),
 *     responses: { 200: json(caseDetailSchema, 'the case') },
 *     problems: [404],
 *     handler: async ({ params }, req, res) => void res.json(await loadCase(params.id)),
 *   });
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Action, SubjectType } from '../domain/ability';
import { setRouteTemplate } from '../observability/http-metrics';
import { requirePermission } from './auth/middleware';
import { HttpProblem, problemBody, problemSchema, type Messages } from './problems';
import { parseOrThrow } from './validation';

/** One possible answer: bytes of one of `mediaTypes`, checked against `schema` when it is JSON. */
export interface Answer {
  description: string;
  mediaTypes: string[];
  schema?: z.ZodType;
}
export const json = (schema: z.ZodType, description: string): Answer => ({
  description,
  mediaTypes: ['application/json'],
  schema,
});
export const binary = (description: string, ...mediaTypes: string[]): Answer => ({ description, mediaTypes });
export const problem = (description = 'RFC 9457 problem'): Answer => ({
  description,
  mediaTypes: ['application/problem+json'],
  schema: problemSchema,
});

type Input<S> = S extends z.ZodType ? z.output<S> : undefined;
type Schema = z.ZodType | undefined;

export interface RouteDefinition<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax, relative to the mount: `/cases/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** The first authorisation, before anything else; the loaded row is the handler's to check. */
  permission?: readonly [Action, SubjectType];
  params?: P;
  query?: Q;
  body?: B;
  /** JSON bodies are parsed here; a multipart body by a `before` middleware (multer). */
  bodyType?: 'application/json' | 'multipart/form-data';
  /** The file fields of a multipart body, for the document: name -> description. */
  files?: Record<string, string>;
  /** What to tell the operator about each invalid field (default: "<field> is invalid"). */
  fieldMessages?: Record<string, Messages>;
  /** Run after the permission check, before the inputs are parsed (e.g. multer). */
  before?: RequestHandler[];
  /** The successful answers, by status. */
  responses: Record<number, Answer>;
  /**
   * Statuses the route answers with a problem itself; added for it: 400 (it has inputs), 413 (a JSON body over
   * 16 kB: commands are small; 415 an unreadable charset), 401 (mounted secured), 403 (it has a permission) and 500.
   */
  problems?: number[];
  /** Answers with `res` as usual; throws HttpProblem for errors. */
  handler(input: { params: Input<P>; query: Input<Q>; body: Input<B> }, req: Request, res: Response): unknown;
}

export type Route = RouteDefinition<Schema, Schema, Schema>;

export const defineRoute = <
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  route: RouteDefinition<P, Q, B>,
): Route => route as Route;

/** Routes served under one prefix; `secured` ones need a bearer token (authenticated before they run). */
export interface Mount {
  prefix: string;
  secured: boolean;
  routes: Route[];
}

/** Every answer a mounted route may give, by status: its own and the problems the helper and auth add. */
export function answersOf(route: Route, secured: boolean): Record<number, Answer> {
  const hasInput = Boolean(route.params || route.query || route.body || route.bodyType);
  const statuses = [
    ...(hasInput ? [400] : []),
    ...(hasJsonBody(route) ? [413, 415] : []),
    ...(secured ? [401] : []),
    ...(route.permission ? [403] : []),
    ...(route.problems ?? []),
    500,
  ];
  return { ...Object.fromEntries(statuses.map((s) => [s, problem()])), ...route.responses };
}

const hasJsonBody = (route: Route) =>
  Boolean(route.body) && (route.bodyType ?? 'application/json') === 'application/json';

export interface MountOptions {
  /** Check every answer against its declaration; a violation is logged and answered 500 instead. */
  checkResponses: boolean;
  log: Logger;
}

export function mountRoutes(router: Router, { prefix, routes, secured }: Mount, options: MountOptions): void {
  for (const route of routes) {
    const template = `${prefix}${route.path}`;
    const chain: RequestHandler[] = [
      (_req, res, next) => {
        setRouteTemplate(res, template);
        next();
      },
    ];
    if (options.checkResponses) chain.push(checkAnswers(route, answersOf(route, secured), options.log));
    if (route.permission) chain.push(requirePermission(...route.permission));
    if (hasJsonBody(route)) {
      chain.push(express.json({ limit: '16kb' }));
    }
    chain.push(...(route.before ?? []), async (req, res) => {
      const messages = route.fieldMessages ?? {};
      const input = {
        params: route.params && parseOrThrow(route.params, req.params, messages),
        query: route.query && parseOrThrow(route.query, req.query, messages),
        body: route.body && parseOrThrow(route.body, req.body, messages),
      };
      await route.handler(input, req, res);
    });
    router[route.method](route.path, ...chain);
  }
}

/**
 * Wraps `res.send` (which `res.json` ends in, with the JSON text): the status must be declared, the media type
 * one of its own, and a JSON body must satisfy its schema, as a client would read it.
 */
function checkAnswers(route: Route, answers: Record<number, Answer>, log: Logger): RequestHandler {
  return (req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // Objects come back here as JSON text through res.json.
      if (body !== undefined && typeof body !== 'string' && !ArrayBuffer.isView(body)) return send(body);
      const violation = contractViolation(answers[res.statusCode], res.get('Content-Type'), body);
      if (!violation) return send(body);
      log.error(
        { route: `${route.method.toUpperCase()} ${route.path}`, status: res.statusCode, violation },
        'response contract violation',
      );
      res.send = send;
      res.removeHeader('Content-Disposition');
      const problem = new HttpProblem(500, 'response_contract_violation', {
        zh: '服务器的应答不符合接口约定，已记录；请联系管理员',
        en: 'The server answered outside its API contract; this has been logged: contact an administrator',
      });
      return res
        .status(500)
        .type('application/problem+json')
        .send(JSON.stringify(problemBody(problem, req)));
    };
    next();
  };
}

function contractViolation(
  answer: Answer | undefined,
  contentType: string | undefined,
  body: string | ArrayBufferView | undefined,
): string | undefined {
  if (!answer) return 'status not declared';
  const text =
    typeof body === 'string' ? body : body && Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!text?.length) {
    return answer.mediaTypes.length ? 'empty body where content is declared' : undefined;
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!answer.mediaTypes.includes(mediaType)) return `media type ${mediaType || 'none'} not declared`;
  // A route answering JSON or a file (say, an export) declares the schema of its JSON form.
  if (!answer.schema || !mediaType.endsWith('json')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.toString());
  } catch {
    return 'body is not JSON';
  }
  const result = answer.schema.safeParse(value);
  return result.success
    ? undefined
    : result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
