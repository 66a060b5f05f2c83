import type { Knex } from 'knex';

/**
 * A review queue across regions (a province-wide view, oldest waiting first) read from an index: at a million
 * cases `bench:scale` found the (status, region, queued_at) index sorting every waiting case of the province.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index cases_status_queued_at_index on cases (status, queued_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index cases_status_queued_at_index');
}
