/**
 * The audit trail's verification for auditors and administrators: a run verifies every chain and signed
 * checkpoint in pages and is itself recorded in the trail (`audit.verified`); the last run is answered
 * without verifying again.
 */
import type { Knex } from 'knex';
import {
  latestAuditVerification,
  runAuditVerification,
  VerificationRunningError,
} from '../../db/audit-verifications';
import { auditVerificationSchema } from '../../domain/schemas';
import type { KeyRing } from '../../signing/keys';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { HttpProblem } from '../problems';

const alreadyRunning = new HttpProblem(409, 'verification_running', {
  zh: '审计记录正在由他人核验，请稍后查看最近一次核验结果',
  en: 'The audit trail is being verified already: read the latest run once it has finished',
});

export function auditRoutes({ db, keys }: { db: Knex; keys: KeyRing }): Route[] {
  const common = { tags: ['audit'], permission: ['read', 'AuditTrail'] } as const;
  return [
    defineRoute({
      ...common,
      method: 'post',
      path: '/audit/verifications',
      summary: 'Verify the whole audit trail now (the run is audited as audit.verified)',
      description:
        'Checks every chain link and every signed checkpoint, a page at a time; `problem` names the first ' +
        'broken link or missing checkpointed entry. One run at a time: 409 `verification_running` while another ' +
        'runs (its result becomes the latest). ' +
        'Anyone holding a published checkpoint ' +
        '(`tongpai-audit checkpoints`) can also check it against GET /api/v1/certification/keys.',
      responses: { 200: json(auditVerificationSchema, 'the run and what it found') },
      problems: [409],
      handler: async (_input, req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        const run = await runAuditVerification(db, keys, caller(req).principal.username).catch(
          (err: unknown) => {
            throw err instanceof VerificationRunningError ? alreadyRunning : err;
          },
        );
        res.json(run);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/audit/verifications/latest',
      summary: 'The last verification run of the audit trail (null when it was never verified)',
      responses: { 200: json(auditVerificationSchema.nullable(), 'the last run, or null') },
      handler: async (_input, _req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await latestAuditVerification(db));
      },
    }),
  ];
}
