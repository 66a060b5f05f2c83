/**
 * The role matrix: for each role, each action and each subject, how far the role reaches (its own station, its
 * own region, every region, or nowhere), computed from the CASL rules of domain/ability.ts. The README's table
 * is printed from it (`npm run roles:table`; a unit test holds the two together) and the integration test
 * test/role-matrix.it.test.ts walks every cell against the real API.
 */
import { actions, defineAbilityFor, tag, type Action, type SubjectType } from './ability';
import type { Principal, Role } from './principal';

/** Where a case (or capture) is, seen from the caller. */
export const placements = ['ownStation', 'ownRegion', 'otherRegion'] as const;
export type Placement = (typeof placements)[number];

/** How far a role reaches for one action: the placements it covers are always a prefix of `placements`. */
export type Reach = 'none' | 'station' | 'region' | 'province';
const reachByCoverage: Reach[] = ['none', 'station', 'region', 'province'];

export const reaches = (reach: Reach, placement: Placement): boolean =>
  reachByCoverage.indexOf(reach) > placements.indexOf(placement);

/** A role as the matrix shows it, with the claims its demo users carry. */
export interface RoleProfile {
  id: string;
  role: Role;
  /** Whether the role's users carry a station claim, a region claim, both or neither. */
  claims: 'station' | 'region' | 'none';
}

export const roleProfiles: RoleProfile[] = [
  { id: 'operator', role: 'operator', claims: 'station' },
  { id: 'reviewer', role: 'reviewer', claims: 'region' },
  { id: 'supervisor', role: 'supervisor', claims: 'region' },
  { id: 'auditor', role: 'auditor', claims: 'region' },
  { id: 'admin (regional)', role: 'admin', claims: 'region' },
  { id: 'admin (province)', role: 'admin', claims: 'none' },
  { id: 'citizen', role: 'citizen', claims: 'region' },
  { id: 'third_party', role: 'third_party', claims: 'none' },
];

const home = { stationId: 'station-a', regionId: 'region-1' };
const targets: Record<Placement, { stationId: string; regionId: string }> = {
  ownStation: home,
  ownRegion: { stationId: 'station-b', regionId: 'region-1' },
  otherRegion: { stationId: 'station-c', regionId: 'region-2' },
};

const principalOf = ({ role, claims }: RoleProfile): Principal => ({
  subject: role,
  username: role,
  displayName: role,
  roles: [role],
  ...(claims === 'station' ? home : claims === 'region' ? { regionId: home.regionId } : {}),
});

/** The subjects whose rules depend on where the row is; a station list has no place. */
const placedSubjects = ['Case', 'Capture', 'IssuedPhoto'] as const satisfies SubjectType[];
export const matrixSubjects = [...placedSubjects, 'Station'] as const satisfies SubjectType[];
export type MatrixSubject = (typeof matrixSubjects)[number];

/** How far `profile` reaches for `action` on `subject`. */
export function reachOf(profile: RoleProfile, action: Action, subject: MatrixSubject): Reach {
  const ability = defineAbilityFor(principalOf(profile));
  if (subject === 'Station') return ability.can(action, 'Station') ? 'province' : 'none';
  const allowed = placements.map((p) => ability.can(action, tag(subject, targets[p])));
  const covered = allowed.filter(Boolean).length;
  // Rules that skip a nearer placement but reach a farther one cannot be shown as a reach.
  if (allowed.some((a, i) => a !== i < covered))
    throw new Error(`${profile.id} may ${action} ${subject} at ${allowed.join('/')}: not a reach`);
  return reachByCoverage[covered]!;
}

export interface MatrixRow {
  subject: MatrixSubject;
  action: Action;
  reach: Record<string, Reach>;
}

/**
 * The rows shown: what the API and the workflow check, per subject. Every action on a case has its row; on
 * the other subjects `manage` (every action, those to come included) stands for them. A unit test makes sure
 * no action is left out.
 */
export const matrixRows: [MatrixSubject, Action][] = [
  ...actions
    .filter((action) => action !== 'create' && action !== 'manage')
    .map((action): [MatrixSubject, Action] => ['Case', action]),
  ['Capture', 'create'],
  ['IssuedPhoto', 'manage'],
  ['Station', 'read'],
  ['Station', 'manage'],
];

export function roleMatrix(): MatrixRow[] {
  return matrixRows.map(([subject, action]) => ({
    subject,
    action,
    reach: Object.fromEntries(roleProfiles.map((p) => [p.id, reachOf(p, action, subject)])),
  }));
}

const reachText: Record<Reach, string> = {
  none: '—',
  station: 'own station',
  region: 'own region',
  province: 'all',
};

/** The README's role matrix (markdown). */
export function roleMatrixTable(): string {
  const header = ['subject', 'action', ...roleProfiles.map((p) => p.id)];
  const rows = roleMatrix().map((row) => [
    row.subject,
    `\`${row.action}\``,
    ...roleProfiles.map((p) => reachText[row.reach[p.id]!]),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

if (require.main === module) console.log(roleMatrixTable());
