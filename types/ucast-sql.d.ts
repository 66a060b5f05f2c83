/**
 * @ucast/sql ships type declarations that its package.json "exports" hides from TypeScript; these declare the
 * part Tongpai uses (see api/auth/access-filter.ts).
 */
declare module '@ucast/sql' {
  export interface SqlDialect {
    paramPlaceholder(index: number): string;
    escapeField(field: string): string;
    joinRelation?(relationName: string, query: unknown): boolean;
  }
  export const pg: SqlDialect;
  export const allInterpreters: Record<string, unknown>;
  export function createSqlInterpreter(
    operators: Record<string, unknown>,
  ): (condition: unknown, options: SqlDialect, targetQuery?: unknown) => [string, unknown[], string[]];
}
