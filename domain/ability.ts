/**
 * Who may do what, as CASL rules. The API enforces them (route permission, then the loaded row, and as a SQL
 * filter for lists); the console uses the same rules to hide what a user cannot do.
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Principal } from './principal';

export type Action = 'manage' | 'create' | 'read';
/** Subjects are checked either by type name or against an object carrying the fields named in conditions. */
export type SubjectType = 'Capture' | 'Case' | 'Station' | 'all';
export type AppAbility = MongoAbility<[Action, SubjectType | TaggedSubject]>;

/** A plain object tagged with its subject type, so conditions can be checked against a loaded row. */
export type TaggedSubject = { __caseType: SubjectType } & Record<string, unknown>;
export const tag = <T extends object>(type: SubjectType, object: T): TaggedSubject & T =>
  ({ ...object, __caseType: type }) as TaggedSubject & T;

export function defineAbilityFor(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const { roles, stationId, regionId } = principal;

  if (roles.includes('admin')) can('manage', 'all');
  if (roles.includes('operator') && stationId) {
    can('create', 'Capture', { stationId });
    can('read', 'Case', { stationId });
  }
  if ((roles.includes('reviewer') || roles.includes('supervisor') || roles.includes('auditor')) && regionId) {
    can('read', 'Case', { regionId });
  }
  if (roles.some((r) => r !== 'citizen' && r !== 'third_party')) can('read', 'Station');

  return build({ detectSubjectType: (object) => object.__caseType });
}
