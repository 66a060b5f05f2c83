import type { Knex } from 'knex';

/**
 * One row per submission of an issued photo set to an upstream library (case, target, photo version: the
 * idempotency key of docs/upstream.md), with its state and the library's receipt once delivered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('upstream_submissions', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('target').notNullable();
    t.integer('photo_version').notNullable();
    t.text('state')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'delivered', 'retrying', 'rejected', 'recalled']);
    t.text('receipt_id');
    t.jsonb('receipt');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('last_error_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'target', 'photo_version']);
    t.index(['state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('upstream_submissions');
}
