import type { Knex } from 'knex';

/**
 * Institutional sharing: the catalogue, organisations with their Keycloak clients, applications, the lookups
 * made (the person as a keyed hash of the ID number, never the number itself), and the interface-call
 * counters of every external client (organisations' and citizens' third parties alike) per minute.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalogue_entries', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.text('service').notNullable().checkIn(['photo_lookup', 'imaging_tools'], 'catalogue_entries_service');
    t.specificType('profiles', 'text[]').notNullable();
    t.jsonb('matters').notNullable().defaultTo('[]');
    t.specificType('networks', 'text[]').notNullable();
    t.integer('rate_per_minute').notNullable();
    t.integer('daily_quota').notNullable();
    t.integer('validity_days').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('organisations', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('kind').notNullable().checkIn(['department', 'police_unit'], 'organisations_kind');
    t.text('network').notNullable().checkIn(['police', 'gov'], 'organisations_network');
    t.jsonb('contacts').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('organisation_clients', (t) => {
    t.text('client_id').primary();
    t.text('organisation_id').notNullable().references('organisations.id').onDelete('cascade');
    t.timestamp('suspended_at', { useTz: true });
    t.text('suspended_by');
    t.text('suspension_reason');
    t.index('organisation_id');
  });
  await knex.schema.createTable('sharing_applications', (t) => {
    t.uuid('id').primary();
    t.text('organisation_id').notNullable().references('organisations.id');
    t.text('entry_id').notNullable().references('catalogue_entries.id');
    t.specificType('matters', 'text[]').notNullable();
    t.text('purpose').notNullable();
    t.integer('expected_daily_volume').notNullable();
    t.integer('validity_days').notNullable();
    t.text('status')
      .notNullable()
      .checkIn(
        ['pending', 'approved', 'rejected', 'active', 'expired', 'suspended'],
        'sharing_applications_status',
      );
    t.text('applied_by').notNullable();
    t.timestamp('applied_at', { useTz: true }).notNullable();
    t.text('decided_by');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
    t.integer('rate_per_minute');
    t.integer('daily_quota');
    t.specificType('profiles', 'text[]');
    t.timestamp('valid_until', { useTz: true });
    t.timestamp('reminded_at', { useTz: true });
    t.text('workflow_id').notNullable();
    t.index(['organisation_id', 'status']);
  });
  await knex.schema.createTable('lookup_reads', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('client_id').notNullable();
    t.text('organisation_id').notNullable();
    t.uuid('application_id');
    t.text('matter_code').notNullable();
    t.text('purpose');
    t.text('person_hash').notNullable();
    t.text('profile_id');
    t.uuid('case_id');
    t.text('result').notNullable();
    t.index(['person_hash', 'at']);
  });
  await knex.schema.createTable('interface_calls', (t) => {
    t.text('client_id').notNullable();
    t.text('client_kind').notNullable();
    t.text('endpoint').notNullable();
    t.text('result').notNullable();
    t.timestamp('minute', { useTz: true }).notNullable();
    t.integer('count').notNullable();
    t.bigInteger('latency_ms_sum').notNullable();
    t.integer('latency_ms_max').notNullable();
    t.primary(['client_id', 'minute', 'endpoint', 'result']);
    t.index(['minute']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'interface_calls',
    'lookup_reads',
    'sharing_applications',
    'organisation_clients',
    'organisations',
    'catalogue_entries',
  ])
    await knex.schema.dropTable(table);
}
