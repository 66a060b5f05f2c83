/**
 * A grant's ends, each with its audit entry in the photo's case chain in one transaction: expiry (by its
 * workflow's timer) and revocation (the workflow's update, which answers only once this has committed).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit';
import { enqueueMessage } from '../db/exchange';
import { findGrant, markGrantExpired, markGrantRevoked } from '../db/grants';
import { failureTypes, type GrantOutcome, type GrantRevocationRecord } from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';

const grantEnded = (grantId: string) =>
  ApplicationFailure.nonRetryable(`grant ${grantId} has ended already`, failureTypes.grantEnded);

export function grantActivities({ db, network }: ActivityDeps) {
  return {
    /**
     * Marks the grant expired and answers how it ended: a grant that ended otherwise stays as it is, and one
     * revoked while its workflow could not be told (its photo's revocation with Temporal unreachable) answers
     * revoked, so that nobody is told it expired.
     */
    async expireGrant({ grantId }: { grantId: string }): Promise<GrantOutcome['state']> {
      const at = new Date();
      return db.transaction(async (trx) => {
        const row = await markGrantExpired(trx, grantId, at);
        if (!row) return (await findGrant(trx, grantId))?.state === 'revoked' ? 'revoked' : 'expired';
        await appendAuditEvent(trx, {
          at,
          caseId: row.case_id,
          actor: workerActor,
          action: 'grant.expired',
          data: { grantId, readsUsed: row.reads_used },
        });
        await enqueueMessage(trx, network, 'grant.expired', { grantId, at: at.toISOString() });
        return 'expired';
      });
    },
    async recordGrantRevoked({ grantId, actor, reason, onBehalf }: GrantRevocationRecord): Promise<void> {
      const at = new Date();
      await db.transaction(async (trx) => {
        const row = await markGrantRevoked(trx, grantId, { at, by: actor.username, reason });
        if (!row) throw grantEnded(grantId);
        await appendAuditEvent(trx, {
          at,
          caseId: row.case_id,
          actor: actor.username,
          action: 'grant.revoked',
          data: { grantId, reason, onBehalf, readsUsed: row.reads_used },
        });
        await enqueueMessage(trx, network, 'grant.revoked', {
          grantId,
          at: at.toISOString(),
          by: actor.username,
          reason,
          onBehalf,
        });
      });
    },
  };
}
