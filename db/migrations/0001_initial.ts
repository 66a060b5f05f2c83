import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.text('id').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
  });

  await knex.schema.createTable('stations', (t) => {
    t.text('id').primary();
    t.text('region_id').notNullable().references('regions.id');
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('network').notNullable().checkIn(['police', 'gov']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary();
    t.text('status').notNullable();
    t.text('category').notNullable();
    t.text('person_name').notNullable();
    t.text('id_number').notNullable();
    t.text('station_id').notNullable().references('stations.id');
    t.text('region_id').notNullable().references('regions.id');
    t.text('operator_subject').notNullable();
    t.text('operator_username').notNullable();
    t.text('device');
    t.text('master_sha256').notNullable();
    t.text('master_mime_type').notNullable();
    t.integer('master_bytes').notNullable();
    t.integer('master_width');
    t.integer('master_height');
    t.text('workflow_id').notNullable().unique();
    t.text('failure_reason');
    t.timestamp('captured_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['station_id', 'captured_at']);
    t.index(['region_id', 'captured_at']);
    t.index(['status']);
  });

  // Append-only, hash-chained: each row's hash covers its content and the previous row's hash.
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('case_id').references('cases.id');
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable().unique();
    t.index(['case_id', 'id']);
  });
  await knex.raw(`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end $$;
    create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_events');
  await knex.raw('drop function if exists audit_events_append_only');
  await knex.schema.dropTable('cases');
  await knex.schema.dropTable('stations');
  await knex.schema.dropTable('regions');
}
