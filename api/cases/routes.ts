import type { Knex } from 'knex';
import { z } from 'zod';
import { captureChannels, caseStatuses, personCategories, photoVerdicts } from '../../domain/cases';
import { caseDetailSchema, caseSummarySchema } from '../../domain/schemas';
import type { BlobStore } from '../../db/blob-store';
import { caseColumns, exactTotalLimit, listCases, toCaseSummary } from '../../db/cases';
import type { PersonCipher } from '../../db/person-cipher';
import { outboundMaster } from '../../imaging';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { binary, defineRoute, json, type Route } from '../contract';
import { listQueryFor, listQueryMessages, oneOrMany, parseListParams, sendPage } from '../list-params';
import { notFound } from '../problems';
import { caseDetailOf, caseParams, photoParams, readableCase, readablePhoto } from './readable-case';

const caseFilter = z.object({
  id: oneOrMany(z.uuid()).optional(),
  status: oneOrMany(z.enum(caseStatuses)).optional(),
  verdict: oneOrMany(z.enum(photoVerdicts)).optional(),
  category: oneOrMany(z.enum(personCategories)).optional(),
  stationId: oneOrMany(z.string()).optional(),
  channel: oneOrMany(z.enum(captureChannels)).optional(),
  q: z.string().trim().max(100).optional(),
});

const reportNotFound = notFound({ zh: '该质检报告', en: 'Quality report' });
const previewNotFound = notFound({ zh: '该检测标注图', en: 'Preview' });

export function caseRoutes({
  db,
  blobs,
  personCipher,
}: {
  db: Knex;
  blobs: BlobStore;
  personCipher: PersonCipher;
}): Route[] {
  const common = { tags: ['cases'], permission: ['read', 'Case'] } as const;
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases',
      summary: 'Cases the caller may read (react-admin simple REST conventions)',
      query: listQueryFor(caseFilter),
      fieldMessages: listQueryMessages,
      responses: {
        200: json(
          z.array(caseSummarySchema),
          `a page; Content-Range: cases <start>-<end>/<total>; above ${exactTotalLimit.toLocaleString('en')} ` +
            "matching cases the total is the database planner's estimate, marked by X-Total-Estimated: true",
        ),
      },
      handler: async ({ query }, req, res) => {
        const { ability } = caller(req);
        const params = parseListParams(query, {
          sortable: Object.keys(caseColumns),
          defaultSort: ['capturedAt', 'DESC'],
          filter: caseFilter,
        });
        const { rows, total, totalEstimated } = await listCases(db, {
          scope: accessScope(ability, 'read', 'Case', caseColumns),
          filter: params.filter,
          sort: params.sort,
          personHash: personCipher.hash,
          offset: params.offset,
          limit: params.limit,
        });
        if (totalEstimated) res.setHeader('X-Total-Estimated', 'true');
        sendPage(res, 'cases', params.offset, rows.map(toCaseSummary), total);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id',
      summary: 'One case (404 also when the caller may not read it)',
      params: caseParams,
      responses: { 200: json(caseDetailSchema, 'the case') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        res.json(await caseDetailOf(db, personCipher, row));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/master',
      summary:
        'The master photo as it may leave the system: upright (EXIF orientation applied), sRGB, a JPEG without ' +
        'any metadata (no GPS, device or other EXIF); the upload itself stays stored unchanged as evidence',
      params: caseParams,
      responses: { 200: binary('the master, without metadata', 'image/jpeg') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        res.type('image/jpeg').send((await outboundMaster(await blobs.get(row.master_sha256))).jpeg);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/photos/:profileId',
      summary: 'One standard photo rendered from the master (JPEG with its DPI)',
      params: photoParams,
      responses: { 200: binary('the photo', 'image/jpeg') },
      problems: [404],
      handler: async (_input, req, res) => {
        const { photo } = await readablePhoto(db, req);
        res.type('image/jpeg').send(await blobs.get(photo.sha256));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/preview',
      summary: 'The master with face box, landmarks and every crop drawn (404 until the case is processed)',
      params: caseParams,
      responses: { 200: binary('the preview', 'image/png') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        if (!row.preview_sha256) throw previewNotFound;
        res.type('image/png').send(await blobs.get(row.preview_sha256));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/report',
      summary:
        "The photo pipeline's full quality report: faces, measurements, every check of every profile, the geometry; " +
        "the content of tongpai-photo's report.json (404 until the case is processed)",
      params: caseParams,
      responses: { 200: json(z.looseObject({}), 'the report') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        if (!row.quality_report) throw reportNotFound;
        res.json(row.quality_report);
      },
    }),
  ];
}
