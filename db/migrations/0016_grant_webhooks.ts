import type { Knex } from 'knex';

/**
 * Grant webhooks: a third party's endpoint for the ends of the grants addressed to it (revoked, expired), with
 * the secret that signs them (sealed under the photo files' master key, so a database dump does not sign), and
 * every delivery attempt (an event keeps its id through its retries, so a receiver can drop a repeat).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('third_party_clients', (t) => {
    t.text('webhook_url');
    t.binary('webhook_secret_sealed');
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.uuid('event_id').notNullable();
    t.text('event').notNullable().checkIn(['grant.revoked', 'grant.expired']);
    t.uuid('grant_id').notNullable().references('grants.id');
    t.text('client_id').notNullable().references('third_party_clients.client_id');
    t.text('url').notNullable();
    t.integer('attempt').notNullable().checkPositive();
    t.text('outcome').notNullable().checkIn(['delivered', 'retrying', 'failed']);
    t.integer('status_code');
    t.text('error');
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['client_id', 'at']);
    t.index(['event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.alterTable('third_party_clients', (t) => {
    t.dropColumn('webhook_secret_sealed');
    t.dropColumn('webhook_url');
  });
}
