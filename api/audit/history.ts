/**
 * A photo's whole history: its case's audit entries (capture, routing, claims, decisions, issuance,
 * certificates, deliveries, recalls, revocation, every recorded read) and the history of every workflow of it
 * (the lifecycle with each processing attempt, each upstream delivery, each recall), merged in time order.
 * Each source is one entry of `historySources`: a new kind of record (say, grants) plugs in by adding one.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { AuditRow } from '../../db/audit';
import { maskedIdNumberOf, type CaseRow } from '../../db/cases';
import { auditEntryContext } from '../../domain/audit-entry';
import type { HistoryEntry, PhotoHistory } from '../../domain/schemas';
import { upstreamTargets } from '../../domain/upstream';
import { photoWorkflowId, recallWorkflowId, upstreamWorkflowId } from '../../workflows/contracts';
import { fetchWorkflowSteps } from '../workflow-history';

export interface HistorySourceDeps {
  db: Knex;
  temporal: Client;
}

/** One kind of record of a photo: what it holds about the case, as history entries. */
export interface HistorySource {
  name: string;
  entries(deps: HistorySourceDeps, row: CaseRow): Promise<HistoryEntry[]>;
}

const auditTrail: HistorySource = {
  name: 'audit',
  async entries({ db }, row) {
    const rows = await db<AuditRow>('audit_events').where({ stream: row.id }).orderBy('seq');
    return rows.map((r) => {
      const { role, network, client, reason, details } = auditEntryContext(r.actor, r.data);
      return {
        at: r.at.toISOString(),
        source: 'audit',
        stream: 'audit',
        kind: r.action,
        actor: r.actor,
        role,
        network,
        reason,
        // The chain position and hash tie an exported entry to the trail `tongpai-audit verify` checks.
        details: { ...details, ...(client ? { client } : {}), seq: r.seq, hash: r.hash },
      };
    });
  },
};

/** The steps of the workflows named by `workflowIds(case)`: run by Temporal on the worker, hence system. */
const workflows = (name: string, workflowIds: (caseId: string) => string[]): HistorySource => ({
  name,
  async entries({ temporal }, row) {
    const histories = await Promise.all(
      workflowIds(row.id).map(async (id) => ({ id, steps: await fetchWorkflowSteps(temporal, id) })),
    );
    return histories.flatMap(({ id, steps }) =>
      steps.map(({ at, type, failure, ...details }) => ({
        at,
        source: 'workflow',
        stream: id,
        kind: type,
        actor: 'system:temporal',
        role: 'system',
        network: null,
        reason: failure ?? null,
        details,
      })),
    );
  },
});

export const historySources: HistorySource[] = [
  auditTrail,
  workflows('lifecycle', (caseId) => [photoWorkflowId(caseId)]),
  workflows('upstream', (caseId) => upstreamTargets.map((t) => upstreamWorkflowId(caseId, t))),
  workflows('recall', (caseId) => upstreamTargets.map((t) => recallWorkflowId(caseId, t))),
];

export async function photoHistory(
  deps: HistorySourceDeps,
  row: CaseRow,
  generatedBy: string,
  sources: HistorySource[] = historySources,
): Promise<PhotoHistory> {
  const entries = (await Promise.all(sources.map((s) => s.entries(deps, row)))).flat();
  return {
    caseId: row.id,
    status: row.status,
    category: row.category,
    idNumberMasked: maskedIdNumberOf(row),
    stationId: row.station_id,
    regionId: row.region_id,
    capturedAt: row.captured_at.toISOString(),
    generatedAt: new Date().toISOString(),
    generatedBy,
    // Stable: entries of the same millisecond keep their source's order, audit first.
    entries: entries.sort((a, b) => a.at.localeCompare(b.at)),
  };
}
