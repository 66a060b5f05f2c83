/**
 * A case's timeline: its audit entries and its workflow's history events, merged in time order. Workflow
 * events are summarised (type, time, activity or update name): payloads carry personal data and stay out.
 * It shows the audit trail, so each read is itself recorded (audit.timeline_read) before it is answered.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { caseAuditTrail } from '../../db/audit';
import { recordAuditRead } from '../audit/record-read';
import { z } from 'zod';
import { timelineEntrySchema, type TimelineEntry } from '../../domain/schemas';
import { photoWorkflowId } from '../../workflows/contracts';
import { defineRoute, json, type Route } from '../contract';
import {
  fetchWorkflowSteps,
  workflowSteps,
  type HistoryEventJson,
  type WorkflowStep,
} from '../workflow-history';
import { caseParams, readableCase } from './readable-case';

/** The timeline's view of the workflow's steps: the type and the activity or update name. */
export function summariseHistory(events: HistoryEventJson[]): TimelineEntry[] {
  return workflowSteps(events).map(timelineStep);
}

const timelineStep = ({ at, type, activity, update }: WorkflowStep): TimelineEntry => ({
  source: 'workflow',
  at,
  type,
  ...(activity ? { activity } : {}),
  ...(update ? { update } : {}),
});

export function timelineRoutes({ db, temporal }: { db: Knex; temporal: Client }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/cases/:id/timeline',
      tags: ['cases'],
      summary: "The case's audit entries and workflow events, merged in time order (audited)",
      description:
        'The read itself is recorded first (audit.timeline_read), so it is the newest audit entry of the answer.',
      permission: ['read', 'Case'],
      params: caseParams,
      responses: { 200: json(z.array(timelineEntrySchema), 'the timeline, oldest first') },
      problems: [404, 503],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        await recordAuditRead(db, req, row.id, 'audit.timeline_read');
        const audit: TimelineEntry[] = (await caseAuditTrail(db, row.id)).map((e) => ({
          source: 'audit',
          at: e.at.toISOString(),
          action: e.action,
          actor: e.actor,
          data: e.data,
        }));
        // A case whose workflow history was removed (retention) still has its audit trail.
        const workflow = (await fetchWorkflowSteps(temporal, photoWorkflowId(row.id))).map(timelineStep);
        // Stable: entries of the same millisecond keep their own order, audit first.
        res.json([...audit, ...workflow].sort((a, b) => a.at.localeCompare(b.at)));
      },
    }),
  ];
}
