/**
 * Revocation of an issued (or superseded) photo by an administrator, with a reason. In one transaction: the
 * case moves to revoked (status-guarded, lifecycle data), the revocation is recorded on the case and its
 * issued photos (what `/verify` reads), every grant of its photos is revoked, the recall workflows
 * `recall-<caseId>-<target>` are started, and the audit entry is appended; if Temporal refuses, nothing is
 * kept. A second revocation is answered 409 `already_revoked` and starts nothing.
 */
import { auditVia } from '../../domain/audit-entry';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { transitionWithAudit } from '../../db/case-transition';
import { enqueueMessage } from '../../db/exchange';
import type { NetworkRole } from '../../domain/network';
import { markIssuedSet } from '../../db/issued-photos';
import type { PersonCipher } from '../../db/person-cipher';
import { tag } from '../../domain/ability';
import { canTransition } from '../../domain/lifecycle';
import { revocationReasonLabels, revocationReasons } from '../../domain/revocation';
import { caseDetailSchema } from '../../domain/schemas';
import { upstreamTargets } from '../../domain/upstream';
import type { upstreamRecall } from '../../workflows';
import {
  grantRevokedWithPhoto,
  grantWorkflowId,
  recallWorkflowId,
  type UpstreamRecallInput,
} from '../../workflows/contracts';
import { revokeGrantsOfCase } from '../../db/grants';
import { photoRevokedReason } from '../../domain/grants';
import { CaseIdAttribute } from '../../workflows/search-attributes';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { forbidden, HttpProblem, serviceUnavailable } from '../problems';
import { caseDetailOf, caseNotFound, caseParams, readableCase } from './readable-case';

const revocationBody = z
  .object({
    reasonCode: z.enum(revocationReasons).describe('wrong_person, fraud or court_order'),
    note: z.string().trim().max(1000).optional(),
  })
  .meta({ id: 'Revocation' });

const alreadyRevoked = new HttpProblem(409, 'already_revoked', {
  zh: '该案件的证件照已被撤销',
  en: "This case's photos are already revoked",
});
const notRevocable = new HttpProblem(409, 'not_revocable', {
  zh: '只有已签发或已被替代的证件照可以撤销',
  en: 'Only issued or superseded photos can be revoked',
});

export function revocationRoutes({
  db,
  temporal,
  taskQueue,
  network,
  personCipher,
}: {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  network?: NetworkRole;
  personCipher: PersonCipher;
}): Route[] {
  return [
    defineRoute({
      tags: ['cases'],
      method: 'post',
      path: '/cases/:id/revocation',
      summary: "Revoke the case's issued photos (administrators), recalling them from every library",
      description:
        'Reasons: ' +
        revocationReasons.map((r) => `${r} (${revocationReasonLabels[r].en})`).join(', ') +
        '. The case becomes revoked, `/verify` answers its photos genuine but revoked, and each library ' +
        'holding them gets a recall (see `GET /cases/:id/upstream`). 409 already_revoked for a repeat ' +
        '(nothing is recalled twice), 409 not_revocable for a case that was never issued.',
      permission: ['revoke', 'Case'],
      params: caseParams,
      body: revocationBody,
      fieldMessages: {
        reasonCode: {
          zh: '撤销原因应为 wrong_person、fraud 或 court_order',
          en: 'reasonCode must be wrong_person, fraud or court_order',
        },
        note: { zh: '备注最多1000个字符', en: 'The note is at most 1000 characters' },
      },
      responses: { 200: json(caseDetailSchema, 'the revoked case') },
      problems: [404, 409, 503],
      handler: async ({ body }, req, res) => {
        const row = await readableCase(db, req);
        const { ability, principal } = caller(req);
        if (!ability.can('revoke', tag('Case', { regionId: row.region_id, stationId: row.station_id })))
          throw forbidden();
        const at = new Date();
        let revokedGrants: Awaited<ReturnType<typeof revokeGrantsOfCase>> = [];
        const outcome = await transitionWithAudit(db, {
          caseId: row.id,
          transition: 'revoke',
          actor: principal.username,
          patch: {
            revoked_at: at,
            revoked_by: principal.username,
            revocation_reason: body.reasonCode,
            revocation_note: body.note ?? null,
          },
          data: (before) => ({
            reasonCode: body.reasonCode,
            note: body.note ?? null,
            was: before.status,
            ...(revokedGrants.length ? { grantsRevoked: revokedGrants } : {}),
            ...auditVia(principal),
          }),
          check: (locked) => {
            if (locked.status === 'revoked') throw alreadyRevoked;
            if (!canTransition('revoke', locked.status)) throw notRevocable;
          },
          alsoWrite: async (trx) => {
            await markIssuedSet(trx, row.id, 'revoked');
            // Under the grants' row locks: a read being counted commits first, none is counted after this.
            revokedGrants = await revokeGrantsOfCase(trx, row.id, {
              at,
              by: principal.username,
              reason: photoRevokedReason,
            });
            await enqueueMessage(trx, network, 'photo.revoked', {
              caseId: row.id,
              at: at.toISOString(),
              by: principal.username,
              reasonCode: body.reasonCode,
            });
            await startRecalls(row.id);
          },
        });
        if (!outcome.found) throw caseNotFound;
        await endGrantWorkflows(revokedGrants);
        res.json(await caseDetailOf(db, personCipher, outcome.row));
      },
    }),
  ];

  /**
   * The revoked grants' workflows end (their rows say revoked already; a workflow that does not hear it ends at
   * its expiry, as revoked: the expiry changes nothing then and its third parties are told revoked).
   */
  async function endGrantWorkflows(grantIds: string[]) {
    await Promise.allSettled(
      grantIds.map((id) => temporal.workflow.getHandle(grantWorkflowId(id)).signal(grantRevokedWithPhoto)),
    );
  }

  /**
   * One recall per library. A recall already running for this case (it was superseded, and that recall
   * waits for a library) is kept: it withdraws the same photos. Started before the commit: a recall whose
   * revocation did not commit finds the photos standing and recalls nothing.
   */
  async function startRecalls(caseId: string) {
    try {
      await Promise.all(
        upstreamTargets.map((target) =>
          temporal.workflow.start<typeof upstreamRecall>('upstreamRecall', {
            workflowId: recallWorkflowId(caseId, target),
            taskQueue,
            args: [{ caseId, target, reason: 'revoked' } satisfies UpstreamRecallInput],
            workflowIdConflictPolicy: 'USE_EXISTING',
            typedSearchAttributes: [{ key: CaseIdAttribute, value: caseId }],
          }),
        ),
      );
    } catch (err) {
      throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err });
    }
  }
}
