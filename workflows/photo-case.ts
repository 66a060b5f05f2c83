/**
 * The lifecycle of one photo case, `photo-<caseId>`. Orchestration only: every effect is an activity that
 * writes the read model and the audit trail together.
 *
 * Two workflow types run it (README, "Changing a workflow"). `photoCaseV2`, which the API starts, has every
 * change in force. `photoCase` is kept for cases started before it: each change since its first version sits
 * behind `patched()`, so their histories replay, and each patch costs every new execution a marker and a
 * search-attribute update in Temporal, which is why new cases no longer start it.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { defaultProcessingRetry, longestRetryWaitSeconds, type ProcessingRetry } from '../domain/processing';
import {
  decideCase,
  failureTypes,
  getCaseState,
  submitRetake,
  type CaseFailure,
  type DecisionInput,
  type DecisionRecord,
  type LifecycleTimers,
  type PhotoCaseInput,
  type PhotoCaseState,
  type PhotoRejection,
  type QueueSlas,
  type RetakeInput,
  type RoutedCase,
  upstreamSubmissionPriority,
  upstreamWorkflowId,
} from './contracts';
import { transitions } from '../domain/lifecycle';
import { upstreamTargets } from '../domain/upstream';
import { startUpstreamRecalls } from './upstream-recall';
import { upstreamSubmission, upstreamSubmissionV2 } from './upstream-submission';
import { CaseStatusAttribute } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

const automatic = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
} as const;
// A capture's row commits just after its workflow starts: the first step waits for it, for a few minutes at most.
const firstStep = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds', maximumAttempts: 20 },
} as const;

const { markFailed, escalateCase, abandonCase, recordDecision, recordRetake } =
  proxyActivities<Activities>(automatic);

/**
 * The short database steps of every case (start, route, issue) run as local activities: the worker runs them
 * at once, without a round trip through Temporal's task queue for each. Cases started before that keep their
 * scheduled activities (the `local-short-steps` patch), so their histories replay unchanged.
 */
function shortSteps(local: boolean) {
  if (!local) return proxyActivities<Activities>(automatic);
  const steps = proxyLocalActivities<Activities>(automatic);
  const { markProcessing } = proxyLocalActivities<Activities>(firstStep);
  return { markProcessing, routeCase: steps.routeCase, issueCase: steps.issueCase };
}

// The pipeline takes well under a second (a few at once per worker); the timeout is how long a crashed or
// killed worker's attempt is waited for before another worker runs it again.
function processingActivities({ attempts, firstRetrySeconds }: ProcessingRetry) {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: `${firstRetrySeconds} seconds`,
      // Temporal refuses a maximum below the initial interval (the workflow task would fail for ever).
      maximumInterval: `${Math.max(longestRetryWaitSeconds, firstRetrySeconds)} seconds`,
      backoffCoefficient: 2,
      maximumAttempts: attempts,
    },
  });
}

/** Which of the lifecycle's changes an execution takes, and the submission workflow it starts at issue. */
interface LifecycleVersion {
  has: (patchId: string) => boolean;
  submission: typeof upstreamSubmission;
}

/** Cases started before photoCaseV2: every change behind its patch. */
export async function photoCase(input: PhotoCaseInput): Promise<PhotoCaseState> {
  return runPhotoCase(input, { has: patched, submission: upstreamSubmission });
}

/** What the API starts for every capture: every change in force, no patch markers. */
export async function photoCaseV2(input: PhotoCaseInput): Promise<PhotoCaseState> {
  return runPhotoCase(input, { has: () => true, submission: upstreamSubmissionV2 });
}

async function runPhotoCase(input: PhotoCaseInput, version: LifecycleVersion): Promise<PhotoCaseState> {
  const state: PhotoCaseState = { caseId: input.caseId, status: 'received', attempt: 1 };
  const processing = input.processing ?? defaultProcessingRetry;
  const { processMaster } = processingActivities(processing);
  const { markProcessing, routeCase, issueCase } = shortSteps(version.has('local-short-steps'));
  setHandler(getCaseState, () => state);
  const moveTo = (status: PhotoCaseState['status']) => {
    state.status = status;
    upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
  };
  const process = async () => {
    const processed = await processMaster({ caseId: input.caseId });
    state.master = { width: processed.width, height: processed.height };
    state.verdict = processed.verdict;
    state.photos = processed.photos;
    moveTo('processed');
  };

  try {
    await markProcessing({ caseId: input.caseId });
    moveTo('processing');
    await process();
  } catch (err) {
    await failCase(err);
    return state;
  }
  // Cases started before review existed end processed (their histories replay unchanged).
  if (!version.has('review-and-issuance') || !input.timers) return state;
  const timers = input.timers;
  // Cases started before SLAs per queue keep timers.reviewSlaSeconds for every queue, in their timers and rows.
  const perQueueSla = version.has('per-queue-sla');
  const lifecycle = new Lifecycle(input.caseId, state, timers, moveTo, version.has);

  for (;;) {
    const routed = await routeCase({ caseId: input.caseId, timers, ...(perQueueSla ? { perQueueSla } : {}) });
    lifecycle.routed(routed);
    if (routed.route === 'review') {
      moveTo('in_review');
      await lifecycle.reviewUntilDecided();
    } else if (routed.route === 'retake') moveTo('awaiting_retake');
    else moveTo('approved');

    if (state.status === 'awaiting_retake') {
      if (!(await lifecycle.retakeArrives())) return state;
      try {
        await process();
      } catch (err) {
        await failCase(err);
        return state;
      }
      continue;
    }
    if (state.status === 'approved') {
      const issued = await issueCase({ caseId: input.caseId });
      moveTo('issued');
      // Cases issued before submissions existed replay without them.
      if (version.has('upstream-submission'))
        await startUpstreamSubmissions(input.caseId, version.submission);
      // The person's earlier photos this issue superseded are recalled (cases issued before recalls replay as they were).
      if (version.has('recall-superseded'))
        for (const earlier of issued?.superseded ?? []) await startUpstreamRecalls(earlier, 'superseded');
    }
    return state;
  }

  async function failCase(err: unknown) {
    const rejection =
      businessRejection(err, input.caseId) ?? processingGaveUp(err, input.caseId, processing.attempts);
    if (!rejection) throw err;
    await markFailed(rejection);
    state.failureReason = rejection.reason;
    moveTo('failed');
  }
}

/**
 * One child per library, `upstream-<caseId>-<target>`. Abandoned, not awaited: the case is issued now, and a
 * library's outage may last hours; each submission carries on (and is queried) on its own.
 */
async function startUpstreamSubmissions(caseId: string, submission: LifecycleVersion['submission']) {
  await Promise.all(
    upstreamTargets.map((target) =>
      startChild(submission, {
        workflowId: upstreamWorkflowId(caseId, target),
        args: [{ caseId, target }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        priority: upstreamSubmissionPriority,
      }),
    ),
  );
}

/**
 * The people's part of a case: review decisions (updates with validators, four-eyes), the SLA escalation, and
 * retakes in the same case with their deadline. Validators run before anything is persisted and refuse with
 * a typed ApplicationFailure the API maps to an answer; handlers return only after the activity committed.
 */
class Lifecycle {
  private capturedBy: string[] = [];
  private secondApproval = false;
  private firstApprover: string | undefined;
  /** The SLAs of the case's queues, as routeCase applied them (sla_due_at), or the one of the timers. */
  private slas: QueueSlas;
  /** Set while a decision or retake is being persisted, or the case is being closed: nothing else is accepted. */
  private busy = false;

  constructor(
    private readonly caseId: string,
    private readonly state: PhotoCaseState,
    private readonly timers: LifecycleTimers,
    private readonly moveTo: (status: PhotoCaseState['status']) => void,
    private readonly has: LifecycleVersion['has'],
  ) {
    this.slas = {
      reviewSlaSeconds: timers.reviewSlaSeconds,
      secondApprovalSlaSeconds: timers.reviewSlaSeconds,
    };
    setHandler(decideCase, (decision) => this.decide(decision), {
      validator: (decision) => this.validateDecision(decision),
    });
    setHandler(
      submitRetake,
      async (retake) => {
        this.busy = true;
        try {
          await recordRetake({ caseId: this.caseId, ...retake });
          this.capturedBy.push(retake.actor.subject);
          this.state.attempt = (this.state.attempt ?? 1) + 1;
          this.moveTo('processing');
          return this.state;
        } finally {
          this.busy = false;
        }
      },
      {
        validator: (_retake: RetakeInput) => {
          if (this.busy || this.state.status !== 'awaiting_retake')
            throw refusal(failureTypes.notWaiting, `case is ${this.state.status}, not waiting for a retake`);
        },
      },
    );
  }

  routed(routed: RoutedCase) {
    this.state.routeReason = routed.reason;
    // A case back in a queue after a retake starts a new SLA (routeCase clears its escalation too).
    this.state.escalated = false;
    this.secondApproval = routed.needsSecondApproval;
    if (routed.slas) this.slas = routed.slas;
    for (const subject of routed.capturedBy)
      if (!this.capturedBy.includes(subject)) this.capturedBy.push(subject);
  }

  /** Waits for the decision; when the SLA runs out first the case is escalated, and waiting goes on. */
  async reviewUntilDecided() {
    let waitingIn = this.state.status;
    while (this.state.status === 'in_review' || this.state.status === 'awaiting_second_approval') {
      const slaSeconds =
        waitingIn === 'awaiting_second_approval'
          ? this.slas.secondApprovalSlaSeconds
          : this.slas.reviewSlaSeconds;
      const decided = await condition(
        () => this.state.status !== waitingIn && !this.busy,
        `${slaSeconds} seconds`,
      );
      if (decided) {
        waitingIn = this.state.status;
        continue;
      }
      // A decision being saved when the SLA ran out may still be refused: wait for it, then look again.
      if (this.has('settle-before-timeout')) await condition(() => !this.busy);
      if (!this.state.escalated && !this.busy && this.state.status === waitingIn) {
        this.state.escalated = true;
        await escalateCase({ caseId: this.caseId });
      }
      await condition(() => this.state.status !== waitingIn && !this.busy);
      waitingIn = this.state.status;
    }
  }

  /** True when a retake arrived before the deadline; otherwise the case is closed as abandoned. */
  async retakeArrives(): Promise<boolean> {
    const arrived = await condition(
      () => this.state.status !== 'awaiting_retake' && !this.busy,
      `${this.timers.retakeDeadlineSeconds} seconds`,
    );
    if (arrived) return true;
    // A retake accepted just before the deadline is being saved: it wins.
    if (this.has('settle-before-timeout')) {
      await condition(() => !this.busy);
      if (this.state.status !== 'awaiting_retake') return true;
    }
    this.busy = true;
    await abandonCase({ caseId: this.caseId });
    this.moveTo('abandoned');
    return false;
  }

  private validateDecision({ decision, actor, reasonCode, checks }: DecisionInput) {
    const { status } = this.state;
    if (this.busy || (status !== 'in_review' && status !== 'awaiting_second_approval'))
      throw refusal(failureTypes.notWaiting, `case is ${status}: there is no decision to make`);
    if (this.capturedBy.includes(actor.subject))
      throw refusal(failureTypes.fourEyes, 'whoever captured a case may not decide it');
    if (status === 'awaiting_second_approval') {
      if (actor.subject === this.firstApprover)
        throw refusal(failureTypes.fourEyes, 'the second approval needs another person than the first');
      if (!actor.roles.includes('supervisor'))
        throw refusal(failureTypes.roleRequired, 'the second approval needs a supervisor');
    }
    if (decision !== 'approve' && !reasonCode)
      throw refusal(failureTypes.invalidDecision, `${decision} needs a reason code`);
    if (decision === 'retake' && !checks?.length && reasonCode !== 'other')
      throw refusal(failureTypes.invalidDecision, 'a retake request names the checks to fix');
  }

  private async decide(input: DecisionInput): Promise<PhotoCaseState> {
    this.busy = true;
    try {
      const transition = this.transitionFor(input);
      const record: DecisionRecord = {
        caseId: this.caseId,
        ...input,
        transition,
        timers: this.timers,
        ...(transition === 'approveFirst'
          ? { secondApprovalSlaSeconds: this.slas.secondApprovalSlaSeconds }
          : {}),
      };
      await recordDecision(record);
      if (transition === 'approveFirst') this.firstApprover = input.actor.subject;
      this.state.escalated = transition === 'approveFirst' ? false : this.state.escalated;
      this.moveTo(transitions[transition].to);
      return this.state;
    } finally {
      this.busy = false;
    }
  }

  private transitionFor({ decision }: DecisionInput): DecisionRecord['transition'] {
    if (this.state.status === 'awaiting_second_approval') {
      if (decision === 'reject') return 'rejectAtSecondApproval';
      return decision === 'retake' ? 'requestRetakeAtSecondApproval' : 'approveSecond';
    }
    if (decision === 'reject') return 'reject';
    if (decision === 'retake') return 'requestRetake';
    return this.secondApproval ? 'approveFirst' : 'approve';
  }
}

const refusal = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/** The failure to record for a non-retryable business rejection raised by an activity; undefined for anything else. */
function businessRejection(err: unknown, caseId: string): CaseFailure | undefined {
  if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable))
    return undefined;
  const failure: CaseFailure = { caseId, reason: err.cause.message };
  const details: unknown = err.cause.details?.[0];
  if (err.cause.type === failureTypes.photoRejected && isPhotoRejection(details)) {
    return { ...failure, code: details.code, message: details.message };
  }
  return failure;
}

function isPhotoRejection(value: unknown): value is PhotoRejection {
  const candidate = value as Partial<PhotoRejection> | undefined;
  return (
    typeof candidate?.code === 'string' &&
    typeof candidate.message?.zh === 'string' &&
    typeof candidate.message.en === 'string'
  );
}

/** The failure to record when processing kept failing for other reasons until its attempts ran out. */
function processingGaveUp(err: unknown, caseId: string, attempts: number): CaseFailure | undefined {
  if (!(err instanceof ActivityFailure) || err.activityType !== 'processMaster') return undefined;
  return {
    caseId,
    reason: `processing failed ${attempts} times: ${err.cause?.message ?? err.message}`,
    code: 'processing_failed',
    message: {
      zh: '照片处理多次失败：请重新采集；如仍失败，请联系管理员查看处理服务日志。',
      en: 'Processing the photo failed repeatedly: capture again, and if that fails too, ask an administrator to check the worker log.',
    },
  };
}
