/**
 * Work that one process at a time may do, whichever process and however long it takes: a session-level advisory
 * lock on a connection kept for the purpose, so no transaction stays open across the work (which may make
 * HTTP calls or many transactions of its own); a process that dies loses the lock with its connection.
 */
import type { Knex } from 'knex';

/** `work`'s answer while holding lock `key`; `{ done: false }` when another session holds it (nothing done). */
export async function whileHoldingLock<T>(
  db: Knex,
  key: number,
  work: () => Promise<T>,
): Promise<{ done: true; value: T } | { done: false }> {
  const client = db.client as Knex.Client;
  const connection: unknown = await client.acquireConnection();
  try {
    const { rows } = await db
      .raw<{ rows: { locked: boolean }[] }>('select pg_try_advisory_lock(?) as locked', [key])
      .connection(connection);
    if (!rows[0]?.locked) return { done: false };
    try {
      return { done: true, value: await work() };
    } finally {
      await db.raw('select pg_advisory_unlock(?)', [key]).connection(connection);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
