import knex from 'knex';
import { defineAbilityFor } from '../../domain/ability';
import type { Principal } from '../../domain/principal';
import { caseColumns } from '../../db/cases';
import { accessScope } from './access-filter';

const sql = knex({ client: 'pg' });
const principal = (p: Partial<Principal>): Principal => ({
  subject: 's',
  username: 'u',
  displayName: 'U',
  roles: [],
  ...p,
});
const scopedQuery = (p: Partial<Principal>) =>
  sql('cases')
    .where(accessScope(defineAbilityFor(principal(p)), 'read', 'Case', caseColumns))
    .toSQL()
    .toNative();

describe('case list access scope', () => {
  test('an operator sees the cases of their station', () => {
    const q = scopedQuery({ roles: ['operator'], stationId: 'sh-pudong-ee', regionId: 'shanghai' });
    expect(q.sql).toBe('select * from "cases" where ("station_id" = $1)');
    expect(q.bindings).toEqual(['sh-pudong-ee']);
  });

  test('a reviewer sees the cases of their region', () => {
    const q = scopedQuery({ roles: ['reviewer'], regionId: 'hangzhou' });
    expect(q.sql).toBe('select * from "cases" where ("region_id" = $1)');
    expect(q.bindings).toEqual(['hangzhou']);
  });

  test('an operator who also reviews sees either', () => {
    const q = scopedQuery({
      roles: ['operator', 'reviewer'],
      stationId: 'sh-pudong-ee',
      regionId: 'shanghai',
    });
    expect(q.sql).toMatch(
      /"region_id" = \$\d+ or "station_id" = \$\d+|"station_id" = \$\d+ or "region_id" = \$\d+/,
    );
  });

  test('an administrator is not filtered; a citizen sees nothing', () => {
    expect(scopedQuery({ roles: ['admin'] }).sql).toBe('select * from "cases"');
    expect(scopedQuery({ roles: ['citizen'] }).sql).toBe('select * from "cases" where (false)');
  });
});
