/**
 * Every way a call to an upstream library can fail, in three classes the submission activities act on:
 * retryable (try again later: unreachable, timed out, overloaded, a server error), rejected (the library
 * refused this payload: retrying the same bytes cannot help; a person must look) and authentication (our
 * credentials are wrong or expired: an operator must fix the configuration). toActivityFailure turns them
 * into what Temporal retries or stops on.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { UpstreamTarget } from '../../domain/upstream';
import { failureTypes, upstreamRetryPolicy } from '../../workflows/contracts';
import type { PayloadProblem } from './contract';

export type UpstreamErrorKind = 'retryable' | 'rejected' | 'authentication';

export interface UpstreamErrorDetails {
  target: UpstreamTarget;
  /** The library's stable code (e.g. validation_failed), or ours for what never got an answer (timeout, unreachable). */
  code: string;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Per photo and field, for a rejected payload. */
  problems?: PayloadProblem[];
}

export abstract class UpstreamError extends Error {
  abstract readonly kind: UpstreamErrorKind;
  readonly target: UpstreamTarget;
  readonly code: string;
  readonly status: number | undefined;
  readonly problems: PayloadProblem[];

  constructor(reason: string, details: UpstreamErrorDetails, options?: ErrorOptions) {
    super(`${details.target}: ${reason}`, options);
    this.target = details.target;
    this.code = details.code;
    this.status = details.status;
    this.problems = details.problems ?? [];
  }

  get details(): UpstreamErrorDetails & { kind: UpstreamErrorKind; reason: string } {
    const { kind, target, code, status, problems, message } = this;
    return { kind, target, code, ...(status !== undefined ? { status } : {}), problems, reason: message };
  }
}

export class UpstreamRetryableError extends UpstreamError {
  override name = 'UpstreamRetryableError';
  readonly kind = 'retryable';
  /** What the library asked for (Retry-After), if anything. */
  readonly retryAfterMs: number | undefined;
  constructor(
    reason: string,
    details: UpstreamErrorDetails & { retryAfterMs?: number },
    options?: ErrorOptions,
  ) {
    super(reason, details, options);
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class UpstreamRejectedError extends UpstreamError {
  override name = 'UpstreamRejectedError';
  readonly kind = 'rejected';
}

export class UpstreamAuthenticationError extends UpstreamError {
  override name = 'UpstreamAuthenticationError';
  readonly kind = 'authentication';
}

/**
 * The wait before the try after `attempt` (1 for the first): the retry policy's exponential backoff, drawn at
 * random between half and one and a half times it, so that submissions held back by the same outage spread out
 * when the library comes back instead of returning in step.
 */
export function jitteredBackoffMs(attempt: number, random: () => number = Math.random): number {
  const { initialIntervalMs, backoffCoefficient, maximumIntervalMs } = upstreamRetryPolicy;
  const backoff = Math.min(maximumIntervalMs, initialIntervalMs * backoffCoefficient ** (attempt - 1));
  return jitteredMs(backoff, random);
}

/** A wait drawn at random between half and one and a half times `ms`. */
export function jitteredMs(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.5 + random()));
}

/**
 * For an activity's catch: a rejection becomes a non-retryable ApplicationFailure (type UpstreamRejected, the
 * details attached for the manual queue); an outage a retryable one after the library's Retry-After or else
 * the jittered backoff; wrong credentials (UpstreamAuthentication) are fixed by configuration, not by a person
 * per case, so they are retried at the backoff's pace too and the submission goes through once the token is
 * right. Anything else is returned as it is (Temporal's retry policy decides).
 */
export function toActivityFailure(err: unknown, attempt = 1): unknown {
  if (!(err instanceof UpstreamError)) return err;
  const details = [err.details];
  if (err instanceof UpstreamRejectedError)
    return ApplicationFailure.create({
      message: err.message,
      type: failureTypes.upstreamRejected,
      details,
      nonRetryable: true,
      cause: err,
    });
  const outage = err instanceof UpstreamRetryableError;
  return ApplicationFailure.create({
    message: err.message,
    type: outage ? failureTypes.upstreamUnavailable : failureTypes.upstreamAuthentication,
    details,
    cause: err,
    nextRetryDelay: (outage ? err.retryAfterMs : undefined) ?? jitteredBackoffMs(attempt),
  });
}
