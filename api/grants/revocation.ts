/**
 * Revoking a grant: an update of its workflow, answered only once the grant row is marked revoked, so no read
 * is counted after the answer. The citizen revokes their own (a reason is optional); an administrator gives one.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { findGrant, toGrant } from '../../db/grants';
import { tag } from '../../domain/ability';
import { grantSchema } from '../../domain/grants';
import { failureTypes, grantWorkflowId, revokeGrant } from '../../workflows/contracts';
import { caller } from '../auth/middleware';
import { defineRoute, json } from '../contract';
import { forbidden, HttpProblem, invalidRequest, serviceUnavailable } from '../problems';
import { actorOf } from '../review/routes';
import { failureType } from '../workflow-failure';
import { isOwner, readableGrant, type GrantDeps } from './readable-grant';
import { grantParams, grantRevocationBody } from './schemas';

const grantEnded = new HttpProblem(409, 'grant_not_active', {
  zh: '该授权已失效（已过期或已撤销）',
  en: 'The grant has ended already (expired or revoked)',
});

/** The citizen's own revocation when they give no reason. */
const citizenReason = 'revoked_by_citizen';

const refusedAsEnded = (err: unknown) =>
  err instanceof WorkflowNotFoundError || failureType(err) === failureTypes.grantEnded;

export function revokeGrantRoute({ db, temporal }: GrantDeps) {
  return defineRoute({
    tags: ['grants'],
    method: 'post',
    path: '/grants/:id/revocation',
    summary: 'Revoke a grant: once this answers, no read of it succeeds',
    description:
      'A citizen revokes their own grants (reason optional); an administrator revokes any grant of their ' +
      'region with a reason. 409 grant_not_active when it has expired or was revoked already.',
    permission: ['revoke', 'Grant'],
    params: grantParams,
    body: grantRevocationBody,
    fieldMessages: {
      reason: { zh: '请填写撤销原因（1 至 500 个字符）', en: 'Give a reason (1 to 500 characters)' },
    },
    responses: { 200: json(grantSchema, 'the revoked grant') },
    problems: [404, 409, 503],
    handler: async ({ body }, req, res) => {
      const row = await readableGrant(db, req);
      const who = caller(req);
      if (
        !who.ability.can(
          'revoke',
          tag('Grant', { regionId: row.region_id, ownerPersonHash: row.owner_id_number_hmac }),
        )
      )
        throw forbidden();
      const onBehalf = !isOwner(who, row.owner_id_number_hmac);
      if (onBehalf && !body.reason)
        throw invalidRequest([
          {
            field: 'reason',
            messages: { zh: '管理员撤销授权须填写原因', en: 'An administrator gives a reason' },
          },
        ]);
      if (row.state !== 'active' && row.state !== 'exhausted') throw grantEnded;
      try {
        await temporal.workflow.getHandle(grantWorkflowId(row.id)).executeUpdate(revokeGrant, {
          args: [{ actor: actorOf(req), reason: body.reason ?? citizenReason, onBehalf }],
        });
      } catch (err) {
        if (refusedAsEnded(err)) throw grantEnded;
        throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), {
          cause: err,
        });
      }
      res.json(toGrant((await findGrant(db, row.id))!));
    },
  });
}
