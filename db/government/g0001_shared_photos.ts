import type { Knex } from 'knex';
import * as grants from '../migrations/0010_grants';
import * as institutionalSharing from '../migrations/0012_institutional_sharing';
import * as exchange from '../migrations/0020_exchange';

/**
 * What the government side holds. `cases` keeps only the fields sharing needs (whose photo, which region, in
 * force or not): no capture, operator, station or review data crosses the exchange. The grant and
 * institutional-sharing tables and the exchange's are the police side's own migrations, run here unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary();
    t.text('status').notNullable().checkIn(['issued', 'superseded', 'revoked']);
    // Whose photo, as the keyed person hash both networks share (db/person-hash.ts): no ID number crosses.
    t.text('id_number_hmac').notNullable();
    t.text('region_id').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.index(['id_number_hmac', 'status']);
  });
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
  // The same hash-chained, append-only trail as the police side's (db/audit.ts), for what happens here.
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.text('stream').notNullable();
    t.bigInteger('seq').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('case_id').references('cases.id');
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.unique(['stream', 'seq']);
    t.index(['case_id', 'id']);
  });
  await knex.raw(`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end $$;
    create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only();
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only();
  `);
  await grants.up(knex);
  // A grant's owner by the person hash only (as 0018 leaves the police side's, without the emptied column).
  await knex.schema.alterTable('grants', (t) => {
    t.dropColumn('owner_id_number');
    t.text('owner_id_number_hmac').notNullable();
    t.index(['owner_id_number_hmac', 'created_at']);
  });
  await institutionalSharing.up(knex);
  await exchange.up(knex);
}

export async function down(knex: Knex): Promise<void> {
  await exchange.down(knex);
  await institutionalSharing.down(knex);
  await grants.down(knex);
  await knex.schema.dropTable('audit_events');
  await knex.raw('drop function if exists audit_events_append_only');
  await knex.schema.dropTable('issued_photos');
  await knex.schema.dropTable('cases');
}
