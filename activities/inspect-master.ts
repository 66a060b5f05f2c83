/** Decodes the stored master (the imaging library owns sharp) and records its oriented size. */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { findCase, transitionCase } from '../db/cases';
import { ImagingError, inspectUpload } from '../imaging';
import { failureTypes, type CaseRef, type MasterSize } from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';

export function inspectMasterActivity({ db, blobs, limits }: ActivityDeps) {
  return {
    async inspectMaster({ caseId }: CaseRef): Promise<MasterSize> {
      const row = await findCase(db, caseId);
      if (!row)
        throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, failureTypes.caseNotFound);
      if (row.status === 'processed' && row.master_width && row.master_height) {
        return { width: row.master_width, height: row.master_height };
      }
      const master = await blobs.get(row.master_sha256);
      let size: MasterSize;
      try {
        const info = await inspectUpload(master, limits);
        size = { width: info.width, height: info.height };
      } catch (err) {
        if (err instanceof ImagingError) {
          throw ApplicationFailure.nonRetryable(err.messages.en, failureTypes.unreadableMaster, {
            code: err.code,
          });
        }
        throw err;
      }
      await db.transaction(async (trx) => {
        const moved = await transitionCase(trx, caseId, ['processing'], 'processed', {
          master_width: size.width,
          master_height: size.height,
        });
        if (!moved)
          throw ApplicationFailure.nonRetryable(
            `case ${caseId} is no longer processing`,
            'InvalidTransition',
          );
        await appendAuditEvent(trx, {
          at: new Date(),
          caseId,
          actor: workerActor,
          action: 'case.processed',
          data: { ...size },
        });
      });
      return size;
    },
  };
}
