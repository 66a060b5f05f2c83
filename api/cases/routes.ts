import { Router } from 'express';
import { z } from 'zod';
import { caseStatuses, personCategories, photoVerdicts } from '../../domain/cases';
import type { BlobStore } from '../../db/blob-store';
import { caseColumns, listCases, toCaseDetail, toCaseSummary } from '../../db/cases';
import { listCasePhotos } from '../../db/photos';
import type { Knex } from 'knex';
import { accessScope } from '../auth/access-filter';
import { caller, requirePermission } from '../auth/middleware';
import { readableCase, readablePhoto } from './readable-case';
import { oneOrMany, parseListParams, sendPage } from '../list-params';
import { notFound } from '../problems';
import type { Request } from 'express';

const caseFilter = z.object({
  id: oneOrMany(z.uuid()).optional(),
  status: oneOrMany(z.enum(caseStatuses)).optional(),
  verdict: oneOrMany(z.enum(photoVerdicts)).optional(),
  category: oneOrMany(z.enum(personCategories)).optional(),
  stationId: oneOrMany(z.string()).optional(),
  q: z.string().trim().max(100).optional(),
});

const reportNotFound = notFound({ zh: '该质检报告', en: 'Quality report' });
const previewNotFound = notFound({ zh: '该检测标注图', en: 'Preview' });

export function caseRoutes({ db, blobs }: { db: Knex; blobs: BlobStore }): Router {
  const router = Router();

  const readable = (req: Request) => readableCase(db, req);

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
    const row = await readable(req);
    res.json(toCaseDetail(row, await listCasePhotos(db, row.id)));
  });

  router.get('/cases/:id/master', requirePermission('read', 'Case'), async (req, res) => {
    const row = await readable(req);
    const photo = await blobs.get(row.master_sha256);
    res.type(row.master_mime_type).send(photo);
  });

  router.get('/cases/:id/photos/:profileId', requirePermission('read', 'Case'), async (req, res) => {
    const { photo } = await readablePhoto(db, req);
    res.type('image/jpeg').send(await blobs.get(photo.sha256));
  });

  router.get('/cases/:id/preview', requirePermission('read', 'Case'), async (req, res) => {
    const row = await readable(req);
    if (!row.preview_sha256) throw previewNotFound;
    res.type('image/png').send(await blobs.get(row.preview_sha256));
  });

  /** The pipeline's whole report: faces, measurements, every check of every profile, the geometry. */
  router.get('/cases/:id/report', requirePermission('read', 'Case'), async (req, res) => {
    const row = await readable(req);
    if (!row.quality_report) throw reportNotFound;
    res.json(row.quality_report);
  });

  return router;
}
