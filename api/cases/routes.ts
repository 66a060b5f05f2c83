import { Router } from 'express';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { caseStatuses, personCategories } from '../../domain/cases';
import type { BlobStore } from '../../db/blob-store';
import { caseColumns, findCase, listCases, toCaseDetail, toCaseSummary, type CaseRow } from '../../db/cases';
import type { Knex } from 'knex';
import { accessScope } from '../auth/access-filter';
import { caller, requirePermission } from '../auth/middleware';
import { oneOrMany, parseListParams, sendPage } from '../list-params';
import { notFound } from '../problems';
import type { Request } from 'express';

const caseFilter = z.object({
  id: oneOrMany(z.uuid()).optional(),
  status: oneOrMany(z.enum(caseStatuses)).optional(),
  category: oneOrMany(z.enum(personCategories)).optional(),
  stationId: oneOrMany(z.string()).optional(),
  q: z.string().trim().max(100).optional(),
});

const caseNotFound = notFound({ zh: '该案件', en: 'Case' });

export function caseRoutes({ db, blobs }: { db: Knex; blobs: BlobStore }): Router {
  const router = Router();

  /** The row, if it exists and the caller may read it; otherwise 404 either way (no existence leak). */
  async function readableCase(req: Request): Promise<CaseRow> {
    const { ability } = caller(req);
    const id = String(req.params.id);
    const row = z.uuid().safeParse(id).success ? await findCase(db, id) : undefined;
    if (!row || !ability.can('read', tag('Case', toCaseDetail(row)))) throw caseNotFound;
    return row;
  }

  router.get('/cases', requirePermission('read', 'Case'), async (req, res) => {
    const { ability } = caller(req);
    const params = parseListParams(req.query, {
      sortable: Object.keys(caseColumns),
      defaultSort: ['capturedAt', 'DESC'],
      filter: caseFilter,
    });
    const { rows, total } = await listCases(db, {
      scope: accessScope(ability, 'read', 'Case', caseColumns),
      filter: params.filter,
      sort: params.sort,
      offset: params.offset,
      limit: params.limit,
    });
    sendPage(res, 'cases', params.offset, rows.map(toCaseSummary), total);
  });

  router.get('/cases/:id', requirePermission('read', 'Case'), async (req, res) => {
    res.json(toCaseDetail(await readableCase(req)));
  });

  router.get('/cases/:id/master', requirePermission('read', 'Case'), async (req, res) => {
    const row = await readableCase(req);
    const photo = await blobs.get(row.master_sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(row.master_mime_type).send(photo);
  });

  return router;
}
