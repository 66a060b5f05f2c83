/**
 * Typed HTTP errors, answered as RFC 9457 problem+json with a stable `code` and messages in Chinese and English.
 * Routes throw these; one middleware (app.ts) writes them.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { bilingualSchema, type Bilingual } from '../domain/schemas';

export type Messages = Bilingual;

const fieldProblemSchema = z.strictObject({ field: z.string(), messages: bilingualSchema });
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/** The body of every error answer. */
export const problemSchema = z
  .strictObject({
    type: z.string().meta({ example: 'urn:tongpai:problem:not_found' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string().meta({ example: 'corrupt_image' }),
    messages: bilingualSchema,
    errors: z.array(fieldProblemSchema).optional().describe('The fields to correct (code invalid_request)'),
    instance: z.string(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem with a stable code and messages in Chinese and English',
  });
export type ProblemBody = z.infer<typeof problemSchema>;

export class HttpProblem extends Error {
  /** Sent with the problem (e.g. Retry-After with a 429). */
  headers?: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Messages,
    readonly errors?: FieldProblem[],
  ) {
    super(messages.en);
    this.name = 'HttpProblem';
  }
}

export const unauthorized = (en = 'Sign in first: the request carries no valid access token') =>
  new HttpProblem(401, 'unauthorized', { zh: '请先登录：请求未携带有效的访问令牌', en });

export const forbidden = () =>
  new HttpProblem(403, 'forbidden', { zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' });

/** Also used when the caller may not see the resource, so its existence does not leak. */
export const notFound = (what: Messages) =>
  new HttpProblem(404, 'not_found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });

export const invalidRequest = (errors: FieldProblem[]) =>
  new HttpProblem(
    400,
    'invalid_request',
    { zh: '请求内容有误，请检查标出的字段', en: 'The request has invalid fields' },
    errors,
  );

export const serviceUnavailable = (what: Messages) =>
  new HttpProblem(503, 'service_unavailable', {
    zh: `${what.zh}暂时不可用，请稍后重试；未保存任何内容`,
    en: `${what.en} is unavailable right now; nothing was saved, please retry`,
  });

export function problemBody(problem: HttpProblem, req: Request): ProblemBody {
  return {
    type: `urn:tongpai:problem:${problem.code}`,
    title: problem.messages.en,
    status: problem.status,
    detail: problem.messages.en,
    code: problem.code,
    messages: problem.messages,
    ...(problem.errors ? { errors: problem.errors } : {}),
    instance: req.originalUrl,
  };
}
