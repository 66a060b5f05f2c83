import type { Knex } from 'knex';
import { genesisHash, rowHash, type AuditRow } from '../audit';

/**
 * The audit trail becomes one hash chain per stream (a case, or `system` for events about no case), so appends
 * to different cases never wait for each other, plus signed checkpoints over every chain's head, so that
 * removing the newest entries of any chain is detectable by anyone holding a checkpoint. Existing entries are
 * re-chained per stream in id order, their content unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.text('stream');
    t.bigInteger('seq');
  });
  await knex.raw(`
    alter table audit_events disable trigger audit_events_no_update;
    update audit_events e set stream = coalesce(e.case_id::text, 'system'),
      seq = n.seq from (
        select id, row_number() over (partition by coalesce(case_id::text, 'system') order by id) as seq
        from audit_events) n
      where n.id = e.id;
  `);
  await knex.schema.alterTable('audit_events', (t) => {
    t.text('stream').notNullable().alter();
    t.bigInteger('seq').notNullable().alter();
    t.unique(['stream', 'seq']);
    t.dropUnique(['hash']);
  });
  const heads = new Map<string, string>();
  for (const row of await knex<AuditRow>('audit_events').orderBy('id')) {
    const prevHash = heads.get(row.stream) ?? genesisHash;
    const hash = rowHash(row, prevHash);
    await knex('audit_events').where({ id: row.id }).update({ prev_hash: prevHash, hash });
    heads.set(row.stream, hash);
  }
  await knex.raw(`
    alter table audit_events enable trigger audit_events_no_update;
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only();
  `);

  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    /** The id of the newest entry the checkpoint covers. */
    t.bigInteger('last_event_id').notNullable();
    t.bigInteger('streams').notNullable();
    t.bigInteger('events').notNullable();
    /** sha256 over every stream's (stream, seq, hash) head, in stream order. */
    t.text('heads_hash').notNullable();
    t.jsonb('heads').notNullable();
    t.text('prev_hash').notNullable();
    t.text('key_id').notNullable();
    t.text('signature').notNullable();
  });
  await knex.raw(`
    create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints
      for each row execute function audit_events_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_events_no_truncate on audit_events');
  await knex.schema.dropTable('audit_checkpoints');
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropUnique(['stream', 'seq']);
    t.dropColumns('stream', 'seq');
    t.unique(['hash']);
  });
}
