import knexFactory, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(connectionString: string, pool = { min: 0, max: 10 }): Db {
  return knexFactory({
    client: 'pg',
    connection: connectionString,
    pool,
    // By default a failed query's error message carries the SQL with its values written in (names, ID
    // numbers), and from there every log and workflow history that records the error: placeholders only.
    compileSqlOnError: false,
  });
}
