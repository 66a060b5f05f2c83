/**
 * Every message of the photo lifecycle and its payload types, in one place: the API imports these to start
 * workflows and ask them questions; the workflows implement them. Message names equal their constants.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Bilingual, CaseStatus, PhotoVerdict } from '../domain/cases';
import type { Role } from '../domain/principal';
import type { ProcessingRetry } from '../domain/processing';
import type { QueueSlas } from '../domain/rules';
import type { RecallReason } from '../domain/revocation';
import type { UpstreamTarget } from '../domain/upstream';

export type { QueueSlas };

export const photoWorkflowId = (caseId: string) => `photo-${caseId}`;

/** The case's category, station and region travel as search attributes (set when the workflow starts). */
export interface PhotoCaseInput {
  caseId: string;
  /** How long processing is retried; absent in inputs from before it was configurable. */
  processing?: ProcessingRetry;
  /** Timers of the steps after processing; absent in cases started before review existed (they end processed). */
  timers?: LifecycleTimers;
}

/** Set by the API from its configuration (seconds; tests pass short ones). */
export interface LifecycleTimers {
  /** A case waiting for a retake longer than this is closed as abandoned. */
  retakeDeadlineSeconds: number;
  /**
   * A case waiting in a review queue longer than this is escalated to the supervisors: the SLA of every queue
   * the rules give none (and of every queue, in cases started before SLAs per queue).
   */
  reviewSlaSeconds: number;
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
  attempt?: number;
  /** Why the case went where it went after processing. */
  routeReason?: string;
  escalated?: boolean;
}

export const getCaseState = defineQuery<PhotoCaseState>('getCaseState');

/** The person acting, as the API authenticated them. */
export interface Actor {
  subject: string;
  username: string;
  roles: Role[];
}

export const decisions = ['approve', 'reject', 'retake'] as const;
export type Decision = (typeof decisions)[number];

export interface DecisionInput {
  decision: Decision;
  actor: Actor;
  /** From the configured reason codes: required to reject or ask for a retake. */
  reasonCode?: string;
  note?: string;
  /** The checks a retake must fix (check ids). */
  checks?: string[];
}

export interface RetakeInput {
  actor: Actor;
  master: { sha256: string; mimeType: string; bytes: number; format: string };
  device: string | null;
  capturedAt: string;
}

/** A reviewer's or supervisor's decision; returns once it is persisted. Refused: see refusals. */
export const decideCase = defineUpdate<PhotoCaseState, [DecisionInput]>('decideCase');
/** A new capture for a case waiting for a retake; returns once the new master is recorded. */
export const submitRetake = defineUpdate<PhotoCaseState, [RetakeInput]>('submitRetake');

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

/** Business rejections raised by activities and update validators as non-retryable ApplicationFailures, by type. */
export const failureTypes = {
  caseNotFound: 'CaseNotFound',
  photoRejected: 'PhotoRejected',
  invalidTransition: 'InvalidTransition',
  /** The case is not waiting for this step (already decided, not in review, not waiting for a retake). */
  notWaiting: 'NotWaiting',
  /** Four-eyes: the capturing operator, or the first approver for the second approval. */
  fourEyes: 'FourEyes',
  /** The decision needs a role the actor lacks (e.g. a supervisor for the second approval). */
  roleRequired: 'RoleRequired',
  /** The reviewer does not hold the case's claim. */
  claimNotHeld: 'ClaimNotHeld',
  invalidDecision: 'InvalidDecision',
  /** The case has no issued photos to submit. */
  notIssued: 'NotIssued',
  /** An upstream library could not be reached or answered with a transient error (retried). */
  upstreamUnavailable: 'UpstreamUnavailable',
  /** An upstream library refused the payload (validation, conflict): a person must look, not a retry. */
  upstreamRejected: 'UpstreamRejected',
  /** An upstream library refused our credentials: the configuration must be fixed. */
  upstreamAuthentication: 'UpstreamAuthentication',
  /** A recall for a case whose photos still stand (neither revoked nor superseded): nothing is withdrawn. */
  notRecallable: 'NotRecallable',
  /** The submission to recall is still being made: the recall waits (retried) until it is delivered or rejected. */
  submissionInFlight: 'SubmissionInFlight',
  /** The library refused the recall (e.g. 404 unknown_receipt): recorded for a person, not retried. */
  upstreamRecallRefused: 'UpstreamRecallRefused',
  /** An administrator paused the library: the submission waits (retried at a fixed, jittered pace). */
  upstreamPaused: 'UpstreamPaused',
  /** A manual-queue decision for a submission that is not waiting for one (not rejected, or decided). */
  notInManualQueue: 'NotInManualQueue',
  /** The correction asked for cannot be made (the master no longer renders the refused photo). */
  uncorrectable: 'Uncorrectable',
  /** A resubmission of photos that were revoked or superseded meanwhile: they must not reach a library now. */
  photosWithdrawn: 'PhotosWithdrawn',
  /** A revocation of a grant that has expired or was revoked already. */
  grantEnded: 'GrantEnded',
} as const;

/** Activity inputs of the steps after processing. */
export interface RouteInput extends CaseRef {
  timers: LifecycleTimers;
  /** Whether the queues' own SLAs (the rules' `reviewSla`) apply; else `timers.reviewSlaSeconds` for each. */
  perQueueSla?: boolean;
}
export interface RoutedCase {
  route: 'auto_issue' | 'review' | 'retake';
  reason: string;
  /** Everyone who captured an attempt of this case: none of them may decide it. */
  capturedBy: string[];
  needsSecondApproval: boolean;
  /** The SLAs routeCase applied (`sla_due_at`), which the workflow's timers keep; absent in older results. */
  slas?: QueueSlas;
}
export interface DecisionRecord extends CaseRef, DecisionInput {
  /** The transition the workflow chose for this decision. */
  transition:
    | 'approve'
    | 'approveFirst'
    | 'approveSecond'
    | 'reject'
    | 'requestRetake'
    | 'rejectAtSecondApproval'
    | 'requestRetakeAtSecondApproval';
  timers: LifecycleTimers;
  /** The second approval's SLA (when `approveFirst` queues the case for it); absent: `timers.reviewSlaSeconds`. */
  secondApprovalSlaSeconds?: number;
}
export interface RetakeRecord extends CaseRef, RetakeInput {}

/** The submission of a case's issued photos to one upstream library: a child of the case's workflow. */
export const upstreamWorkflowId = (caseId: string, target: UpstreamTarget) => `upstream-${caseId}-${target}`;

/**
 * Submissions are background work: at Temporal's priority 4 (cases run at the default 3), so that when the
 * task queue is backlogged the cases at the windows go first and the libraries get the idle time.
 */
/**
 * Retries of a submission or a recall: from 5 s, doubling, at most 10 minutes apart, with no limit on attempts
 * (an outage is waited out). The activities draw each wait from this backoff with jitter
 * (activities/upstream/errors.ts), so the submissions an outage held back do not all return together.
 */
export const upstreamRetryPolicy = {
  initialIntervalMs: 5_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 600_000,
} as const;
/** The same policy as Temporal takes it, for the submission's and the recall's activities. */
export const upstreamActivityRetry = {
  initialInterval: upstreamRetryPolicy.initialIntervalMs,
  backoffCoefficient: upstreamRetryPolicy.backoffCoefficient,
  maximumInterval: upstreamRetryPolicy.maximumIntervalMs,
};

export const upstreamSubmissionPriority = { priorityKey: 4 } as const;

export interface UpstreamSubmissionInput extends CaseRef {
  target: UpstreamTarget;
}
/** What the library accepted (its receipt id) for the issued attempt's photos. */
export interface UpstreamDelivery {
  target: UpstreamTarget;
  photoVersion: number;
  receiptId: string;
}
/**
 * How a submission workflow ended: delivered with the receipt; closed by an administrator with their reason
 * (`reason` the library's); rejected with the library's reason (only submissions from before the manual queue).
 */
export interface UpstreamSubmissionResult extends UpstreamSubmissionInput {
  state: 'delivered' | 'rejected' | 'closed';
  receiptId?: string;
  reason?: string;
  closeReason?: string;
}
/**
 * Where the submission stands while it runs (the database row has the attempts and the last error too);
 * `rejected` means waiting in the manual queue for an administrator's decision.
 */
export interface UpstreamSubmissionProgress extends UpstreamSubmissionInput {
  state: 'pending' | 'retrying' | 'delivered' | 'rejected' | 'closed';
  receiptId?: string;
  reason?: string;
  closeReason?: string;
  /** The last failed attempt's error while retrying. */
  lastError?: string;
}
export const getUpstreamState = defineQuery<UpstreamSubmissionProgress>('getUpstreamState');
/**
 * Sent by the submission activity to its own workflow when an attempt failed and Temporal will retry it (the
 * workflow does not see activity retries otherwise), so that operators find it as `retrying`.
 */
export const upstreamAttemptFailed = defineSignal<[{ error: string }]>('upstreamAttemptFailed');

/** What issuing a case did besides: the person's earlier issued cases it superseded (their photos are recalled). */
export interface IssuedCase {
  superseded: string[];
}

/**
 * The recall of a revoked or superseded case's photos from one upstream library, `recall-<caseId>-<target>`:
 * started by the API when an administrator revokes, by the issuing case's workflow when it supersedes.
 */
export const recallWorkflowId = (caseId: string, target: UpstreamTarget) => `recall-${caseId}-${target}`;

export interface UpstreamRecallInput extends CaseRef {
  target: UpstreamTarget;
  reason: RecallReason;
}
/**
 * How a recall ended: recalled (with the library's recall id), not delivered (the submission was rejected, so
 * the library holds nothing to recall) or refused by the library (its reason recorded for a person).
 */
export interface UpstreamRecallResult extends UpstreamRecallInput {
  state: 'recalled' | 'not_delivered' | 'refused';
  recallId?: string;
  error?: string;
}
/**
 * An administrator's decision on a rejected submission: send it again (after rendering the refused photos
 * again from the master when `correct`), or close it. `reason` is required either way and audited.
 */
export interface UpstreamDecisionInput {
  decision: 'resubmit' | 'close';
  reason: string;
  correct?: boolean;
  actor: Actor;
}
/** Returns once the decision is persisted; refused (NotInManualQueue) unless the submission waits for one. */
export const decideUpstreamSubmission = defineUpdate<UpstreamSubmissionProgress, [UpstreamDecisionInput]>(
  'decideUpstreamSubmission',
);
export interface UpstreamDecisionRecord extends UpstreamSubmissionInput, UpstreamDecisionInput {}

/** One grant's life, `grant-<grantId>`: started when it is created, ended by its expiry or a revocation. */
export const grantWorkflowId = (grantId: string) => `grant-${grantId}`;

export interface GrantInput {
  grantId: string;
  /**
   * The workflow's timer: from its start until the grant's `expires_at` (the API computes it; the database
   * guard refuses reads past `expires_at` whatever the timer does), so tests may pass a short one.
   */
  expiresAfterMs: number;
}
export interface GrantRevocationInput {
  actor: Actor;
  reason: string;
  /** An administrator revoking a citizen's grant (audited as such). */
  onBehalf: boolean;
}
export interface GrantRevocationRecord extends GrantRevocationInput {
  grantId: string;
}
export interface GrantOutcome {
  grantId: string;
  state: 'expired' | 'revoked';
}
/**
 * Revokes the grant; returns only once the grant row is marked revoked in the database, so no read can be
 * counted after it returns. Refused (GrantEnded) when the grant has expired or was revoked already.
 */
export const revokeGrant = defineUpdate<GrantOutcome, [GrantRevocationInput]>('revokeGrant');
/** The grant was revoked with its photo (the database row already says so): the workflow ends. */
export const grantRevokedWithPhoto = defineSignal('grantRevokedWithPhoto');
