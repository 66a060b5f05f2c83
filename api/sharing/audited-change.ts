/** A change made with its audit entry (system stream) in one transaction, or neither when nothing changed. */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { appendAuditEvent } from '../../db/audit';
import { caller } from '../auth/middleware';

export async function auditedChange(
  db: Knex,
  req: Request,
  audit: { action: string; data: Record<string, unknown> },
  change: (trx: Knex.Transaction) => Promise<boolean>,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    if (!(await change(trx))) return false;
    await appendAuditEvent(trx, {
      at: new Date(),
      caseId: null,
      actor: caller(req).principal.username,
      ...audit,
    });
    return true;
  });
}
