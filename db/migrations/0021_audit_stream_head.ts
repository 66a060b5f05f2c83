import type { Knex } from 'knex';

/**
 * `audit_stream_head(stream, checkpoint_key)`: takes an append's locks (the checkpoint's, shared, and the
 * stream's) and then reads the stream's newest entry, in one round trip instead of two. The read is a statement
 * of its own inside the function, so under READ COMMITTED it sees every append committed while the lock was
 * awaited (a single SELECT taking the lock and reading would use the snapshot from before the wait).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function audit_stream_head(p_stream text, p_checkpoint_key bigint)
    returns table (hash text, seq bigint) language plpgsql volatile as $$
    begin
      perform pg_advisory_xact_lock_shared(p_checkpoint_key), pg_advisory_xact_lock(hashtextextended('audit:' || p_stream, 0));
      return query
        select e.hash, e.seq from audit_events e where e.stream = p_stream order by e.seq desc limit 1;
    end $$
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function audit_stream_head(text, bigint)');
}
