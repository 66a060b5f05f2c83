/** The audit trail's signed checkpoints, written on a schedule (see workflows/audit-checkpoint.ts). */
import { writeAuditCheckpoint } from '../db/audit-verify';
import type { ActivityDeps } from './deps';

export function auditActivities({ db, keys }: ActivityDeps) {
  return {
    /** Returns the new checkpoint's id, or null when nothing was appended since the last one. */
    async writeAuditCheckpoint(): Promise<string | null> {
      return writeAuditCheckpoint(db, keys);
    },
  };
}
