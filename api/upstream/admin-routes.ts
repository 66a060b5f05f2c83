/**
 * The administrators' upstream page: each library's health, backlog, deliveries today and failures, its pause
 * and resume (audited); the manual queue of rejected submissions and the decisions on them (resubmit,
 * optionally after a correction, or close), sent to the submission's workflow as an update that answers once
 * the decision is persisted.
 */
import { auditVia } from '../../domain/audit-entry';
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import {
  manualQueueEntrySchema,
  upstreamReasonBody,
  upstreamResubmitBody,
  upstreamSubmissionSchema,
  upstreamTargetSchema,
  type ManualQueueEntry,
  type UpstreamTargetOverview,
} from '../../domain/schemas';
import { upstreamTargetInfo, upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { appendAuditEvent } from '../../db/audit';
import { caseColumns } from '../../db/cases';
import {
  latestSubmission,
  listManualQueue,
  setTargetPaused,
  targetOverview,
  type TargetOverviewRow,
} from '../../db/upstream-admin';
import { toUpstreamSubmission } from '../../db/upstream-submissions';
import {
  decideUpstreamSubmission,
  upstreamWorkflowId,
  type UpstreamDecisionInput,
} from '../../workflows/contracts';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { caseParams, readableCase } from '../cases/readable-case';
import { defineRoute, json, type Route } from '../contract';
import { listQueryFor, listQueryMessages, parseListFilter, sendPage } from '../list-params';
import { forbidden, HttpProblem, notFound } from '../problems';
import { actorOf } from '../review/routes';
import { withdrawnStatuses } from '../../domain/lifecycle';
import { decisionRefusal, notInManualQueue, photosWithdrawn } from './decision-errors';

export interface UpstreamAdminDeps {
  db: Knex;
  temporal: Client;
}

const targetParams = z.object({ target: z.enum(upstreamTargets) });
const submissionParams = caseParams.extend({ target: z.enum(upstreamTargets) });
const reasonMessages = {
  reason: { zh: '请填写原因（1 至 500 个字符）', en: 'Give a reason (1 to 500 characters)' },
  correct: { zh: 'correct 应为 true 或 false', en: 'correct must be true or false' },
  target: { zh: '未知的上游库', en: 'Unknown upstream library' },
};
const pauseUnchanged = (paused: boolean) =>
  new HttpProblem(
    409,
    paused ? 'already_paused' : 'not_paused',
    paused
      ? { zh: '该上游库已暂停', en: 'The library is paused already' }
      : { zh: '该上游库未暂停', en: 'The library is not paused' },
  );

/** Midnight in China Standard Time (no daylight saving), the day "delivered today" counts from. */
function chinaMidnight(now = Date.now()): Date {
  const offset = 8 * 3600_000;
  const day = 24 * 3600_000;
  return new Date(Math.floor((now + offset) / day) * day - offset);
}

const toTarget = (row: TargetOverviewRow): UpstreamTargetOverview => {
  const paused = row.flag?.paused ?? false;
  return {
    id: row.target,
    name: upstreamTargetInfo[row.target].name,
    health: paused ? 'paused' : row.retrying ? 'failing' : row.lastDeliveredAt ? 'ok' : 'idle',
    paused,
    pauseChangedAt: row.flag?.changed_at.toISOString() ?? null,
    pauseChangedBy: row.flag?.changed_by ?? null,
    pauseReason: row.flag?.reason ?? null,
    pending: row.pending,
    retrying: row.retrying,
    manualQueue: row.rejected,
    deliveredToday: row.deliveredToday,
    lastDeliveredAt: row.lastDeliveredAt?.toISOString() ?? null,
    failures: row.failures.map((f) => ({
      caseId: f.case_id,
      photoVersion: f.photo_version,
      attempts: f.attempts,
      lastError: f.last_error,
      lastErrorAt: f.last_error_at?.toISOString() ?? null,
    })),
  };
};

/** The whole lists below take no filter: any key is refused rather than ignored. */
const noFilter = z.object({});

export function upstreamAdminRoutes({ db, temporal }: UpstreamAdminDeps): Route[] {
  const common = { tags: ['upstream'] } as const;
  const overview = async (req: Request) =>
    (
      await targetOverview(
        db,
        accessScope(caller(req).ability, 'resubmit', 'Case', caseColumns),
        chinaMidnight(),
      )
    ).map(toTarget);

  const pauseRoute = (paused: boolean) =>
    defineRoute({
      ...common,
      method: 'post',
      path: `/upstream-targets/:target/${paused ? 'pause' : 'resume'}`,
      summary: paused
        ? 'Pause a library: nothing is sent to it until it is resumed (audited)'
        : 'Resume a paused library: its waiting submissions go out within UPSTREAM_PAUSED_RETRY_SECONDS',
      permission: ['manage', 'UpstreamTarget'],
      params: targetParams,
      body: upstreamReasonBody,
      fieldMessages: reasonMessages,
      responses: { 200: json(upstreamTargetSchema, 'the library after the change') },
      problems: [409],
      handler: async ({ params, body }, req, res) => {
        const { principal } = caller(req);
        const { username } = principal;
        const changed = await db.transaction(async (trx) => {
          if (!(await setTargetPaused(trx, params.target, { paused, by: username, reason: body.reason })))
            return false;
          // The audit trail's system stream: a library is no case.
          await appendAuditEvent(trx, {
            at: new Date(),
            caseId: null,
            actor: username,
            action: paused ? 'upstream.paused' : 'upstream.resumed',
            data: { target: params.target, reason: body.reason, ...auditVia(principal) },
          });
          return true;
        });
        if (!changed) throw pauseUnchanged(paused);
        res.json((await overview(req)).find((t) => t.id === params.target));
      },
    });

  const decisionRoute = (decision: UpstreamDecisionInput['decision']) =>
    defineRoute({
      ...common,
      method: 'post',
      path: `/cases/:id/upstream/:target/${decision}`,
      summary:
        decision === 'resubmit'
          ? 'Send a rejected submission again (optionally with its photos rendered again from the master)'
          : 'Close a rejected submission with a reason: it is not sent again',
      description:
        'A decision on the manual queue, through the submission workflow (update `decideUpstreamSubmission`); ' +
        'answers once it is persisted and audited. 409 not_in_manual_queue when the submission is not waiting ' +
        'for a decision (not rejected, or decided already); 409 uncorrectable when the photos cannot be ' +
        'rendered again; 409 photos_withdrawn when a resubmission is asked for photos revoked or superseded.',
      permission: ['resubmit', 'Case'],
      params: submissionParams,
      body: decision === 'resubmit' ? upstreamResubmitBody : upstreamReasonBody,
      fieldMessages: reasonMessages,
      responses: { 200: json(upstreamSubmissionSchema, 'the submission after the decision') },
      problems: [404, 409, 503],
      handler: async ({ params, body }, req, res) => {
        const row = await readableCase(db, req);
        const subject = tag('Case', { regionId: row.region_id, stationId: row.station_id });
        if (!caller(req).ability.can('resubmit', subject)) throw forbidden();
        const submission = await latestSubmission(db, row.id, params.target);
        if (!submission) throw notFound({ zh: '该上游提交', en: 'The submission' });
        if (submission.state !== 'rejected' || submission.closed_at) throw notInManualQueue;
        if (decision === 'resubmit' && withdrawnStatuses.has(row.status)) throw photosWithdrawn;
        try {
          await temporal.workflow
            .getHandle(upstreamWorkflowId(row.id, params.target))
            .executeUpdate(decideUpstreamSubmission, {
              args: [{ decision, actor: actorOf(req), ...body }],
            });
        } catch (err) {
          throw decisionRefusal(err);
        }
        res.json(toUpstreamSubmission((await latestSubmission(db, row.id, params.target))!));
      },
    });

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/upstream-targets',
      summary: "Each library's health, backlog, deliveries today, failures and pause (administrators)",
      description:
        "Counts cover the cases the caller administers (a regional administrator's region). Content-Range: " +
        'upstream-targets 0-3/4.',
      permission: ['read', 'UpstreamTarget'],
      query: listQueryFor(noFilter),
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(upstreamTargetSchema), 'the four libraries') },
      handler: async ({ query }, req, res) => {
        parseListFilter(query, noFilter);
        const targets = await overview(req);
        sendPage(res, 'upstream-targets', 0, targets, targets.length);
      },
    }),
    pauseRoute(true),
    pauseRoute(false),
    defineRoute({
      ...common,
      method: 'get',
      path: '/upstream-queue',
      summary: 'The manual queue: rejected submissions waiting for an administrator, oldest first',
      description:
        "The caller's cases only (a regional administrator's region). Content-Range: upstream-queue.",
      permission: ['resubmit', 'Case'],
      query: listQueryFor(noFilter),
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(manualQueueEntrySchema), 'waiting submissions') },
      handler: async ({ query }, req, res) => {
        parseListFilter(query, noFilter);
        const scope = accessScope(caller(req).ability, 'resubmit', 'Case', caseColumns);
        const entries: ManualQueueEntry[] = (await listManualQueue(db, scope)).map((r) => ({
          id: `${r.case_id}:${r.target}:${r.photo_version}`,
          caseId: r.case_id,
          target: r.target,
          name: upstreamTargetInfo[r.target as UpstreamTarget].name,
          photoVersion: r.photo_version,
          personName: r.person_name,
          regionId: r.region_id,
          stationId: r.station_id,
          reason: r.last_error,
          rejectedAt: r.last_error_at?.toISOString() ?? null,
          attempts: r.attempts,
          resubmissions: r.resubmissions,
        }));
        sendPage(res, 'upstream-queue', 0, entries, entries.length);
      },
    }),
    decisionRoute('resubmit'),
    decisionRoute('close'),
  ];
}
