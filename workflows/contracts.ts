/**
 * Every message of the photo lifecycle and its payload types, in one place: the API imports these to start
 * workflows and ask them questions; the workflows implement them. Message names equal their constants.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Bilingual, CaseStatus, PhotoVerdict } from '../domain/cases';
import type { ProcessingRetry } from '../domain/processing';

export const photoWorkflowId = (caseId: string) => `photo-${caseId}`;

/** The case's category, station and region travel as search attributes (set when the workflow starts). */
export interface PhotoCaseInput {
  caseId: string;
  /** How long processing is retried; absent in inputs from before it was configurable. */
  processing?: ProcessingRetry;
}

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
