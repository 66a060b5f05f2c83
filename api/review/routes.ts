/**
 * Review queues and decisions: claim (one reviewer at a time, with a lease), release, claim the next case of
 * a queue, and decide through the case's workflow (an update that returns once the decision is persisted).
 */
import type { Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { rulesFor, type RuleBook } from '../../domain/rules';
import { caseDetailSchema } from '../../domain/schemas';
import { claimCase, claimNext, releaseCase } from '../../db/claims';
import { capturersOf, caseColumns, findCase } from '../../db/cases';
import type { PersonCipher } from '../../db/person-cipher';
import { decideCase, failureTypes, photoWorkflowId, type Actor } from '../../workflows/contracts';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { caseDetailOf, caseParams, readableCase } from '../cases/readable-case';
import { forbidden, HttpProblem, invalidRequest } from '../problems';
import { decisionBody, decisionMessages, nextCaseBody, reasonCodeSchema } from './schemas';
import { refusalProblem, updateRefusal } from './workflow-errors';

export interface ReviewDeps {
  db: Knex;
  temporal: Client;
  rules: RuleBook;
  claimLeaseSeconds: number;
  personCipher: PersonCipher;
}

const claimTaken = new HttpProblem(409, 'claimed_by_other', {
  zh: '该案件已被他人领取，或已不在审核队列中',
  en: 'Another reviewer holds this case, or it is no longer in a review queue',
});
const claimNotHeld = new HttpProblem(409, 'claim_not_held', {
  zh: '您没有领取该案件',
  en: 'You do not hold this case',
});
const queueEmpty = new HttpProblem(404, 'queue_empty', {
  zh: '队列中暂无可领取的案件',
  en: 'There is no case in this queue for you to take',
});

export const actorOf = (req: Request): Actor => {
  const { principal } = caller(req);
  return { subject: principal.subject, username: principal.username, roles: principal.roles };
};

export function reviewRoutes({ db, temporal, rules, claimLeaseSeconds, personCipher }: ReviewDeps): Route[] {
  /** The case if the caller may `action` it; 404 when they may not even read it (nothing leaks). */
  async function caseFor(req: Request, action: 'claim' | 'decide') {
    const row = await readableCase(db, req);
    const subject = tag('Case', { regionId: row.region_id, stationId: row.station_id });
    // A case waiting for its second approval is claimed only by whoever may give it (as the queue does).
    const needed = action === 'claim' && row.status === 'awaiting_second_approval' ? 'approveSecond' : action;
    if (!caller(req).ability.can(needed, subject)) throw forbidden();
    // Four eyes already at the claim: nobody holds a case they captured, or one they approved first.
    const { subject: me } = caller(req).principal;
    if ((await capturersOf(db, row)).includes(me) || row.first_approver_subject === me)
      throw refusalProblem(failureTypes.fourEyes);
    return row;
  }
  const detail = async (caseId: string) => caseDetailOf(db, personCipher, (await findCase(db, caseId))!);
  const common = { tags: ['review'] } as const;

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/reason-codes',
      summary:
        "The reasons a reviewer may give, as configured for the caller's region (staff who read cases)",
      permission: ['read', 'Case'],
      responses: { 200: json(z.array(reasonCodeSchema), 'reason codes') },
      handler: (_input, req, res) =>
        void res.json(rulesFor(rules, caller(req).principal.regionId ?? '').reasonCodes),
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/cases/:id/claim',
      summary: 'Take a case from a review queue (or renew your claim); the lease runs out on its own',
      permission: ['claim', 'Case'],
      params: caseParams,
      responses: { 200: json(caseDetailSchema, 'the claimed case') },
      problems: [404, 409],
      handler: async (_input, req, res) => {
        const row = await caseFor(req, 'claim');
        if (!(await claimCase(db, row.id, caller(req).principal, claimLeaseSeconds))) throw claimTaken;
        res.json(await detail(row.id));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/cases/:id/release',
      summary: 'Give a claimed case back to its queue',
      permission: ['claim', 'Case'],
      params: caseParams,
      responses: { 204: { description: 'released', mediaTypes: [] } },
      problems: [404, 409],
      handler: async (_input, req, res) => {
        const row = await caseFor(req, 'claim');
        if (!(await releaseCase(db, row.id, caller(req).principal))) throw claimNotHeld;
        res.status(204).end();
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/review-queue/next',
      summary: 'Claim the oldest case of a queue that the caller may decide (never one they captured)',
      permission: ['claim', 'Case'],
      body: nextCaseBody,
      fieldMessages: {
        queue: {
          zh: '队列应为 review、second 或 escalated',
          en: 'queue must be review, second or escalated',
        },
        category: { zh: '人员类别无效', en: 'Unknown category' },
      },
      responses: { 200: json(caseDetailSchema, 'the claimed case') },
      problems: [404],
      handler: async ({ body }, req, res) => {
        const { principal, ability } = caller(req);
        const action = body.queue === 'second' ? 'approveSecond' : 'claim';
        if (!ability.can(action, 'Case')) throw forbidden();
        const claimed = await claimNext(
          db,
          {
            scope: accessScope(ability, action, 'Case', caseColumns),
            queue: body.queue,
            ...(body.category ? { category: body.category } : {}),
            excludeSubject: principal.subject,
            maySecond: ability.can('approveSecond', 'Case'),
          },
          principal,
          claimLeaseSeconds,
        );
        if (!claimed) throw queueEmpty;
        res.json(await detail(claimed.id));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/cases/:id/decisions',
      summary: 'Approve, reject or ask for a retake; answers once the decision is persisted',
      description:
        'Goes through the case workflow (update `decideCase`). Refusals: 409 not_waiting (already decided), ' +
        '403 four_eyes (the capturing operator; the first approver for the second approval), 403 ' +
        'supervisor_required, 409 claim_not_held, 400 invalid_decision.',
      permission: ['decide', 'Case'],
      params: caseParams,
      body: decisionBody,
      fieldMessages: decisionMessages,
      responses: { 200: json(caseDetailSchema, 'the case after the decision') },
      problems: [404, 409, 503],
      handler: async ({ body }, req, res) => {
        const row = await caseFor(req, 'decide');
        const reason = rulesFor(rules, row.region_id).reasonCodes.find((r) => r.code === body.reasonCode);
        if (body.reasonCode && (body.decision === 'approve' || !reason?.for.includes(body.decision)))
          throw invalidRequest([{ field: 'reasonCode', messages: decisionMessages.reasonCode }]);
        try {
          await temporal.workflow
            .getHandle(photoWorkflowId(row.id))
            .executeUpdate(decideCase, { args: [{ ...body, actor: actorOf(req) }] });
        } catch (err) {
          throw updateRefusal(err);
        }
        res.json(await detail(row.id));
      },
    }),
  ];
}
