import type { Knex } from 'knex';

/**
 * Revocation and recall. On the case: who revoked it, when and why (the sharing issue's grants and `/verify`
 * read this), and which later case superseded it (so issuance, retried, still knows whose photos to recall).
 * On each upstream submission: the recall asked for (reason, when), the library's recall receipt once it
 * withdrew the photos, and why it refused to (a business failure, not retried).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_by');
    t.text('revocation_reason');
    t.text('revocation_note');
    t.uuid('superseded_by').references('cases.id');
    t.index(['superseded_by']);
  });
  await knex.schema.alterTable('upstream_submissions', (t) => {
    t.text('recall_reason');
    t.timestamp('recall_requested_at', { useTz: true });
    t.text('recall_id');
    t.jsonb('recall_receipt');
    t.timestamp('recalled_at', { useTz: true });
    t.text('recall_error');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('upstream_submissions', (t) => {
    t.dropColumns(
      'recall_reason',
      'recall_requested_at',
      'recall_id',
      'recall_receipt',
      'recalled_at',
      'recall_error',
    );
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['superseded_by']);
    t.dropColumns('revoked_at', 'revoked_by', 'revocation_reason', 'revocation_note', 'superseded_by');
  });
}
