/**
 * A case's timeline: its audit entries and its workflow's history events, merged in time order. Workflow
 * events are summarised (type, time, activity or update name): payloads carry personal data and stay out.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { caseAuditTrail } from '../../db/audit';
import { z } from 'zod';
import { timelineEntrySchema, type TimelineEntry } from '../../domain/schemas';
import { photoWorkflowId } from '../../workflows/contracts';
import { defineRoute, json, type Route } from '../contract';
import { serviceUnavailable } from '../problems';
import { caseParams, readableCase } from './readable-case';

/** gRPC's NOT_FOUND: Temporal keeps no history of this workflow (any more). */
const grpcNotFound = 5;

/** The parts of a history event, as protobufjs writes it as JSON (enums by name, 64-bit numbers as strings). */
interface HistoryEventJson {
  eventId: string;
  eventTime: { seconds: string; nanos?: number };
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  activityTaskCompletedEventAttributes?: { scheduledEventId?: string };
  activityTaskFailedEventAttributes?: { scheduledEventId?: string };
  activityTaskTimedOutEventAttributes?: { scheduledEventId?: string };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
}

/** Workflow tasks are the engine's own bookkeeping, not steps of the case. */
const isBookkeeping = (type: string) => type.startsWith('WorkflowTask');

const typeName = (eventType: string) =>
  eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());

export function summariseHistory(events: HistoryEventJson[]): TimelineEntry[] {
  const activityOf = new Map<string, string>();
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const type = typeName(event.eventType);
    if (isBookkeeping(type)) continue;
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) activityOf.set(event.eventId, scheduled);
    const scheduledId =
      event.activityTaskCompletedEventAttributes?.scheduledEventId ??
      event.activityTaskFailedEventAttributes?.scheduledEventId ??
      event.activityTaskTimedOutEventAttributes?.scheduledEventId;
    const activity = scheduled ?? (scheduledId ? activityOf.get(scheduledId) : undefined);
    const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    entries.push({
      source: 'workflow',
      at: new Date(
        Number(event.eventTime.seconds) * 1000 + Math.floor((event.eventTime.nanos ?? 0) / 1e6),
      ).toISOString(),
      type,
      ...(activity ? { activity } : {}),
      ...(update ? { update } : {}),
    });
  }
  return entries;
}

export function timelineRoutes({ db, temporal }: { db: Knex; temporal: Client }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/cases/:id/timeline',
      tags: ['cases'],
      summary: "The case's audit entries and workflow events, merged in time order",
      permission: ['read', 'Case'],
      params: caseParams,
      responses: { 200: json(z.array(timelineEntrySchema), 'the timeline, oldest first') },
      problems: [404, 503],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        const audit: TimelineEntry[] = (await caseAuditTrail(db, row.id)).map((e) => ({
          source: 'audit',
          at: e.at.toISOString(),
          action: e.action,
          actor: e.actor,
          data: e.data,
        }));
        let workflow: TimelineEntry[] = [];
        try {
          const history = await temporal.workflow.getHandle(photoWorkflowId(row.id)).fetchHistory();
          // The history is a protobufjs message: JSON.stringify uses its toJSON (enums by name); the summary
          // keeps no payload.
          workflow = summariseHistory(
            (JSON.parse(JSON.stringify(history)) as { events?: HistoryEventJson[] }).events ?? [],
          );
        } catch (err) {
          // A case whose workflow history was removed (retention) still has its audit trail.
          if (!(isGrpcServiceError(err) && err.code === grpcNotFound))
            throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), {
              cause: err,
            });
        }
        // Stable: entries of the same millisecond keep their own order, audit first.
        res.json([...audit, ...workflow].sort((a, b) => a.at.localeCompare(b.at)));
      },
    }),
  ];
}
