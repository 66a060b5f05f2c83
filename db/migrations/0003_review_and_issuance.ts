import type { Knex } from 'knex';

/**
 * The lifecycle past processing: the documents a case is for, retakes in the same case (every attempt kept),
 * review claims, SLA and escalation, the four-eyes record, decisions, and the issued (certified) photo set.
 * The status CHECK constraint is not here: it is written from domain/lifecycle.ts after every migration run
 * (db/lifecycle-constraint.ts), so it can never disagree with the module.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.specificType('documents', 'text[]').notNullable().defaultTo('{id_card}');
    t.boolean('nationality_conflict').notNullable().defaultTo(false);
    t.integer('attempt').notNullable().defaultTo(1);
    t.text('route_reason');
    t.timestamp('queued_at', { useTz: true });
    t.timestamp('sla_due_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
    t.text('claimed_by_subject');
    t.text('claimed_by_username');
    t.timestamp('claim_expires_at', { useTz: true });
    t.text('first_approver_subject');
    t.text('first_approver_username');
    t.text('decision_reason_code');
    t.text('decision_note');
    t.specificType('retake_checks', 'text[]');
    t.timestamp('retake_deadline_at', { useTz: true });
    t.timestamp('issued_at', { useTz: true });
    t.index(['status', 'region_id', 'queued_at']);
    t.index(['id_number', 'status']);
  });

  // Earlier attempts of a case, archived when a retake replaces the case's current master.
  await knex.schema.createTable('case_attempts', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('attempt').notNullable();
    t.text('master_sha256').notNullable();
    t.text('master_mime_type').notNullable();
    t.integer('master_bytes').notNullable();
    t.integer('master_width');
    t.integer('master_height');
    t.text('operator_subject').notNullable();
    t.text('operator_username').notNullable();
    t.text('device');
    t.timestamp('captured_at', { useTz: true }).notNullable();
    t.text('verdict');
    t.jsonb('quality_report');
    t.text('preview_sha256');
    t.text('failure_code');
    t.jsonb('failure_message');
    t.primary(['case_id', 'attempt']);
  });

  await knex.schema.alterTable('case_photos', (t) => {
    t.integer('attempt').notNullable().defaultTo(1);
    t.dropPrimary();
  });
  await knex.schema.alterTable('case_photos', (t) => t.primary(['case_id', 'attempt', 'profile_id']));

  // The frozen, certified set: one row per issued standard photo. `sha256` names the exact issued bytes.
  await knex.schema.createTable('issued_photos', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('profile_id').notNullable();
    t.integer('attempt').notNullable();
    t.text('sha256').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.text('key_id').notNullable();
    t.jsonb('certificate').notNullable();
    t.text('state').notNullable().defaultTo('issued').checkIn(['issued', 'superseded', 'revoked']);
    t.timestamp('state_changed_at', { useTz: true });
    t.primary(['case_id', 'profile_id']);
    t.index(['sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('issued_photos');
  await knex.schema.alterTable('case_photos', (t) => t.dropPrimary());
  await knex.schema.alterTable('case_photos', (t) => {
    t.dropColumn('attempt');
    t.primary(['case_id', 'profile_id']);
  });
  await knex.schema.dropTable('case_attempts');
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['status', 'region_id', 'queued_at']);
    t.dropIndex(['id_number', 'status']);
    t.dropColumns(
      'documents',
      'nationality_conflict',
      'attempt',
      'route_reason',
      'queued_at',
      'sla_due_at',
      'escalated_at',
      'claimed_by_subject',
      'claimed_by_username',
      'claim_expires_at',
      'first_approver_subject',
      'first_approver_username',
      'decision_reason_code',
      'decision_note',
      'retake_checks',
      'retake_deadline_at',
      'issued_at',
    );
  });
}
