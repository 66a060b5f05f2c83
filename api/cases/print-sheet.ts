/**
 * Print sheets for self-service printing: copies of one standard photo at their physical size on a 6-inch,
 * 5-inch or A4 sheet, as a PDF of the exact size or a JPEG with its DPI. Every sheet made is audited, and
 * a photo marked not to be issued (verdict retake) is never printed.
 */
import { auditVia } from '../../domain/audit-entry';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAuditEvent } from '../../db/audit';
import type { BlobStore } from '../../db/blob-store';
import { makeSheet, type ProfileSet } from '../../imaging';
import { caller } from '../auth/middleware';
import { binary, defineRoute, type Route } from '../contract';
import { HttpProblem } from '../problems';
import { photoParams, readablePhoto } from './readable-case';

const sheetQuery = z.object({
  size: z
    .string()
    .default('6inch')
    .meta({ examples: ['6inch', '5inch', 'a4'] }),
  format: z.enum(['pdf', 'jpg']).default('pdf'),
  count: z.coerce.number().int().min(1).max(100).optional(),
  gapMm: z.coerce.number().min(0).max(20).optional(),
  cutLines: z.enum(['true', 'false']).default('false'),
});

const sheetQueryMessages = {
  format: { zh: '格式只能是 pdf 或 jpg', en: 'format must be pdf or jpg' },
  count: { zh: '份数应为 1 到 100 的整数', en: 'count must be a whole number from 1 to 100' },
  gapMm: { zh: '间距应在 0 到 20 毫米之间', en: 'gapMm must be between 0 and 20 mm' },
  cutLines: { zh: '裁切线只能是 true 或 false', en: 'cutLines must be true or false' },
};

const notUsable = new HttpProblem(409, 'photo_not_usable', {
  zh: '该照片质检结论为需重拍，不能打印：请重新采集。',
  en: 'This photo failed its checks (retake) and must not be printed: capture again.',
});

/** A print sheet route's query and answer (a case's, and a citizen's own photo's). */
export const sheetRoute = {
  query: sheetQuery,
  fieldMessages: sheetQueryMessages,
  responses: {
    200: binary('a PDF of the exact sheet size, or a JPEG with its DPI', 'application/pdf', 'image/jpeg'),
  },
};

/** What making a print sheet needs. */
export interface SheetDeps {
  db: Knex;
  blobs: BlobStore;
  profiles: ProfileSet;
}

export function printSheetRoutes({ db, blobs, profiles }: SheetDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/cases/:id/photos/:profileId/sheet',
      tags: ['cases'],
      summary:
        'A print sheet of one standard photo (copies at their physical size; audited; refused for a photo marked not to be issued)',
      permission: ['read', 'Case'],
      params: photoParams,
      ...sheetRoute,
      problems: [404, 409],
      handler: async ({ query }, req, res) => {
        const { row, photo } = await readablePhoto(db, req);
        if (!photo.usable) throw notUsable;
        await sendSheet({ db, blobs, profiles }, req, res, {
          caseId: row.id,
          profileId: photo.profile_id,
          sha256: photo.sha256,
          query,
        });
      },
    }),
  ];
}

/** Makes the sheet of one photo, audits it and sends it as a download; the caller has checked who may. */
export async function sendSheet(
  { db, blobs, profiles }: SheetDeps,
  req: Request,
  res: Response,
  photo: { caseId: string; profileId: string; sha256: string; query: z.infer<typeof sheetQuery> },
) {
  const { query } = photo;
  const layout = profiles.sheet(query.size);
  const sheet = await makeSheet(await blobs.get(photo.sha256), layout, {
    ...(query.count !== undefined ? { count: query.count } : {}),
    ...(query.gapMm !== undefined ? { gapMm: query.gapMm } : {}),
    cutLines: query.cutLines === 'true',
  });
  await recordAuditEvent(db, {
    at: new Date(),
    caseId: photo.caseId,
    actor: caller(req).principal.username,
    action: 'photo.sheet_made',
    data: {
      profile: photo.profileId,
      photo: photo.sha256,
      size: layout.id,
      copies: sheet.copies,
      ...auditVia(caller(req).principal),
    },
  });
  res.attachment(`${photo.caseId}-${photo.profileId}-${layout.id}.${query.format}`);
  res.type(query.format === 'pdf' ? 'application/pdf' : 'image/jpeg');
  res.send(query.format === 'pdf' ? sheet.pdf : sheet.jpeg);
}
