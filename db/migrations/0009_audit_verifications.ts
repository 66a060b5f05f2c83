import type { Knex } from 'knex';

/**
 * The runs of the audit trail's verification, kept so the last result is answered without verifying again.
 * Each run is also an entry of the trail itself (`audit.verified`); this table is only its quick read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_verifications', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('actor').notNullable();
    t.boolean('ok').notNullable();
    t.bigInteger('events').notNullable();
    t.integer('streams').notNullable();
    t.integer('checkpoints').notNullable();
    t.timestamp('last_checkpoint_at', { useTz: true });
    t.jsonb('problem');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_verifications');
}
