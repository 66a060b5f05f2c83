import knexFactory, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(connectionString: string, pool = { min: 0, max: 10 }): Db {
  return knexFactory({ client: 'pg', connection: connectionString, pool });
}
