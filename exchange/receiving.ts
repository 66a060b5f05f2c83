/**
 * `POST /exchange/messages`: the other network's relay delivers one signed message. The signature is checked
 * over the exact body bytes before anything else is read (401 exchange_signature_invalid); the message must be
 * one the other side sends (422 exchange_kind_misdirected) and well formed (400 exchange_message_invalid).
 * It is applied with its inbox record in one transaction, so a message delivered again is applied once and
 * answered the same. No token: the exchange key is the sender's credential, and the route is served only to
 * the exchange's own network path (docs/networks.md).
 */
import type { Client } from '@temporalio/client';
import express, { type Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { BlobStore } from '../db/blob-store';
import { recordApplied } from '../db/exchange';
import type { KeyRing } from '../signing/keys';
import { grantRevokedWithPhoto, grantWorkflowId } from '../workflows/contracts';
import { HttpProblem } from '../api/problems';
import { applyPhotoIssued, applyPhotoRevoked, storeIssuedFiles } from './apply-government';
import { applyGrantCreated, applyGrantExpired, applyGrantRead, applyGrantRevoked } from './apply-police';
import { messageSenders } from '../domain/network';
import { envelopeSchema, messagePayloads, type Applied, type MessageKind, type PayloadOf } from './messages';
import { keyIdHeader, signatureHeader, type PeerKeys } from './signing';

const badSignature = new HttpProblem(401, 'exchange_signature_invalid', {
  zh: '交换消息的签名无效或密钥未知，未接收',
  en: 'The exchange message is not signed by a known key of the other network: not taken',
});
const misdirected = new HttpProblem(422, 'exchange_kind_misdirected', {
  zh: '该类消息不应由对方网络发来',
  en: 'This kind of message is not one the other network sends',
});
const invalidMessage = (detail: string) =>
  new HttpProblem(400, 'exchange_message_invalid', {
    zh: `交换消息格式不对：${detail}`,
    en: `The exchange message is malformed: ${detail}`,
  });

export interface ReceiverDeps {
  db: Knex;
  blobs: BlobStore;
  /** The police side's certificate keys: every exchanged photo must carry a certificate that holds. */
  keys: KeyRing;
  network: 'police' | 'government';
  peerKeys: PeerKeys;
  temporal: Client;
  log: Logger;
  /** The largest message taken (a photo set travels with its files). */
  maxBytes: number;
}

type Apply<K extends MessageKind> = (
  trx: Knex.Transaction,
  payload: PayloadOf<K>,
  messageId: string,
) => Promise<Applied>;
const appliers: { [K in MessageKind]: Apply<K> } = {
  'photo.issued': applyPhotoIssued,
  'photo.revoked': applyPhotoRevoked,
  'grant.created': applyGrantCreated,
  'grant.read': applyGrantRead,
  'grant.revoked': applyGrantRevoked,
  'grant.expired': applyGrantExpired,
};

export function exchangeRouter(deps: ReceiverDeps): Router {
  const router = express.Router();
  router.post(
    '/exchange/messages',
    express.raw({ type: () => true, limit: deps.maxBytes }),
    (req, res, next) => {
      receive(deps, req.body as Buffer, req.get(keyIdHeader), req.get(signatureHeader))
        .then((answer) => res.json(answer))
        .catch(next);
    },
  );
  return router;
}

async function receive(
  deps: ReceiverDeps,
  body: Buffer,
  keyId: string | undefined,
  signature: string | undefined,
): Promise<{ messageId: string; kind: MessageKind; applied: true }> {
  if (!Buffer.isBuffer(body) || !keyId || !signature || !deps.peerKeys(keyId, body, signature)) {
    deps.log.warn({ keyId }, 'exchange message refused: signature');
    throw badSignature;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidMessage('not JSON');
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success) throw invalidMessage(envelope.error.issues[0]?.message ?? 'envelope');
  const { messageId, kind, sentBy } = envelope.data;
  if (messageSenders[kind] !== sentBy || sentBy === deps.network) throw misdirected;
  const payload = messagePayloads[kind].safeParse(envelope.data.payload);
  if (!payload.success) throw invalidMessage(payload.error.issues[0]?.message ?? kind);

  if (kind === 'photo.issued')
    await storeIssuedFiles(deps, payload.data as PayloadOf<'photo.issued'>, envelope.data.files ?? {});
  const applied = await deps.db.transaction(async (trx) => {
    if (!(await recordApplied(trx, { messageId, kind, keyId }))) return undefined;
    return (appliers[kind] as Apply<typeof kind>)(trx, payload.data as never, messageId);
  });
  if (applied) await endGrantWorkflows(deps.temporal, applied.grantsEnded);
  else deps.log.info({ messageId, kind }, 'exchange message delivered again: applied before');
  return { messageId, kind, applied: true };
}

/** As on the police side (api/cases/revocation.ts): the rows say revoked already; the workflows end early. */
async function endGrantWorkflows(temporal: Client, grantIds: string[]) {
  await Promise.allSettled(
    grantIds.map((id) => temporal.workflow.getHandle(grantWorkflowId(id)).signal(grantRevokedWithPhoto)),
  );
}
