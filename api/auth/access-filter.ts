/**
 * Turns the caller's CASL rules for (action, subject) into a SQL condition, so lists only ever return rows the
 * caller may see. Conditions are written against domain field names and mapped to columns here.
 */
import { rulesToAST } from '@casl/ability/extra';
import { allInterpreters, createSqlInterpreter, pg } from '@ucast/sql';
import type { Knex } from 'knex';
import type { Action, AppAbility, SubjectType } from '../../domain/ability';

const interpret = createSqlInterpreter(allInterpreters);

export function accessScope(
  ability: AppAbility,
  action: Action,
  subject: SubjectType,
  columns: Record<string, string>,
): (qb: Knex.QueryBuilder) => void {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return (qb) => void qb.whereRaw('false');
  // An empty `and` means the rules grant access without conditions.
  if (ast.operator === 'and' && Array.isArray(ast.value) && ast.value.length === 0) return () => undefined;
  // @ucast/sql bundles @ucast/core 1 while CASL 7 builds @ucast/core 2 nodes; the node shape is the same.
  const [sql, params] = interpret(ast, {
    ...pg,
    paramPlaceholder: () => '?',
    escapeField: (field: string) => {
      const column = columns[field];
      if (!column) throw new Error(`access rule names an unknown field: ${field}`);
      return `"${column}"`;
    },
    joinRelation: () => false,
  });
  return (qb) => void qb.whereRaw(sql, params as Knex.RawBinding[]);
}
