import type { Knex } from 'knex';

/**
 * Searching the audit trail. A person is found by a keyed hash of their ID number (HMAC-SHA256, the key from
 * configuration, never in the database), so the search index does not itself spell out ID numbers; the hash of
 * existing cases is filled in by the API on start (db/person-hash.ts), which holds the key. Entries are paged
 * newest first by (at, id): one index per filter the search offers, each ending in (at, id) for the keyset.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('id_number_hmac');
    t.index(['id_number_hmac']);
  });
  await knex.raw(`
    create index cases_id_number_hmac_missing on cases (id) where id_number_hmac is null;
    create index audit_events_at_id on audit_events (at, id);
    create index audit_events_actor_at_id on audit_events (actor, at, id);
    create index audit_events_action_at_id on audit_events (action, at, id);
    create index audit_events_case_at_id on audit_events (case_id, at, id);
    create index audit_events_client_at_id on audit_events ((data -> 'via' ->> 'client'), at, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index audit_events_client_at_id;
    drop index audit_events_case_at_id;
    drop index audit_events_action_at_id;
    drop index audit_events_actor_at_id;
    drop index audit_events_at_id;
    drop index cases_id_number_hmac_missing;
  `);
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['id_number_hmac']);
    t.dropColumn('id_number_hmac');
  });
}
