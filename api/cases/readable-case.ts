import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { findCase, toCaseDetail, toCaseSummary, type CaseRow } from '../../db/cases';
import { idNumberOf, type PersonCipher } from '../../db/person-cipher';
import { findCasePhoto, listCasePhotos, type CasePhotoRow } from '../../db/photos';
import { caller } from '../auth/middleware';
import { notFound } from '../problems';

/**
 * A case id is not checked as an input (a malformed one answers 404 like any case the caller cannot see):
 * these schemas document the path parameters.
 */
export const caseParams = z.object({ id: z.string().meta({ format: 'uuid' }) });
export const photoParams = caseParams.extend({ profileId: z.string().meta({ example: 'id_card' }) });

export const caseNotFound = notFound({ zh: '该案件', en: 'Case' });
const photoNotFound = notFound({ zh: '该证件照', en: 'Photo' });

/**
 * The case named by `req.params.id`, if it exists and the caller may read it (the second authorisation,
 * after the route's permission); otherwise 404 either way, so its existence does not leak.
 */
export async function readableCase(db: Knex, req: Request): Promise<CaseRow> {
  const { ability } = caller(req);
  const id = String(req.params.id);
  const row = z.uuid().safeParse(id).success ? await findCase(db, id) : undefined;
  // The rules' conditions name summary fields (station, region): no need to build the whole detail.
  if (!row || !ability.can('read', tag('Case', toCaseSummary(row)))) throw caseNotFound;
  return row;
}

/** A case's detail, its ID number opened (the roles that read a detail see it whole; lists show it masked). */
export const caseDetailOf = async (db: Knex, cipher: PersonCipher, row: CaseRow) =>
  toCaseDetail(row, idNumberOf(cipher, row), await listCasePhotos(db, row.id));

/** The standard photo named by `req.params.profileId` of a case the caller may read; otherwise 404. */
export async function readablePhoto(db: Knex, req: Request): Promise<{ row: CaseRow; photo: CasePhotoRow }> {
  const row = await readableCase(db, req);
  const photo = await findCasePhoto(db, row.id, String(req.params.profileId));
  if (!photo) throw photoNotFound;
  return { row, photo };
}
