/**
 * What the government side does with the police side's messages: an issued photo set is checked (each file's
 * hash and police certificate) and kept in its own store and database; a superseded or revoked set stops
 * being in force, and a revocation ends every grant over it, under the grants' row locks as on the police side.
 */
import type { Knex } from 'knex';
import { appendAuditEvent } from '../db/audit';
import { sha256Of, type BlobStore } from '../db/blob-store';
import { revokeGrantsOfCase } from '../db/grants';
import { insertIssuedPhotos, markIssuedSet } from '../db/issued-photos';
import { photoRevokedReason } from '../domain/grants';
import { certificateHolds } from '../signing/certificate';
import type { KeyRing } from '../signing/keys';
import { HttpProblem } from '../api/problems';
import { exchangeActor, type Applied, type PayloadOf } from './messages';

const unverifiedPhoto = (profileId: string) =>
  new HttpProblem(422, 'exchange_photo_unverified', {
    zh: `交换的照片（${profileId}）与其哈希或证书不符，未接收`,
    en: `The exchanged photo ${profileId} does not match its hash or certificate: not taken`,
  });

/** Checks and stores the files before the transaction: content-addressed, so a file kept twice is one file. */
export async function storeIssuedFiles(
  { blobs, keys }: { blobs: BlobStore; keys: KeyRing },
  payload: PayloadOf<'photo.issued'>,
  files: Record<string, string>,
): Promise<void> {
  for (const photo of payload.photos) {
    const encoded = files[photo.sha256];
    const bytes = encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
    const { certificate } = photo;
    const holds =
      bytes !== undefined &&
      sha256Of(bytes) === photo.sha256 &&
      certificate.caseId === payload.caseId &&
      certificate.profileId === photo.profileId &&
      certificateHolds(keys, certificate, photo.sha256);
    if (!holds) throw unverifiedPhoto(photo.profileId);
    await blobs.put(bytes);
  }
}

export async function applyPhotoIssued(
  trx: Knex.Transaction,
  payload: PayloadOf<'photo.issued'>,
  messageId: string,
): Promise<Applied> {
  const issuedAt = new Date(payload.issuedAt);
  await trx('cases').insert({
    id: payload.caseId,
    status: 'issued',
    id_number_hmac: payload.personHash,
    region_id: payload.regionId,
    issued_at: issuedAt,
  });
  await insertIssuedPhotos(
    trx,
    payload.photos.map((p) => ({
      case_id: payload.caseId,
      profile_id: p.profileId,
      attempt: p.attempt,
      sha256: p.sha256,
      issued_at: issuedAt,
      key_id: p.keyId,
      certificate: p.certificate,
    })),
  );
  const superseded: { id: string }[] = await trx('cases')
    .whereIn('id', payload.superseded)
    .where({ status: 'issued' })
    .update({ status: 'superseded' })
    .returning('id');
  for (const { id } of superseded) await markIssuedSet(trx, id, 'superseded');
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: payload.caseId,
    actor: exchangeActor,
    action: 'exchange.photo_received',
    data: { messageId, profiles: payload.photos.map((p) => p.profileId), superseded: payload.superseded },
  });
  return { grantsEnded: [] };
}

export async function applyPhotoRevoked(
  trx: Knex.Transaction,
  payload: PayloadOf<'photo.revoked'>,
  messageId: string,
): Promise<Applied> {
  const [revoked] = await trx('cases')
    .where({ id: payload.caseId })
    .whereNot({ status: 'revoked' })
    .update({ status: 'revoked' })
    .returning('id');
  // A set issued before the networks were split never came here: nothing of it to revoke.
  if (!revoked) return { grantsEnded: [] };
  await markIssuedSet(trx, payload.caseId, 'revoked');
  const at = new Date(payload.at);
  const grantsEnded = await revokeGrantsOfCase(trx, payload.caseId, {
    at,
    by: payload.by,
    reason: photoRevokedReason,
  });
  await appendAuditEvent(trx, {
    at: new Date(),
    caseId: payload.caseId,
    actor: exchangeActor,
    action: 'exchange.photo_revoked',
    data: { messageId, reasonCode: payload.reasonCode, revokedBy: payload.by, grantsRevoked: grantsEnded },
  });
  return { grantsEnded };
}
