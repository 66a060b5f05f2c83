/** A person's current issued photo for one profile, found by ID number, for an organisation's lookup. */
import type { Knex } from 'knex';
import type { IssuedPhotoRow } from './issued-photos';

export type PersonPhoto =
  | { found: 'issued'; photo: IssuedPhotoRow }
  | { found: 'revoked' | 'not_issued' | 'profile_not_issued' | 'no_person' };

export async function currentIssuedPhoto(
  db: Knex,
  idNumber: string,
  profileId: string,
): Promise<PersonPhoto> {
  const idNumberUpper = idNumber.trim().toUpperCase();
  const newest: IssuedPhotoRow | undefined = await db('issued_photos as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where({ 'c.id_number': idNumberUpper, 'p.profile_id': profileId })
    .orderBy('p.issued_at', 'desc')
    .first('p.*');
  if (newest?.state === 'issued') return { found: 'issued', photo: newest };
  if (newest?.state === 'revoked') return { found: 'revoked' };
  const anyIssued = await db('issued_photos as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where({ 'c.id_number': idNumberUpper, 'p.state': 'issued' })
    .first('p.case_id');
  if (anyIssued) return { found: 'profile_not_issued' };
  const anyCase = await db('cases').where({ id_number: idNumberUpper }).first('id');
  return { found: anyCase ? 'not_issued' : 'no_person' };
}
