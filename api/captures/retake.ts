/**
 * A retake in the same case: the operator captures again for a case waiting for one; the new master is
 * stored, then handed to the case's workflow, which records it (the earlier attempt archived) before answering.
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import type { BlobStore } from '../../db/blob-store';
import { findCase, toCaseDetail } from '../../db/cases';
import { listCasePhotos } from '../../db/photos';
import { inspectUpload, type UploadLimits } from '../../imaging';
import { photoWorkflowId, submitRetake } from '../../workflows/contracts';
import { caller, requirePermission } from '../auth/middleware';
import { readableCase } from '../cases/readable-case';
import { forbidden } from '../problems';
import { actorOf } from '../review/routes';
import { updateRefusal } from '../review/workflow-errors';
import { parseOrThrow } from '../validation';
import { photoUpload, uploadedPhoto } from './routes';

const retakeFields = z.object({ device: z.string().trim().max(200).optional() });

export function retakeRoutes(deps: {
  db: Knex;
  blobs: BlobStore;
  temporal: Client;
  limits: UploadLimits;
}): Router {
  const router = Router();
  router.post(
    '/cases/:id/retakes',
    requirePermission('retake', 'Case'),
    ...photoUpload(deps.limits),
    async (req, res) => {
      const row = await readableCase(deps.db, req);
      if (
        !caller(req).ability.can(
          'retake',
          tag('Case', { stationId: row.station_id, regionId: row.region_id }),
        )
      )
        throw forbidden();
      const fields = parseOrThrow(retakeFields, req.body ?? {}, {
        device: { zh: '设备描述最多200个字符', en: 'The device description is at most 200 characters' },
      });
      const buffer = uploadedPhoto(req);
      const info = await inspectUpload(buffer, deps.limits);
      const sha256 = await deps.blobs.put(buffer);
      try {
        await deps.temporal.workflow.getHandle(photoWorkflowId(row.id)).executeUpdate(submitRetake, {
          args: [
            {
              actor: actorOf(req),
              master: { sha256, mimeType: info.mimeType, bytes: buffer.length, format: info.format },
              device: fields.device ?? null,
              capturedAt: new Date().toISOString(),
            },
          ],
        });
      } catch (err) {
        throw updateRefusal(err);
      }
      res
        .status(202)
        .json(toCaseDetail((await findCase(deps.db, row.id))!, await listCasePhotos(deps.db, row.id)));
    },
  );
  return router;
}
