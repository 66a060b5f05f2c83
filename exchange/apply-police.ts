/**
 * What the police side does with the government side's messages: it keeps each grant made there over one of
 * its photos, and the grant's end, each with its entry in the photo's case chain, so the police audit trail
 * says who was allowed to read which photo and until when, as in an all-in-one deployment.
 */
import type { Knex } from 'knex';
import { appendAuditEvent } from '../db/audit';
import {
  insertGrant,
  insertGrantRead,
  markGrantExpired,
  markGrantRevoked,
  recordCountedRead,
} from '../db/grants';
import { photoRevokedReason } from '../domain/grants';
import { exchangeActor, type Applied, type PayloadOf } from './messages';

const nothingEnded: Applied = { grantsEnded: [] };

export async function applyGrantCreated(
  trx: Knex.Transaction,
  grant: PayloadOf<'grant.created'>,
  messageId: string,
): Promise<Applied> {
  // Third parties are registered on the government side: the police side learns of one with its first grant.
  if (grant.clientId && grant.registeredName)
    await trx('third_party_clients')
      .insert({ client_id: grant.clientId, registered_name: grant.registeredName })
      .onConflict('client_id')
      .ignore();
  await insertGrant(trx, {
    id: grant.id,
    case_id: grant.caseId,
    region_id: grant.regionId,
    owner_id_number_hmac: grant.ownerPersonHash,
    profiles: grant.profiles,
    purpose: grant.purpose,
    purpose_text: grant.purposeText,
    expires_at: new Date(grant.expiresAt),
    max_reads: grant.maxReads,
    client_id: grant.clientId,
    code_hash: grant.codeHash,
    created_at: new Date(grant.createdAt),
    created_by: grant.createdBy,
    on_behalf: grant.onBehalf,
  });
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: grant.caseId,
    actor: grant.createdBy,
    action: 'grant.created',
    data: {
      grantId: grant.id,
      profiles: grant.profiles,
      purpose: grant.purpose,
      purposeText: grant.purposeText,
      expiresAt: grant.expiresAt,
      maxReads: grant.maxReads,
      clientId: grant.clientId,
      onBehalf: grant.onBehalf,
      via: exchangeActor,
      messageId,
    },
  });
  // Made there before this side's revocation of the photo arrived: it ends as the photo's other grants did, and
  // the case's chain says so (the revocation's own entry, written before, could not name it).
  const photoCase = await trx('cases').where({ id: grant.caseId }).first<{ status: string }>('status');
  if (photoCase?.status !== 'revoked') return nothingEnded;
  const at = new Date();
  const ended = await markGrantRevoked(trx, grant.id, { at, by: exchangeActor, reason: photoRevokedReason });
  if (ended)
    await appendAuditEvent(trx, {
      at,
      caseId: grant.caseId,
      actor: exchangeActor,
      action: 'grant.revoked',
      data: { grantId: grant.id, reason: photoRevokedReason, onBehalf: false, via: exchangeActor, messageId },
    });
  return nothingEnded;
}

export async function applyGrantRevoked(
  trx: Knex.Transaction,
  payload: PayloadOf<'grant.revoked'>,
  messageId: string,
): Promise<Applied> {
  // Ended here already (its photo was revoked here first): the police state stands.
  const row = await markGrantRevoked(trx, payload.grantId, {
    at: new Date(payload.at),
    by: payload.by,
    reason: payload.reason,
  });
  if (!row) return nothingEnded;
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: row.case_id,
    actor: payload.by,
    action: 'grant.revoked',
    data: {
      grantId: payload.grantId,
      reason: payload.reason,
      onBehalf: payload.onBehalf,
      via: exchangeActor,
      messageId,
    },
  });
  return nothingEnded;
}

export async function applyGrantExpired(
  trx: Knex.Transaction,
  payload: PayloadOf<'grant.expired'>,
  messageId: string,
): Promise<Applied> {
  const row = await markGrantExpired(trx, payload.grantId, new Date(payload.at));
  if (!row) return nothingEnded;
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: row.case_id,
    actor: exchangeActor,
    action: 'grant.expired',
    data: { grantId: payload.grantId, via: exchangeActor, messageId },
  });
  return nothingEnded;
}

export async function applyGrantRead(
  trx: Knex.Transaction,
  read: PayloadOf<'grant.read'>,
  messageId: string,
): Promise<Applied> {
  const at = new Date(read.at);
  const row = await recordCountedRead(trx, read.grantId, { readsUsed: read.readsUsed, at });
  if (!row) return nothingEnded;
  await insertGrantRead(trx, {
    grantId: read.grantId,
    clientId: read.clientId,
    registeredName: read.registeredName,
    profileId: read.profileId,
    purpose: row.purpose,
    at,
  });
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: row.case_id,
    actor: read.clientId,
    action: 'grant.read',
    data: {
      grantId: read.grantId,
      profileId: read.profileId,
      purpose: row.purpose,
      registeredName: read.registeredName,
      readsUsed: read.readsUsed,
      via: exchangeActor,
      messageId,
    },
  });
  return nothingEnded;
}
