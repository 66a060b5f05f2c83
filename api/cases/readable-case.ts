import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { findCase, toCaseDetail, type CaseRow } from '../../db/cases';
import { caller } from '../auth/middleware';
import { notFound } from '../problems';

export const caseNotFound = notFound({ zh: '该案件', en: 'Case' });

/**
 * The case named by `req.params.id`, if it exists and the caller may read it (the second authorisation,
 * after the route's permission); otherwise 404 either way, so its existence does not leak.
 */
export async function readableCase(db: Knex, req: Request): Promise<CaseRow> {
  const { ability } = caller(req);
  const id = String(req.params.id);
  const row = z.uuid().safeParse(id).success ? await findCase(db, id) : undefined;
  if (!row || !ability.can('read', tag('Case', toCaseDetail(row)))) throw caseNotFound;
  return row;
}
