/**
 * A retake in the same case: the operator captures again for a case waiting for one; the new master is
 * stored, then handed to the case's workflow, which records it (the earlier attempt archived) before answering.
 */
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { tag } from '../../domain/ability';
import { caseDetailSchema, type CaseDetail } from '../../domain/schemas';
import type { BlobStore } from '../../db/blob-store';
import { findCase, type CaseRow } from '../../db/cases';
import type { PersonCipher } from '../../db/person-cipher';
import { inspectUpload, type UploadLimits } from '../../imaging';
import { photoWorkflowId, submitRetake } from '../../workflows/contracts';
import { caller } from '../auth/middleware';
import { caseParams, caseDetailOf, readableCase } from '../cases/readable-case';
import { defineRoute, json, type Route } from '../contract';
import { forbidden } from '../problems';
import { actorOf } from '../review/routes';
import { retakeFields } from '../review/schemas';
import { updateRefusal } from '../review/workflow-errors';
import { photoUpload, uploadedPhoto } from './routes';

export interface RetakeDeps {
  db: Knex;
  blobs: BlobStore;
  temporal: Client;
  limits: UploadLimits;
  personCipher: PersonCipher;
}

/**
 * Hands the uploaded photo to the case's workflow as its retake (by the caller) and answers the case as it
 * is once recorded. The caller's right to retake this case is checked before.
 */
export async function retakeInCase(
  deps: RetakeDeps,
  req: Request,
  row: CaseRow,
  device: string | undefined,
): Promise<CaseDetail> {
  const buffer = uploadedPhoto(req);
  const info = await inspectUpload(buffer, deps.limits);
  const sha256 = await deps.blobs.put(buffer);
  try {
    await deps.temporal.workflow.getHandle(photoWorkflowId(row.id)).executeUpdate(submitRetake, {
      args: [
        {
          actor: actorOf(req),
          master: { sha256, mimeType: info.mimeType, bytes: buffer.length, format: info.format },
          device: device ?? null,
          capturedAt: new Date().toISOString(),
        },
      ],
    });
  } catch (err) {
    throw updateRefusal(err);
  }
  return caseDetailOf(deps.db, deps.personCipher, (await findCase(deps.db, row.id))!);
}

export const retakeFieldMessages = {
  device: { zh: '设备描述最多200个字符', en: 'The device description is at most 200 characters' },
};

/** A retake's upload and answer: the same for an operator's case and a citizen's phone capture. */
export const retakeContract = (limits: UploadLimits) => ({
  before: photoUpload(limits),
  bodyType: 'multipart/form-data' as const,
  params: caseParams,
  body: retakeFields,
  files: { photo: 'JPEG, PNG, WebP or HEIC' },
  fieldMessages: retakeFieldMessages,
  responses: { 202: json(caseDetailSchema, 'recorded; processing continues in the workflow') },
  problems: [404, 409, 413, 415, 503],
});

export function retakeRoutes(deps: RetakeDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/cases/:id/retakes',
      tags: ['captures'],
      summary: 'Capture again for a case waiting for a retake; answers once the new master is recorded',
      permission: ['retake', 'Case'],
      ...retakeContract(deps.limits),
      handler: async ({ body }, req, res) => {
        const row = await readableCase(deps.db, req);
        const subject = tag('Case', { stationId: row.station_id, regionId: row.region_id });
        if (!caller(req).ability.can('retake', subject)) throw forbidden();
        res.status(202).json(await retakeInCase(deps, req, row, body.device));
      },
    }),
  ];
}
