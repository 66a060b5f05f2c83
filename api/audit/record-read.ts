/**
 * Reads of the audit trail, each recorded in it before it is answered: a read that cannot be recorded is not
 * answered.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { recordAuditEvent } from '../../db/audit';
import { auditVia } from '../../domain/audit-entry';
import { caller } from '../auth/middleware';

export function recordAuditRead(
  db: Knex,
  req: Request,
  caseId: string | null,
  action: string,
  data: Record<string, unknown> = {},
) {
  const { principal } = caller(req);
  return recordAuditEvent(db, {
    at: new Date(),
    caseId,
    actor: principal.username,
    action,
    // A search (about no case) is shown to the auditors of the region it was made from (db/audit-search.ts).
    data: { ...data, ...(caseId ? {} : { regionId: principal.regionId ?? null }), ...auditVia(principal) },
  });
}
