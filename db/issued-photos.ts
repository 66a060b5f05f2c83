/** The issued, certified photo sets: frozen at issue, superseded by a later issue for the same person. */
import type { Knex } from 'knex';
import type { PhotoCertificate } from '../signing/certificate';

export const issuedStates = ['issued', 'superseded', 'revoked'] as const;
export type IssuedState = (typeof issuedStates)[number];

export interface IssuedPhotoRow {
  case_id: string;
  profile_id: string;
  attempt: number;
  sha256: string;
  issued_at: Date;
  key_id: string;
  certificate: PhotoCertificate;
  state: IssuedState;
  state_changed_at: Date | null;
}

export interface IssuedPhoto {
  caseId: string;
  profileId: string;
  sha256: string;
  issuedAt: string;
  state: IssuedState;
  certificate: PhotoCertificate;
}

export const toIssuedPhoto = (row: IssuedPhotoRow): IssuedPhoto => ({
  caseId: row.case_id,
  profileId: row.profile_id,
  sha256: row.sha256,
  issuedAt: row.issued_at.toISOString(),
  state: row.state,
  certificate: row.certificate,
});

export async function insertIssuedPhotos(
  trx: Knex.Transaction,
  rows: Omit<IssuedPhotoRow, 'state' | 'state_changed_at'>[],
) {
  if (rows.length)
    await trx('issued_photos').insert(
      rows.map((r) => ({ ...r, certificate: JSON.stringify(r.certificate) })),
    );
}

export async function listIssuedPhotos(db: Knex, caseId: string): Promise<IssuedPhotoRow[]> {
  return db<IssuedPhotoRow>('issued_photos').where({ case_id: caseId }).orderBy('profile_id');
}

/**
 * Every issued photo with exactly these bytes (one file may be issued once per case), and every correction of
 * one sent to a library from the manual queue (db/upstream-admin.ts): its own file and certificate, in force
 * as long as the issued photo it corrects.
 */
export async function findIssuedBySha256(db: Knex, sha256: string): Promise<IssuedPhotoRow[]> {
  const issued = await db<IssuedPhotoRow>('issued_photos').where({ sha256 }).orderBy('issued_at', 'desc');
  const corrected: IssuedPhotoRow[] = await db('upstream_corrections as c')
    .join('issued_photos as i', (on) => on.on('i.case_id', 'c.case_id').andOn('i.profile_id', 'c.profile_id'))
    .where('c.sha256', sha256)
    .orderBy('c.corrected_at', 'desc')
    .select(
      'c.case_id',
      'c.profile_id',
      'i.attempt',
      'c.sha256',
      'c.corrected_at as issued_at',
      'c.key_id',
      'c.certificate',
      'i.state',
      'i.state_changed_at',
    );
  return [...issued, ...corrected];
}

export async function markIssuedSet(trx: Knex.Transaction, caseId: string, state: IssuedState) {
  await trx('issued_photos')
    .where({ case_id: caseId })
    .whereNot({ state })
    .update({ state, state_changed_at: trx.fn.now() });
}

/** The person's photo set in force (their newest issued case), if any; the person by their keyed hash. */
export async function currentIssueFor(
  db: Knex,
  personHash: string,
): Promise<{ caseId: string; issuedAt: Date; photos: IssuedPhotoRow[] } | undefined> {
  const current = await db('cases')
    .where({ id_number_hmac: personHash, status: 'issued' })
    .orderBy('issued_at', 'desc')
    .first<{ id: string; issued_at: Date } | undefined>('id', 'issued_at');
  if (!current) return undefined;
  return { caseId: current.id, issuedAt: current.issued_at, photos: await listIssuedPhotos(db, current.id) };
}

/** Every issued photo of a person (by their keyed hash), newest issue first: a citizen's own photos. */
export async function issuedPhotosOfPerson(db: Knex, personHash: string): Promise<IssuedPhotoRow[]> {
  return db('issued_photos as i')
    .join('cases as c', 'c.id', 'i.case_id')
    .where('c.id_number_hmac', personHash)
    .orderBy([
      { column: 'i.issued_at', order: 'desc' },
      { column: 'i.profile_id', order: 'asc' },
    ])
    .select('i.*');
}
