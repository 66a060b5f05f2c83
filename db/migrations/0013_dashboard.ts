import type { Knex } from 'knex';

/**
 * The dashboard's one new record: each station's latest heartbeat (a station is online when it captured or
 * sent one lately). Only the latest is kept: the heartbeat says "alive now", its history is not needed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('station_heartbeats', (t) => {
    t.text('station_id').primary().references('stations.id');
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.text('reported_by').notNullable();
    t.text('device');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('station_heartbeats');
}
