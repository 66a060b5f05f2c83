import type { Knex } from 'knex';

/** What the photo pipeline produced for a case: the verdict and report on the case, one row per photo. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('verdict').checkIn(['pass', 'review', 'retake']);
    t.jsonb('quality_report');
    t.text('preview_sha256');
    t.text('failure_code');
    t.jsonb('failure_message');
    t.index(['verdict']);
  });

  await knex.schema.createTable('case_photos', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('profile_id').notNullable();
    t.text('sha256').notNullable();
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    t.integer('dpi').notNullable();
    t.integer('bytes').notNullable();
    t.integer('jpeg_quality').notNullable();
    t.text('verdict').notNullable().checkIn(['pass', 'review', 'retake']);
    t.boolean('usable').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'profile_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_photos');
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['verdict']);
    t.dropColumns('verdict', 'quality_report', 'preview_sha256', 'failure_code', 'failure_message');
  });
}
