/**
 * Applications for catalogue entries: a department user applies for one of their organisations (as its named
 * contact); the row and the workflow `application-<id>` start in one transaction. An administrator approves
 * with limits or rejects with a reason, and suspends an active approval, each an update of the workflow that
 * answers once the step is persisted and audited.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { appendAuditEvent } from '../../db/audit';
import { findApplication, insertApplication, listApplications } from '../../db/sharing-applications';
import { findEntry, listOrganisations } from '../../db/sharing-catalogue';
import {
  applicationInput,
  applicationSchema,
  applicationStatuses,
  approvalInput,
  reasonInput,
  type Application,
} from '../../domain/sharing';
import {
  applicationFailureTypes,
  applicationWorkflowId,
  decideApplication,
  suspendApplication,
  type ApplicationInput as WorkflowInput,
  type ApplicationTimers,
} from '../../workflows/contracts';
import type { sharingApplication } from '../../workflows';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { listQueryFor, listQueryMessages, oneOrMany, parseListFilter } from '../list-params';
import { HttpProblem, invalidRequest, notFound, serviceUnavailable } from '../problems';
import { actorOf } from '../review/routes';
import { businessRefusal } from '../review/workflow-errors';
import { visibleOrganisationIds } from './catalogue-routes';

export interface ApplicationDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  applicationTimers: ApplicationTimers;
}

const idParams = z.object({ id: z.uuid() });
/** The applications' filter, in react-admin's `filter` JSON as the console's status filter sends it. */
const applicationFilter = z.object({ status: oneOrMany(z.enum(applicationStatuses)).optional() });
const applicationNotFound = notFound({ zh: '申请', en: 'The application' });
const fieldMessages = {
  matters: { zh: '请至少选择一项业务事项', en: 'Choose at least one business matter' },
  purpose: { zh: '请填写用途（1至1000个字符）', en: 'State the purpose (1 to 1000 characters)' },
  expectedDailyVolume: {
    zh: '预计日调用量应为正整数',
    en: 'The expected daily volume is a positive whole number',
  },
  validityDays: { zh: '有效期为1至1096天', en: 'The validity is 1 to 1096 days' },
  validUntil: { zh: '请填写到期时间（ISO 8601）', en: 'Give the expiry time (ISO 8601)' },
  reason: { zh: '请填写原因（1至500个字符）', en: 'Give a reason (1 to 500 characters)' },
};
const refusals: Record<string, [number, string, { zh: string; en: string }]> = {
  [applicationFailureTypes.notPending]: [
    409,
    'not_pending',
    { zh: '该申请已处理，不在待审批状态', en: 'The application is not pending (it was decided already)' },
  ],
  [applicationFailureTypes.notActive]: [
    409,
    'not_active',
    { zh: '该申请不在生效状态', en: 'The application is not active' },
  ],
  [applicationFailureTypes.invalidDecision]: [
    400,
    'invalid_decision',
    {
      zh: '驳回或暂停须填写原因，批准须给出限额',
      en: 'A rejection or suspension needs a reason, an approval its limits',
    },
  ],
};

function refusalOf(err: unknown): HttpProblem {
  if (err instanceof WorkflowNotFoundError) {
    // The workflow ended: the application was decided and is over.
    const [status, code, messages] = refusals[applicationFailureTypes.notPending]!;
    return new HttpProblem(status, code, messages);
  }
  return (
    businessRefusal(err, refusals) ??
    Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err })
  );
}

export function applicationRoutes({ db, temporal, taskQueue, applicationTimers }: ApplicationDeps): Route[] {
  const common = { tags: ['sharing'] } as const;

  /** The application if the caller may see it (administrators: all; department users: their organisations'). */
  async function visibleApplication(req: Request, id: string): Promise<Application> {
    const application = await findApplication(db, id);
    const visible = await visibleOrganisationIds(db, req);
    if (!application || (visible && !visible.includes(application.organisationId))) throw applicationNotFound;
    return application;
  }

  const update = async (
    req: Request,
    id: string,
    send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>,
  ) => {
    const application = await visibleApplication(req, id);
    try {
      await send(temporal.workflow.getHandle(application.workflowId));
    } catch (err) {
      throw refusalOf(err);
    }
    return (await findApplication(db, id))!;
  };

  /** An administrator's step on an application, sent to its workflow as an update. */
  const step = {
    ...common,
    method: 'post',
    permission: ['decide', 'Application'],
    params: idParams,
    fieldMessages,
    responses: { 200: json(applicationSchema, 'the application after the step') },
    problems: [404, 409, 503],
  } as const;

  const reasonStep = (name: 'reject' | 'suspend', summary: string) =>
    defineRoute({
      ...step,
      problems: [...step.problems],
      path: `/applications/:id/${name}`,
      summary,
      body: reasonInput,
      handler: async ({ params, body }, req, res) => {
        const actor = actorOf(req);
        res.json(
          await update(req, params.id, (handle) =>
            name === 'reject'
              ? handle.executeUpdate(decideApplication, {
                  args: [{ decision: 'reject', actor, reason: body.reason }],
                })
              : handle.executeUpdate(suspendApplication, { args: [{ actor, reason: body.reason }] }),
          ),
        );
      },
    });

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/applications',
      summary: "Applications, newest first (a department user: their organisations')",
      permission: ['read', 'Application'],
      query: listQueryFor(applicationFilter),
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(applicationSchema), 'applications') },
      handler: async ({ query }, req, res) => {
        const { status } = parseListFilter(query, applicationFilter);
        const organisationIds = await visibleOrganisationIds(db, req);
        const rows = await listApplications(db, {
          ...(organisationIds ? { organisationIds } : {}),
          ...(status ? { status } : {}),
        });
        res.setHeader('Content-Range', `applications 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
        res.json(rows);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/applications/:id',
      summary: 'One application',
      permission: ['read', 'Application'],
      params: idParams,
      responses: { 200: json(applicationSchema, 'the application') },
      problems: [404],
      handler: async ({ params }, req, res) => void res.json(await visibleApplication(req, params.id)),
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/applications',
      summary: "Apply for a catalogue entry for one's organisation; starts the workflow application-<id>",
      description:
        'The caller must be a named contact of the organisation (else 404, nothing leaks; an administrator ' +
        "may apply for any); the matters must be the entry's (400) and the organisation's network one the " +
        'entry is open to (403 network_not_allowed). Audited.',
      permission: ['create', 'Application'],
      body: applicationInput,
      fieldMessages,
      responses: { 201: json(applicationSchema, 'the pending application') },
      problems: [404, 503],
      handler: async ({ body }, req, res) => {
        const visible = await visibleOrganisationIds(db, req);
        const [organisation] =
          visible && !visible.includes(body.organisationId)
            ? []
            : await listOrganisations(db, [body.organisationId]);
        if (!organisation) throw notFound({ zh: '机构', en: 'The organisation' });
        const entry = await findEntry(db, body.entryId);
        if (!entry)
          throw invalidRequest([
            { field: 'entryId', messages: { zh: '目录中没有该条目', en: 'No such catalogue entry' } },
          ]);
        const unknown = body.matters.filter((m) => !entry.matters.some((e) => e.code === m));
        if (entry.service === 'photo_lookup' && unknown.length)
          throw invalidRequest([
            {
              field: 'matters',
              messages: {
                zh: `该条目不含业务事项：${unknown.join('、')}`,
                en: `Not matters of this entry: ${unknown.join(', ')}`,
              },
            },
          ]);
        if (!entry.networks.includes(organisation.network))
          throw new HttpProblem(403, 'network_not_allowed', {
            zh: '该目录条目不向本机构所在网络开放',
            en: "The entry is not open to the organisation's network",
          });
        const id = randomUUID();
        const workflowId = applicationWorkflowId(id);
        const { principal } = caller(req);
        await db.transaction(async (trx) => {
          await insertApplication(trx, {
            id,
            organisation_id: organisation.id,
            entry_id: entry.id,
            matters: body.matters,
            purpose: body.purpose,
            expected_daily_volume: body.expectedDailyVolume,
            validity_days: body.validityDays,
            status: 'pending',
            applied_by: principal.username,
            applied_at: new Date(),
            decided_by: null,
            decided_at: null,
            reason: null,
            rate_per_minute: null,
            daily_quota: null,
            profiles: null,
            valid_until: null,
            reminded_at: null,
            workflow_id: workflowId,
          });
          await appendAuditEvent(trx, {
            at: new Date(),
            caseId: null,
            actor: principal.username,
            action: 'application.submitted',
            data: { applicationId: id, ...body },
          });
          try {
            await temporal.workflow.start<typeof sharingApplication>('sharingApplication', {
              workflowId,
              taskQueue,
              args: [{ applicationId: id, timers: applicationTimers } satisfies WorkflowInput],
            });
          } catch (err) {
            throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), {
              cause: err,
            });
          }
        });
        res
          .status(201)
          .location(`/api/v1/applications/${id}`)
          .json(await findApplication(db, id));
      },
    }),
    defineRoute({
      ...step,
      problems: [...step.problems],
      path: '/applications/:id/approve',
      summary: 'Approve a pending application with its limits; it is active at once until validUntil',
      description: "The profiles must be among the entry's (400). 409 not_pending once decided. Audited.",
      body: approvalInput,
      handler: async ({ params, body }, req, res) => {
        const application = await visibleApplication(req, params.id);
        const entry = (await findEntry(db, application.entryId))!;
        const outside = body.profiles.filter((p) => !entry.profiles.includes(p));
        if (outside.length)
          throw invalidRequest([
            {
              field: 'profiles',
              messages: {
                zh: `该条目不含规格：${outside.join('、')}`,
                en: `Not profiles of the entry: ${outside.join(', ')}`,
              },
            },
          ]);
        if (Date.parse(body.validUntil) <= Date.now())
          throw invalidRequest([
            {
              field: 'validUntil',
              messages: { zh: '到期时间须在将来', en: 'validUntil must be in the future' },
            },
          ]);
        res.json(
          await update(req, params.id, (handle) =>
            handle.executeUpdate(decideApplication, {
              args: [{ decision: 'approve', actor: actorOf(req), limits: body }],
            }),
          ),
        );
      },
    }),
    reasonStep('reject', 'Reject a pending application with a reason (audited)'),
    reasonStep(
      'suspend',
      'Suspend an active approval at once, with a reason (audited): its next call is refused',
    ),
  ];
}
