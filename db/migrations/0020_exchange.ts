import type { Knex } from 'knex';

/**
 * The data exchange between the police and the government networks (docs/networks.md): each side's outbox of
 * messages for the other, written in the transaction of the change it reports and pushed in order by the
 * relay, and its inbox of the messages it has applied, by message id, so a message delivered twice is applied
 * once. The government side's database creates the same two tables (db/government/migrate.ts). A single
 * deployment (the default) has both and leaves them empty.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exchange_outbox', (t) => {
    // The order messages are pushed in.
    t.bigIncrements('seq').primary();
    t.uuid('message_id').notNullable().unique();
    t.text('kind').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
  });
  await knex.raw(
    'create index exchange_outbox_pending_index on exchange_outbox (seq) where delivered_at is null',
  );
  await knex.schema.createTable('exchange_inbox', (t) => {
    t.uuid('message_id').primary();
    t.text('kind').notNullable();
    t.text('key_id').notNullable();
    t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('exchange_inbox');
  await knex.schema.dropTable('exchange_outbox');
}
