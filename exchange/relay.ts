/**
 * The relay: pushes this side's outbox to the other network's `POST /exchange/messages`, oldest first, each
 * message signed. A message is marked delivered only once the other side has answered 200 (it applies a
 * message once however often it arrives, so a push repeated after a crash is harmless); the first refusal or
 * network error stops the batch, so nothing overtakes it, and the next round retries it. One relay pushes at
 * a time however many workers run it (db/session-lock.ts: no transaction stays open across the pushes).
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { BlobStore } from '../db/blob-store';
import { markDelivered, pendingMessages, recordFailedPush, type OutboxRow } from '../db/exchange';
import { whileHoldingLock } from '../db/session-lock';
import type { KeyRing } from '../signing/keys';
import type { Envelope, PayloadOf } from './messages';
import { keyIdHeader, signatureHeader } from './signing';

export interface RelayDeps {
  db: Knex;
  blobs: BlobStore;
  sentBy: 'police' | 'government';
  /** The other network's API, e.g. https://gov-api.example (the relay posts to <peerUrl>/exchange/messages). */
  peerUrl: string;
  /** This side's exchange keys: the active one signs. */
  keys: KeyRing;
  log: Logger;
}

const relayLockKey = 0x7470_6578; // "tpex"
const batchSize = 20;

export async function pushPending(deps: RelayDeps): Promise<{ delivered: number; failed: number }> {
  const round = await whileHoldingLock(deps.db, relayLockKey, async () => {
    let delivered = 0;
    for (const row of await pendingMessages(deps.db, batchSize)) {
      const refusal = await push(deps, row).catch((err: unknown) => String(err));
      if (refusal) {
        await recordFailedPush(deps.db, row.seq, refusal);
        deps.log.warn({ messageId: row.message_id, kind: row.kind, refusal }, 'exchange push failed');
        return { delivered, failed: 1 };
      }
      await markDelivered(deps.db, row.seq);
      delivered += 1;
    }
    return { delivered, failed: 0 };
  });
  // Another relay is pushing.
  return round.done ? round.value : { delivered: 0, failed: 0 };
}

/** Undefined once the other side has applied it; otherwise why not. */
async function push(deps: RelayDeps, row: OutboxRow): Promise<string | undefined> {
  const { body, headers } = await signedMessage(deps, row);
  const answer = await fetch(new URL('/exchange/messages', deps.peerUrl), {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(60_000),
  });
  if (answer.ok) return undefined;
  return `${answer.status} ${(await answer.text()).slice(0, 500)}`;
}

/** An outbox message as it is posted: the body's bytes and the headers that carry its signature. */
export async function signedMessage(
  deps: Pick<RelayDeps, 'blobs' | 'sentBy' | 'keys'>,
  row: OutboxRow,
): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const envelope: Envelope = {
    messageId: row.message_id,
    kind: row.kind,
    sentBy: deps.sentBy,
    createdAt: row.created_at.toISOString(),
    payload: row.payload,
    ...(row.kind === 'photo.issued' ? { files: await filesOf(deps.blobs, row.payload) } : {}),
  };
  const body = Buffer.from(JSON.stringify(envelope));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      [keyIdHeader]: deps.keys.activeKeyId,
      [signatureHeader]: deps.keys.sign(body),
    },
  };
}

async function filesOf(blobs: BlobStore, payload: Record<string, unknown>): Promise<Record<string, string>> {
  // Written by this side's issuance (activities/issue.ts) in this shape.
  const { photos } = payload as PayloadOf<'photo.issued'>;
  const files = await Promise.all(
    photos.map(async (p) => [p.sha256, (await blobs.get(p.sha256)).toString('base64')] as const),
  );
  return Object.fromEntries(files);
}

/** Pushes every `intervalMs` until stopped; `stop` waits for a push under way. */
export function startRelay(deps: RelayDeps, intervalMs = 1000): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = pushPending(deps)
      .catch((err: unknown) => deps.log.error({ err: String(err) }, 'exchange relay round failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(round, intervalMs);
      });
  };
  round();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
