import type { Knex } from 'knex';

/**
 * The signed checkpoints are append-only like the trail they cover: 0004 refused their update and delete but
 * not TRUNCATE, which skips row triggers, so an ordinary connection could empty the table in one statement.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
      for each statement execute function audit_events_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_checkpoints_no_truncate on audit_checkpoints');
}
