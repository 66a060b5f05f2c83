/**
 * Who may do what, as CASL rules. The API enforces them (route permission, then the loaded row, and as a SQL
 * filter for lists); the console uses the same rules to hide what a user cannot do. Four-eyes (nobody decides
 * a case they captured; the second approval by another person) is checked against the case's history by
 * the workflow, on top of these rules. The README's role matrix is generated from this function.
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { transitions, type TransitionName } from './lifecycle';
import type { Principal, Role } from './principal';

export const actions = [
  'manage',
  'create',
  'read',
  /** Take a case from a review queue (and release it). */
  'claim',
  /** Approve, reject or ask for a retake (first decision). */
  'decide',
  /** The second approval of a special category. */
  'approveSecond',
  /** Capture again for a case waiting for a retake, or reuse an issued photo. */
  'retake',
  'issue',
  'revoke',
  'resubmit',
  'grant',
  'redeem',
] as const;
export type Action = (typeof actions)[number];
/** Subjects are checked either by type name or against an object carrying the fields named in conditions. */
/**
 * `UpstreamTarget`: a library the issued photos go to (its health, backlog, pause). `AuditTrail`: the whole
 * audit trail's integrity (its verification), read by auditors and administrators. `Dashboard`: the 驾驶舱's
 * figures over a region (`regionId`), read by those who oversee the service: administrators, supervisors and
 * auditors, of their region (a province-wide administrator: all). Institutional sharing:
 * `CatalogueEntry`, `Organisation`, `Application` (an organisation's, for an entry), `InterfaceClient` (an
 * external client's calls, and its suspension), `SharedPhoto` (a lookup by ID number) and `ImagingTool` (the
 * pipeline's check and rendering as a service).
 */
/**
 * `Grant`: a citizen's permission for a third party to read one issued photo (created, read, revoked, redeemed).
 * `ThirdPartyClient`: a registered third party, its rate and webhook (the province's; administrators).
 * `SelfCapture`: a citizen's capture of their own photo on their phone (`ownerPersonHash`: whose), and its retakes.
 */
export type SubjectType =
  | 'Capture'
  | 'Case'
  | 'Station'
  | 'IssuedPhoto'
  | 'UpstreamTarget'
  | 'AuditTrail'
  | 'Dashboard'
  | 'Grant'
  | 'SelfCapture'
  | 'CatalogueEntry'
  | 'Organisation'
  | 'Application'
  | 'InterfaceClient'
  | 'SharedPhoto'
  | 'ImagingTool'
  | 'ThirdPartyClient'
  | 'all';
export type AppAbility = MongoAbility<[Action, SubjectType | TaggedSubject]>;

/** A plain object tagged with its subject type, so conditions can be checked against a loaded row. */
export type TaggedSubject = { __caseType: SubjectType } & Record<string, unknown>;
export const tag = <T extends object>(type: SubjectType, object: T): TaggedSubject & T =>
  ({ ...object, __caseType: type }) as TaggedSubject & T;

/**
 * The people's steps of the lifecycle, by the action that authorises them. A role the lifecycle does not name
 * for any of an action's steps does not get that action from `manage` (administrators neither review nor
 * capture again; the workflow would refuse them, or record a step the lifecycle does not allow them).
 */
const secondApprovalSteps: TransitionName[] = [
  'approveSecond',
  'rejectAtSecondApproval',
  'requestRetakeAtSecondApproval',
];

export const lifecycleSteps: Partial<Record<Action, TransitionName[]>> = {
  claim: ['approve', 'approveFirst', 'reject', 'requestRetake', ...secondApprovalSteps],
  decide: ['approve', 'approveFirst', 'reject', 'requestRetake'],
  approveSecond: secondApprovalSteps,
  retake: ['submitRetake'],
  issue: ['issue'],
  revoke: ['revoke'],
};

export const lifecycleAllows = (role: Role, action: Action): boolean =>
  lifecycleSteps[action]?.some((step) => (transitions[step].by as readonly string[]).includes(role)) ?? true;

/**
 * `personHash`: the keyed hash of the caller's ID number (the API has the key; the console does not, and checks
 * grants by their type only).
 */
export function defineAbilityFor(
  principal: Principal,
  { personHash }: { personHash?: string } = {},
): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const { roles, stationId, regionId } = principal;
  const has = (role: Principal['roles'][number]) => roles.includes(role);

  if (has('admin')) {
    // A province-wide administrator carries no region claim; a regional one manages their region only.
    if (regionId) {
      for (const subject of ['Case', 'IssuedPhoto'] as const) can('manage', subject, { regionId });
      // Grants of the region's photos: listed, revoked, and created on a citizen's behalf (not redeemed).
      can(['create', 'read', 'revoke'], 'Grant', { regionId });
      // The third parties serve the province: a regional administrator sees them and their deliveries.
      can('read', 'ThirdPartyClient');
      can('create', 'Capture', { regionId });
      can('read', 'Station');
      // A library serves every region: a regional administrator sees it (their region's counts), a
      // province-wide one pauses and resumes it.
      can('read', 'UpstreamTarget');
      can('read', 'AuditTrail');
      can('read', 'Dashboard', { regionId });
      // The catalogue and the approvals are the province's: a regional administrator follows them.
      can('read', ['CatalogueEntry', 'Organisation', 'Application', 'InterfaceClient']);
    } else can('manage', 'all');
    // Photos are read by the third parties a citizen chose, never by an administrator through a grant.
    cannot('redeem', 'Grant');
    // Administrators decide on the sharing of photos; they do not look them up or use the tools as a client.
    cannot('read', 'SharedPhoto');
    cannot('create', 'ImagingTool');
    // A capture on the phone is the citizen's own: nobody takes it, or reads it that way, for them.
    cannot('manage', 'SelfCapture');
    // Before the other roles' rules: someone who is also a reviewer or an operator keeps what those give.
    for (const action of actions) if (!lifecycleAllows('admin', action)) cannot(action, 'Case');
  }
  if (has('operator') && stationId) {
    can('create', 'Capture', { stationId });
    can(['read', 'retake'], 'Case', { stationId });
  }
  if (regionId && (has('reviewer') || has('supervisor'))) {
    can(['read', 'claim', 'decide'], 'Case', { regionId });
  }
  if (regionId && has('supervisor')) can('approveSecond', 'Case', { regionId });
  if (regionId && has('auditor')) can('read', 'Case', { regionId });
  if (regionId && (has('auditor') || has('supervisor'))) can('read', 'Dashboard', { regionId });
  // The chains span every region: verifying them names at most an entry's stream, sequence and id.
  if (has('auditor')) can('read', 'AuditTrail');
  // A citizen's own photos are those issued under their verified ID number; a grant is theirs the same way.
  // Matched by the keyed person hash: grants keep no ID number.
  if (has('citizen') && principal.idNumber)
    can(['create', 'read', 'revoke'], 'Grant', { ownerPersonHash: personHash ?? '' });
  // A citizen captures their own photo on their phone, in their region, under their verified ID number.
  if (has('citizen') && principal.idNumber && regionId)
    can(['create', 'read', 'retake'], 'SelfCapture', { ownerPersonHash: personHash ?? '' });
  if (has('third_party') && principal.clientId) can('redeem', 'Grant');
  // A department user applies for their own organisations (the routes match them by named contact).
  if (has('department')) {
    can('read', ['CatalogueEntry', 'Organisation']);
    can(['create', 'read'], 'Application');
  }
  if (has('institution')) {
    can('read', 'SharedPhoto');
    can('create', 'ImagingTool');
  }
  const outside: Role[] = ['citizen', 'third_party', 'department', 'institution'];
  if (roles.some((r) => !outside.includes(r))) can('read', 'Station');
  return build({ detectSubjectType: (object) => object.__caseType });
}
