import type { Knex } from 'knex';

/**
 * The manual queue of rejected submissions and the per-library pause. A rejected submission an administrator
 * closes keeps its state `rejected` and gains `closed_*` (the state list stays as it is); one resubmitted goes
 * back to pending, counted in `resubmissions`. A correction (the refused photos rendered again from the
 * master) is kept per submission in `upstream_corrections` and sent under the same idempotency key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('upstream_submissions', (t) => {
    t.integer('resubmissions').notNullable().defaultTo(0);
    t.timestamp('closed_at', { useTz: true });
    t.text('closed_by');
    t.text('close_reason');
  });
  await knex.schema.createTable('upstream_corrections', (t) => {
    t.uuid('case_id').notNullable();
    t.text('target').notNullable();
    t.integer('photo_version').notNullable();
    t.text('profile_id').notNullable();
    t.text('sha256').notNullable();
    t.text('key_id').notNullable();
    t.jsonb('certificate').notNullable();
    t.timestamp('corrected_at', { useTz: true }).notNullable();
    t.text('corrected_by').notNullable();
    t.primary(['case_id', 'target', 'photo_version', 'profile_id']);
    t.foreign(['case_id', 'target', 'photo_version'])
      .references(['case_id', 'target', 'photo_version'])
      .inTable('upstream_submissions');
  });
  await knex.schema.createTable('upstream_targets', (t) => {
    t.text('target').primary();
    t.boolean('paused').notNullable().defaultTo(false);
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('changed_by');
    t.text('reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('upstream_targets');
  await knex.schema.dropTable('upstream_corrections');
  await knex.schema.alterTable('upstream_submissions', (t) => {
    t.dropColumns('resubmissions', 'closed_at', 'closed_by', 'close_reason');
  });
}
