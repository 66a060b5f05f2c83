import type { Knex } from 'knex';

/**
 * Sharing: the registered third parties (a Keycloak client each, with the name citizens read and its own
 * redeem rate), the grants citizens give them over one issued photo (the code kept only as a keyed hash; reads
 * counted under the guard `reads_used <= max_reads`), and every read, the citizen's access log.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('third_party_clients', (t) => {
    t.text('client_id').primary();
    t.text('registered_name').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('redeems_per_minute').checkPositive();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('grants', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('region_id').notNullable();
    t.text('owner_id_number').notNullable();
    t.specificType('profiles', 'text[]').notNullable();
    t.text('purpose').notNullable();
    t.text('purpose_text');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.integer('max_reads').notNullable().checkPositive();
    t.integer('reads_used').notNullable().defaultTo(0);
    t.text('client_id').references('third_party_clients.client_id');
    t.text('code_hash').notNullable().unique();
    t.text('state').notNullable().defaultTo('active').checkIn(['active', 'revoked', 'expired', 'exhausted']);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('created_by').notNullable();
    t.boolean('on_behalf').notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_by');
    t.text('revocation_reason');
    t.index(['owner_id_number', 'created_at']);
    t.index(['case_id']);
    t.index(['state', 'created_at']);
  });
  await knex.raw('alter table grants add constraint grants_reads_within_max check (reads_used <= max_reads)');
  await knex.schema.createTable('grant_reads', (t) => {
    t.bigIncrements('id');
    t.uuid('grant_id').notNullable().references('grants.id');
    t.text('client_id').notNullable();
    t.text('registered_name').notNullable();
    t.text('profile_id').notNullable();
    t.text('purpose').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('result').notNullable().checkIn(['delivered']);
    t.index(['grant_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('grant_reads');
  await knex.schema.dropTable('grants');
  await knex.schema.dropTable('third_party_clients');
}
