/**
 * Every message of the photo lifecycle and its payload types, in one place: the API imports these to start
 * workflows and ask them questions; the workflows implement them. Message names equal their constants.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CaseStatus, PersonCategory } from '../domain/cases';

export const photoWorkflowId = (caseId: string) => `photo-${caseId}`;

export interface PhotoCaseInput {
  caseId: string;
  category: PersonCategory;
  stationId: string;
  regionId: string;
}

export interface PhotoCaseState {
  caseId: string;
  status: CaseStatus;
  master?: { width: number; height: number };
  failureReason?: string;
}

export const getCaseState = defineQuery<PhotoCaseState>('getCaseState');

/** Activity inputs and outputs that cross the workflow boundary. */
export interface CaseRef {
  caseId: string;
}
export interface MasterSize {
  width: number;
  height: number;
}
export interface CaseFailure extends CaseRef {
  reason: string;
}

/** Business rejections raised by activities as non-retryable ApplicationFailures, by type. */
export const failureTypes = {
  caseNotFound: 'CaseNotFound',
  unreadableMaster: 'UnreadableMaster',
} as const;
