/** The exchange's outbox (what this side has yet to push, in order) and inbox (what it has applied, by id). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { messageSenders, type MessageKind, type NetworkRole } from '../domain/network';
import type { PayloadOf } from '../exchange/messages';

export interface OutboxRow {
  seq: string;
  message_id: string;
  kind: MessageKind;
  payload: Record<string, unknown>;
  created_at: Date;
  delivered_at: Date | null;
  attempts: number;
  last_error: string | null;
}

/**
 * Queues a message for the other network, in the caller's transaction, so the change and its message commit
 * together. Only the kinds this network sends: an all-in-one deployment (`single`) has no other network, and
 * the police side does not report grants, which it does not make.
 */
export async function enqueueMessage<K extends MessageKind>(
  trx: Knex.Transaction,
  network: NetworkRole | undefined,
  kind: K,
  payload: PayloadOf<K>,
): Promise<void> {
  if (messageSenders[kind] !== network) return;
  await trx('exchange_outbox').insert({ message_id: randomUUID(), kind, payload: JSON.stringify(payload) });
}

/** The oldest undelivered messages, in the order they were written. */
export async function pendingMessages(db: Knex, limit: number): Promise<OutboxRow[]> {
  return db<OutboxRow>('exchange_outbox').whereNull('delivered_at').orderBy('seq').limit(limit);
}

export async function markDelivered(db: Knex, seq: string): Promise<void> {
  await db('exchange_outbox')
    .where({ seq })
    .update({ delivered_at: db.fn.now(), attempts: db.raw('attempts + 1'), last_error: null });
}

export async function recordFailedPush(db: Knex, seq: string, error: string): Promise<void> {
  await db('exchange_outbox')
    .where({ seq })
    .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000) });
}

/** The outbox's undelivered messages, and whether the one at its head (the next to push) has been refused. */
export interface OutboxBacklog {
  pending: number;
  oldestCreatedAt: Date | null;
  /** Failed pushes of the head message: above 0, nothing behind it moves until the other side takes it. */
  headAttempts: number;
  headError: string | null;
}

export async function outboxBacklog(db: Knex): Promise<OutboxBacklog> {
  // Both read the partial index on pending messages.
  const { rows } = await db.raw<{ rows: OutboxBacklog[] }>(
    `select count(*)::int as "pending", min(created_at) as "oldestCreatedAt",
            coalesce((array_agg(attempts order by seq))[1], 0) as "headAttempts",
            (array_agg(last_error order by seq))[1] as "headError"
       from exchange_outbox where delivered_at is null`,
  );
  return rows[0]!;
}

/**
 * Records a message as applied, in the transaction that applies it. False when it was applied before (or is
 * being applied by a concurrent delivery, which this waits for): the caller then applies nothing.
 */
export async function recordApplied(
  trx: Knex.Transaction,
  message: { messageId: string; kind: MessageKind; keyId: string },
): Promise<boolean> {
  const inserted = await trx('exchange_inbox')
    .insert({ message_id: message.messageId, kind: message.kind, key_id: message.keyId })
    .onConflict('message_id')
    .ignore()
    .returning('message_id');
  return inserted.length > 0;
}
