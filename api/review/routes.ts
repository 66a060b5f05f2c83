/**
 * Review queues and decisions: claim (one reviewer at a time, with a lease), release, claim the next case of
 * a queue, and decide through the case's workflow (an update that returns once the decision is persisted).
 */
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { personCategories } from '../../domain/cases';
import { rulesFor, type RuleBook } from '../../domain/rules';
import { claimCase, claimNext, releaseCase } from '../../db/claims';
import { findCase, toCaseDetail } from '../../db/cases';
import { listCasePhotos } from '../../db/photos';
import { decideCase, decisions, photoWorkflowId, type Actor } from '../../workflows/contracts';
import { accessScope } from '../auth/access-filter';
import { caller, requirePermission } from '../auth/middleware';
import { caseColumns } from '../../db/cases';
import { readableCase } from '../cases/readable-case';
import { forbidden, HttpProblem, invalidRequest } from '../problems';
import { parseOrThrow } from '../validation';
import { updateRefusal } from './workflow-errors';

export interface ReviewDeps {
  db: Knex;
  temporal: Client;
  rules: RuleBook;
  claimLeaseSeconds: number;
}

const claimTaken = new HttpProblem(409, 'claimed_by_other', {
  zh: '该案件已被他人领取，或已不在审核队列中',
  en: 'Another reviewer holds this case, or it is no longer in a review queue',
});
const queueEmpty = new HttpProblem(404, 'queue_empty', {
  zh: '队列中暂无可领取的案件',
  en: 'There is no case in this queue for you to take',
});

const decisionBody = z.object({
  decision: z.enum(decisions),
  reasonCode: z.string().max(40).optional(),
  note: z.string().trim().max(1000).optional(),
  checks: z.array(z.string().max(60)).max(40).optional(),
});
const decisionMessages = {
  decision: { zh: '决定应为 approve、reject 或 retake', en: 'decision must be approve, reject or retake' },
  reasonCode: { zh: '原因代码无效', en: 'Unknown reason code' },
  note: { zh: '备注最多1000个字符', en: 'The note is at most 1000 characters' },
  checks: { zh: '检查项列表无效', en: 'checks must be a list of check ids' },
};
const nextBody = z.object({
  queue: z.enum(['review', 'second', 'escalated']).default('review'),
  category: z.array(z.enum(personCategories)).optional(),
});

export const actorOf = (req: Request): Actor => {
  const { principal } = caller(req);
  return { subject: principal.subject, username: principal.username, roles: principal.roles };
};

export function reviewRoutes({ db, temporal, rules, claimLeaseSeconds }: ReviewDeps): Router {
  const router = Router();

  /** The case if the caller may `action` it; 404 when they may not even read it (nothing leaks). */
  async function caseFor(req: Request, action: 'claim' | 'decide') {
    const row = await readableCase(db, req);
    const { ability } = caller(req);
    const subject = tag('Case', { regionId: row.region_id, stationId: row.station_id });
    // A case waiting for its second approval is claimed only by whoever may give it (as the queue does).
    const needed = action === 'claim' && row.status === 'awaiting_second_approval' ? 'approveSecond' : action;
    if (!ability.can(needed, subject)) throw forbidden();
    return row;
  }

  router.get('/reason-codes', async (req, res) => {
    const { principal } = caller(req);
    res.json(rulesFor(rules, principal.regionId ?? '').reasonCodes);
  });

  router.post('/cases/:id/claim', requirePermission('claim', 'Case'), async (req, res) => {
    const row = await caseFor(req, 'claim');
    const claimed = await claimCase(db, row.id, caller(req).principal, claimLeaseSeconds);
    if (!claimed) throw claimTaken;
    res.json(toCaseDetail((await findCase(db, row.id))!, await listCasePhotos(db, row.id)));
  });

  router.post('/cases/:id/release', requirePermission('claim', 'Case'), async (req, res) => {
    const row = await caseFor(req, 'claim');
    if (!(await releaseCase(db, row.id, caller(req).principal)))
      throw new HttpProblem(409, 'claim_not_held', {
        zh: '您没有领取该案件',
        en: 'You do not hold this case',
      });
    res.status(204).end();
  });

  router.post('/review-queue/next', requirePermission('claim', 'Case'), async (req, res) => {
    const { principal, ability } = caller(req);
    const body = parseOrThrow(nextBody, req.body ?? {}, {
      queue: { zh: '队列应为 review、second 或 escalated', en: 'queue must be review, second or escalated' },
      category: { zh: '人员类别无效', en: 'Unknown category' },
    });
    const action = body.queue === 'second' ? 'approveSecond' : 'claim';
    if (!ability.can(action, 'Case')) throw forbidden();
    const claimed = await claimNext(
      db,
      {
        scope: accessScope(ability, action, 'Case', caseColumns),
        queue: body.queue,
        ...(body.category ? { category: body.category } : {}),
        excludeSubject: principal.subject,
      },
      principal,
      claimLeaseSeconds,
    );
    if (!claimed) throw queueEmpty;
    res.json(toCaseDetail((await findCase(db, claimed.id))!, await listCasePhotos(db, claimed.id)));
  });

  router.post('/cases/:id/decisions', requirePermission('decide', 'Case'), async (req, res) => {
    const row = await caseFor(req, 'decide');
    const body = parseOrThrow(decisionBody, req.body ?? {}, decisionMessages);
    const reason = rulesFor(rules, row.region_id).reasonCodes.find((r) => r.code === body.reasonCode);
    if (body.reasonCode && (!reason || body.decision === 'approve' || !reason.for.includes(body.decision)))
      throw invalidRequest([{ field: 'reasonCode', messages: decisionMessages.reasonCode }]);
    try {
      await temporal.workflow
        .getHandle(photoWorkflowId(row.id))
        .executeUpdate(decideCase, { args: [{ ...body, actor: actorOf(req) }] });
    } catch (err) {
      throw updateRefusal(err);
    }
    res.json(toCaseDetail((await findCase(db, row.id))!, await listCasePhotos(db, row.id)));
  });

  return router;
}
