import type { Knex } from 'knex';

/**
 * The case list at a city's scale (npm run bench:scale, a million cases): the default order (newest capture
 * first) and the name order read an index instead of sorting the table; a search by the start of a name uses
 * the same index (the database's C collation lets a btree serve `like 'prefix%'`), and a search for any part
 * of an ID number (the last digits, as the masked number shows them) a trigram index (pg_trgm, a trusted
 * extension that the database's owner may create).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create index cases_captured_at_id_index on cases (captured_at desc, id)');
  await knex.raw('create index cases_person_name_id_index on cases (person_name, id)');
  await knex.raw('create index cases_id_number_trgm_index on cases using gin (id_number gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index cases_id_number_trgm_index');
  await knex.raw('drop index cases_person_name_id_index');
  await knex.raw('drop index cases_captured_at_id_index');
}
