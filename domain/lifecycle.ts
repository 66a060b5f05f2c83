/**
 * The photo case lifecycle as data: every status, every allowed transition and who may trigger it. The
 * workflow, the status-guarded updates (db/), the API's access rules, the console (status chips, which
 * statuses keep a page polling) and the CHECK constraint on `cases.status` all read this one module; the
 * README's state diagram is generated from it and a test holds the two together.
 */
import type { Role } from './principal';

export const caseStatuses = [
  'received',
  'processing',
  'processed',
  'awaiting_retake',
  'in_review',
  'awaiting_second_approval',
  'approved',
  'issued',
  'rejected',
  'abandoned',
  'failed',
  'superseded',
  'revoked',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** What the console does with a status: `active` ones change on their own soon, so a page showing them polls. */
export interface StatusTraits {
  /** Changes without a person acting (the workflow is working on it): pages poll. */
  active: boolean;
  /** The lifecycle is over: no transition leaves it except the issued photo's own (superseded, revoked). */
  final: boolean;
  /** A person must act (review, retake): shown as a call to action. */
  waitingForPerson: boolean;
}

export const statusTraits: Record<CaseStatus, StatusTraits> = {
  received: { active: true, final: false, waitingForPerson: false },
  processing: { active: true, final: false, waitingForPerson: false },
  processed: { active: true, final: false, waitingForPerson: false },
  awaiting_retake: { active: false, final: false, waitingForPerson: true },
  in_review: { active: false, final: false, waitingForPerson: true },
  awaiting_second_approval: { active: false, final: false, waitingForPerson: true },
  approved: { active: true, final: false, waitingForPerson: false },
  issued: { active: false, final: true, waitingForPerson: false },
  rejected: { active: false, final: true, waitingForPerson: false },
  abandoned: { active: false, final: true, waitingForPerson: false },
  failed: { active: false, final: true, waitingForPerson: false },
  superseded: { active: false, final: true, waitingForPerson: false },
  revoked: { active: false, final: true, waitingForPerson: false },
};

/** The automatic steps are taken by the worker; people's steps by the roles named. */
export type Trigger = 'system' | Role;

export interface Transition {
  from: readonly CaseStatus[];
  to: CaseStatus;
  by: readonly Trigger[];
  /** The audit action recorded when the transition is applied. */
  action: string;
}

export const transitions = {
  startProcessing: { from: ['received'], to: 'processing', by: ['system'], action: 'case.processing' },
  recordVerdict: { from: ['processing'], to: 'processed', by: ['system'], action: 'case.processed' },
  requireRetake: {
    from: ['processed'],
    to: 'awaiting_retake',
    by: ['system'],
    action: 'case.retake_required',
  },
  sendToReview: { from: ['processed'], to: 'in_review', by: ['system'], action: 'case.sent_to_review' },
  autoApprove: { from: ['processed'], to: 'approved', by: ['system'], action: 'case.auto_approved' },
  fail: { from: ['received', 'processing'], to: 'failed', by: ['system'], action: 'case.failed' },
  submitRetake: {
    from: ['awaiting_retake'],
    to: 'processing',
    by: ['operator', 'citizen'],
    action: 'case.retake_captured',
  },
  abandon: { from: ['awaiting_retake'], to: 'abandoned', by: ['system'], action: 'case.abandoned' },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer', 'supervisor'], action: 'case.approved' },
  approveFirst: {
    from: ['in_review'],
    to: 'awaiting_second_approval',
    by: ['reviewer', 'supervisor'],
    action: 'case.first_approval',
  },
  approveSecond: {
    from: ['awaiting_second_approval'],
    to: 'approved',
    by: ['supervisor'],
    action: 'case.second_approval',
  },
  reject: { from: ['in_review'], to: 'rejected', by: ['reviewer', 'supervisor'], action: 'case.rejected' },
  requestRetake: {
    from: ['in_review'],
    to: 'awaiting_retake',
    by: ['reviewer', 'supervisor'],
    action: 'case.retake_requested',
  },
  rejectAtSecondApproval: {
    from: ['awaiting_second_approval'],
    to: 'rejected',
    by: ['supervisor'],
    action: 'case.rejected',
  },
  requestRetakeAtSecondApproval: {
    from: ['awaiting_second_approval'],
    to: 'awaiting_retake',
    by: ['supervisor'],
    action: 'case.retake_requested',
  },
  issue: { from: ['approved'], to: 'issued', by: ['system'], action: 'case.issued' },
  supersede: { from: ['issued'], to: 'superseded', by: ['system'], action: 'case.superseded' },
  revoke: { from: ['issued', 'superseded'], to: 'revoked', by: ['admin'], action: 'case.revoked' },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof transitions;
export const transitionNames = Object.keys(transitions) as TransitionName[];

/** Statuses in which a person decides (the review queues). */
export const reviewStatuses = ['in_review', 'awaiting_second_approval'] as const satisfies CaseStatus[];

/** Statuses whose issued photos were withdrawn (revoked, or replaced by a newer issue): never sent anywhere again. */
export const withdrawnStatuses: ReadonlySet<string> = new Set<CaseStatus>(['revoked', 'superseded']);

export function canTransition(name: TransitionName, from: CaseStatus): boolean {
  return (transitions[name].from as readonly CaseStatus[]).includes(from);
}

/** The README's state diagram (mermaid), generated so the picture cannot drift from the rules. */
export function lifecycleDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> received'];
  for (const [name, t] of Object.entries(transitions) as [TransitionName, Transition][]) {
    for (const from of t.from) lines.push(`  ${from} --> ${t.to}: ${name} (${t.by.join(', ')})`);
  }
  for (const status of caseStatuses) if (statusTraits[status].final) lines.push(`  ${status} --> [*]`);
  return lines.join('\n');
}
