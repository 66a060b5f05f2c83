/**
 * The one adapter kind Tongpai has: the wire contract (./contract.ts, docs/upstream.md) over HTTP(S) to a
 * target's base URL with its bearer token. Every failure comes out classified (./errors.ts). A library
 * with another protocol gets its own UpstreamAdapter implementation behind the same interface.
 */
import type { z } from 'zod';
import { upstreamIdempotencyKey, type UpstreamTarget } from '../../domain/upstream';
import {
  idempotencyKeyHeader,
  receiptSchema,
  recallReceiptSchema,
  upstreamPaths,
  upstreamProblemSchema,
  type Receipt,
  type RecallReceipt,
  type RecallRequest,
  type SubmissionRequest,
} from './contract';
import {
  UpstreamAuthenticationError,
  UpstreamRejectedError,
  UpstreamRetryableError,
  UpstreamError,
} from './errors';

/** What a submission activity sends; the adapter adds its own target. */
export type SubmissionInput = Omit<SubmissionRequest, 'target'>;

export interface UpstreamAdapter {
  readonly target: UpstreamTarget;
  /**
   * Delivers one submission. Idempotent: a repeat with the same case and photo version (after a timeout,
   * a crash, a retry) is answered with the original receipt. Throws an UpstreamError subclass.
   */
  submit(submission: SubmissionInput): Promise<Receipt>;
  /** Withdraws what a receipt accepted. Idempotent per receipt. Throws an UpstreamError subclass. */
  recall(request: RecallRequest): Promise<RecallReceipt>;
}

export interface UpstreamEndpoint {
  /** Base URL of the target's intake, e.g. https://library.example/intake/v1 */
  url: string;
  /** Bearer token the library issued to Tongpai. */
  token: string;
  /** Whole call, the answer's body included. */
  timeoutMs: number;
}

/** Statuses that say "later" rather than "no": request timeout, too early, too many requests. */
const transientStatuses = new Set([408, 425, 429]);

export function createHttpAdapter(target: UpstreamTarget, endpoint: UpstreamEndpoint): UpstreamAdapter {
  const base = endpoint.url.replace(/\/+$/, '');

  async function post<T extends z.ZodType>(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    answer: T,
  ): Promise<z.output<T>> {
    let status: number | undefined;
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${endpoint.token}`,
          'content-type': 'application/json',
          accept: 'application/json, application/problem+json',
          ...headers,
        },
        // Bytes, not a string: fetch would first scan a megabyte of JSON text for lone surrogates.
        body: Buffer.from(JSON.stringify(body)),
        signal: AbortSignal.timeout(endpoint.timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      const text = await res.text();
      if (!res.ok) throw failureOf(target, res, text);
      const parsed = answer.safeParse(parseJson(text));
      if (!parsed.success)
        throw new UpstreamRetryableError(`answered ${res.status} with an unreadable body`, {
          target,
          code: 'bad_answer',
          status,
        });
      return parsed.data;
    } catch (err) {
      if (err instanceof UpstreamError) throw err;
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new UpstreamRetryableError(
        timedOut
          ? `no complete answer within ${endpoint.timeoutMs} ms`
          : `unreachable: ${describeNetworkError(err)}`,
        { target, code: timedOut ? 'timeout' : 'unreachable', ...(status ? { status } : {}) },
        { cause: err },
      );
    }
  }

  return {
    target,
    submit(submission) {
      const key = upstreamIdempotencyKey(submission.case.id, target, submission.photoVersion);
      return post(
        upstreamPaths.submissions,
        { ...submission, target },
        { [idempotencyKeyHeader]: key },
        receiptSchema,
      );
    },
    recall(request) {
      return post(upstreamPaths.recalls, request, {}, recallReceiptSchema);
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

/** An error answer, classified: 401/403 authentication, other 4xx rejected, 408/425/429 and 5xx retryable. */
function failureOf(target: UpstreamTarget, res: Response, text: string): UpstreamError {
  const problem = upstreamProblemSchema.safeParse(parseJson(text));
  const p = problem.success ? problem.data : {};
  const status = res.status;
  const reason = [`${status}`, p.code, p.detail ?? p.title].filter(Boolean).join(' ');
  const details = { target, status, code: p.code ?? `http_${status}`, problems: p.errors ?? [] };
  if (status === 401 || status === 403) return new UpstreamAuthenticationError(reason, details);
  if (status >= 500 || transientStatuses.has(status)) {
    const retryAfterMs = retryAfter(res.headers.get('retry-after'));
    return new UpstreamRetryableError(reason, {
      ...details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new UpstreamRejectedError(reason, details);
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? err.message;
}
