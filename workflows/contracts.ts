/**
 * Every message of the photo lifecycle and its payload types, in one place: the API imports these to start
 * workflows and ask them questions; the workflows implement them. Message names equal their constants.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Bilingual, CaseStatus, PhotoVerdict } from '../domain/cases';

export const photoWorkflowId = (caseId: string) => `photo-${caseId}`;

/** The case's category, station and region travel as search attributes (set when the workflow starts). */
export interface PhotoCaseInput {
  caseId: string;
  /** How long processing is retried; absent in inputs from before it was configurable. */
  processing?: ProcessingRetry;
}

/**
 * Retries of a capture's processing when it fails for reasons other than the photo itself (a crashed
 * worker, storage or database down): `attempts` in all, the first retry after `firstRetrySeconds`, each
 * wait twice the last, at most a minute. After the last attempt the case fails with `processing_failed`.
 */
export interface ProcessingRetry {
  attempts: number;
  firstRetrySeconds: number;
}

/** Ten attempts span about five minutes: enough to ride out a restart, not so many that a master which
 * breaks the pipeline keeps a worker busy for ever. */
export const defaultProcessingRetry: ProcessingRetry = { attempts: 10, firstRetrySeconds: 2 };

export interface PhotoCaseState {
  caseId: string;
  status: CaseStatus;
  master?: { width: number; height: number };
  /** Set once the pipeline has judged the master. */
  verdict?: PhotoVerdict;
  /** Profiles whose standard photo was rendered. */
  photos?: string[];
  failureReason?: string;
}

export const getCaseState = defineQuery<PhotoCaseState>('getCaseState');

/** Activity inputs and outputs that cross the workflow boundary. */
export interface CaseRef {
  caseId: string;
}
export interface ProcessedMaster {
  width: number;
  height: number;
  verdict: PhotoVerdict;
  photos: string[];
}
export interface CaseFailure extends CaseRef {
  reason: string;
  /** Present when the photo itself was refused (e.g. `no_face`), for the operator. */
  code?: string;
  message?: Bilingual;
}
/** Details of a `PhotoRejected` failure. */
export interface PhotoRejection {
  code: string;
  message: Bilingual;
}

/** Business rejections raised by activities as non-retryable ApplicationFailures, by type. */
export const failureTypes = {
  caseNotFound: 'CaseNotFound',
  photoRejected: 'PhotoRejected',
  invalidTransition: 'InvalidTransition',
} as const;
