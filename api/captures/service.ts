/**
 * Accepting a capture: the master is stored, the case row and its first audit event are written, and the
 * lifecycle workflow is started, all or nothing: if Temporal refuses the start, the transaction rolls back.
 * The row is inserted before the start and the audit entry appended after it, so the only lock held while
 * Temporal answers is the new row's own.
 */
import { auditVia } from '../../domain/audit-entry';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { BlobStore } from '../../db/blob-store';
import { appendAuditEvent } from '../../db/audit';
import { insertCase, personColumnsOf } from '../../db/cases';
import type { PersonCipher } from '../../db/person-cipher';
import type { Principal } from '../../domain/principal';
import type { Station } from '../../domain/cases';
import type { UploadInfo } from '../../imaging';
import type { ProcessingRetry } from '../../domain/processing';
import { photoWorkflowId, type LifecycleTimers, type PhotoCaseInput } from '../../workflows/contracts';
import type { photoCaseV2 } from '../../workflows';
import {
  CaseIdAttribute,
  CaseStatusAttribute,
  CategoryAttribute,
  RegionAttribute,
  StationAttribute,
} from '../../workflows/search-attributes';
import { serviceUnavailable } from '../problems';
import type { CaptureFields } from './schema';

export interface CaptureDeps {
  db: Knex;
  blobs: BlobStore;
  temporal: Client;
  taskQueue: string;
  /** Handed to each case's workflow: how long its processing is retried, and its review and retake timers. */
  processing: ProcessingRetry;
  timers: LifecycleTimers;
  personCipher: PersonCipher;
}

export const acceptedCaptureSchema = z
  .strictObject({ caseId: z.uuid(), workflowId: z.string(), status: z.literal('received') })
  .meta({ id: 'AcceptedCapture' });
export type AcceptedCapture = z.infer<typeof acceptedCaptureSchema>;

/** Where a capture comes from: a station's window (an operator), or a citizen's phone in their region. */
export type CaptureOrigin = { channel: 'window'; station: Station } | { channel: 'phone'; regionId: string };

/** The case's own fields, as the operator's form or the citizen's account gives them. */
export type CaseFields = Omit<CaptureFields, 'stationId'>;

export async function acceptCapture(
  { db, blobs, temporal, taskQueue, processing, timers, personCipher }: CaptureDeps,
  capturer: Principal,
  origin: CaptureOrigin,
  fields: CaseFields,
  photo: { buffer: Buffer; info: UploadInfo },
): Promise<AcceptedCapture> {
  const stationId = origin.channel === 'window' ? origin.station.id : null;
  const regionId = origin.channel === 'window' ? origin.station.regionId : origin.regionId;
  const caseId = randomUUID();
  const workflowId = photoWorkflowId(caseId);
  const capturedAt = new Date();
  // Content-addressed: a blob left by a failed request is harmless and is reused if the same photo comes again.
  const sha256 = await blobs.put(photo.buffer);

  await db.transaction(async (trx) => {
    await insertCase(trx, {
      id: caseId,
      status: 'received',
      category: fields.category,
      person_name: fields.personName,
      ...personColumnsOf(trx, personCipher, fields.idNumber),
      station_id: stationId,
      channel: origin.channel,
      region_id: regionId,
      operator_subject: capturer.subject,
      operator_username: capturer.username,
      device: fields.device ?? null,
      master_sha256: sha256,
      master_mime_type: photo.info.mimeType,
      master_bytes: photo.buffer.length,
      master_width: null,
      master_height: null,
      workflow_id: workflowId,
      failure_reason: null,
      captured_at: capturedAt,
      documents: fields.documents,
      nationality_conflict: fields.nationalityConflict,
    });
    const input: PhotoCaseInput = { caseId, processing, timers };
    try {
      await temporal.workflow.start<typeof photoCaseV2>('photoCaseV2', {
        workflowId,
        taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: CaseIdAttribute, value: caseId },
          { key: CaseStatusAttribute, value: 'received' },
          { key: CategoryAttribute, value: fields.category },
          { key: RegionAttribute, value: regionId },
          ...(stationId ? [{ key: StationAttribute, value: stationId }] : []),
        ],
      });
    } catch (err) {
      throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err });
    }
    // Appended after the start, so that no audit lock is held while Temporal answers.
    await appendAuditEvent(trx, {
      at: capturedAt,
      caseId,
      actor: capturer.username,
      action: 'case.captured',
      data: {
        stationId,
        ...(origin.channel === 'phone' ? { channel: 'phone' } : {}),
        device: fields.device ?? null,
        sha256,
        bytes: photo.buffer.length,
        format: photo.info.format,
        documents: fields.documents,
        nationalityConflict: fields.nationalityConflict,
        ...(fields.declinedReuseOf ? { declinedReuseOf: fields.declinedReuseOf } : {}),
        ...auditVia(capturer),
      },
    });
    // The route checked it names this person's case.
    if (fields.declinedReuseOf) {
      await appendAuditEvent(trx, {
        at: capturedAt,
        caseId: fields.declinedReuseOf,
        actor: capturer.username,
        action: 'photo.reuse_declined',
        data: {
          stationId,
          documents: fields.documents,
          newCaseId: caseId,
          ...auditVia(capturer),
        },
      });
    }
  });

  return { caseId, workflowId, status: 'received' };
}
