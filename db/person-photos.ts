/** A person's current issued photo for one profile, found by their keyed person hash, for an organisation's lookup. */
import type { Knex } from 'knex';
import type { IssuedPhotoRow } from './issued-photos';

export type PersonPhoto =
  | { found: 'issued'; photo: IssuedPhotoRow }
  | { found: 'revoked' | 'not_issued' | 'profile_not_issued' | 'no_person' };

export async function currentIssuedPhoto(
  db: Knex,
  personHash: string,
  profileId: string,
): Promise<PersonPhoto> {
  const newest: IssuedPhotoRow | undefined = await db('issued_photos as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where({ 'c.id_number_hmac': personHash, 'p.profile_id': profileId })
    .orderBy('p.issued_at', 'desc')
    .first('p.*');
  if (newest?.state === 'issued') return { found: 'issued', photo: newest };
  if (newest?.state === 'revoked') return { found: 'revoked' };
  const anyIssued = await db('issued_photos as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where({ 'c.id_number_hmac': personHash, 'p.state': 'issued' })
    .first('p.case_id');
  if (anyIssued) return { found: 'profile_not_issued' };
  const anyCase = await db('cases').where({ id_number_hmac: personHash }).first('id');
  return { found: anyCase ? 'not_issued' : 'no_person' };
}
