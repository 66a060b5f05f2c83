/**
 * Issuance: the approved case's usable standard photos are frozen (their content hashes recorded), each gets
 * an Ed25519 certificate, the case becomes issued, and the person's earlier issued cases become superseded,
 * all in one transaction with their audit entries.
 */
import type { Knex } from 'knex';
import { appendAuditEvent } from '../db/audit';
import { transitionCase, type CaseRow } from '../db/cases';
import { enqueueMessage } from '../db/exchange';
import { insertIssuedPhotos, markIssuedSet } from '../db/issued-photos';
import { insertPendingSubmissions } from '../db/upstream-submissions';
import { listCasePhotos } from '../db/photos';
import { transitions } from '../domain/lifecycle';
import { upstreamTargets } from '../domain/upstream';
import { certifyPhoto } from '../signing/certificate';
import type { CaseRef, IssuedCase } from '../workflows/contracts';
import { personHashOf } from '../db/person-cipher';
import { workerActor, type ActivityDeps } from './deps';
import { applyTransition } from './transition';

export function issueActivities(deps: ActivityDeps) {
  const { db, keys } = deps;
  return {
    async issueCase({ caseId }: CaseRef): Promise<IssuedCase> {
      // Whole seconds: the certificate's time reads the same in every language's date parser.
      const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const photos = (await listCasePhotos(db, caseId)).filter((p) => p.usable);
      const certified = photos.map((p) => ({
        case_id: caseId,
        profile_id: p.profile_id,
        attempt: p.attempt,
        sha256: p.sha256,
        issued_at: issuedAt,
        key_id: keys.activeKeyId,
        certificate: certifyPhoto(keys, {
          sha256: p.sha256,
          caseId,
          profileId: p.profile_id,
          issuedAt: issuedAt.toISOString(),
        }),
      }));
      await applyTransition(db, {
        caseId,
        transition: 'issue',
        actor: workerActor,
        patch: { issued_at: issuedAt },
        alsoWrite: async (trx, { after }) => {
          await insertIssuedPhotos(trx, certified);
          // Every library shows as pending from the moment of issue; the submission workflows take it on.
          await insertPendingSubmissions(
            trx,
            upstreamTargets.map((target) => ({ case_id: caseId, target, photo_version: after.attempt })),
          );
          const superseded = await supersedeEarlierIssues(trx, after);
          await enqueueMessage(trx, deps.network, 'photo.issued', {
            caseId,
            regionId: after.region_id,
            personHash: personHashOf(after, deps.personCipher),
            issuedAt: issuedAt.toISOString(),
            superseded,
            photos: certified.map((p) => ({
              profileId: p.profile_id,
              attempt: p.attempt,
              sha256: p.sha256,
              keyId: p.key_id,
              certificate: p.certificate,
            })),
          });
        },
        data: {
          issuedAt: issuedAt.toISOString(),
          keyId: keys.activeKeyId,
          photos: Object.fromEntries(photos.map((p) => [p.profile_id, p.sha256])),
        },
      });
      // Read back rather than kept from the transaction: a retry after the commit answers the same.
      const superseded: { id: string }[] = await db('cases').where({ superseded_by: caseId }).select('id');
      return { superseded: superseded.map((c) => c.id) };
    },
  };

  async function supersedeEarlierIssues(trx: Knex.Transaction, row: CaseRow): Promise<string[]> {
    // Two issues for one person at once: the later waits here and then sees (and supersedes) the earlier.
    const person = personHashOf(row, deps.personCipher);
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`issue:${person}`]);
    const earlier: { id: string }[] = await trx('cases')
      .where({ id_number_hmac: person, status: 'issued' })
      .whereNot({ id: row.id })
      .forUpdate()
      .select('id');
    const { from, to, action } = transitions.supersede;
    const superseded: string[] = [];
    for (const { id } of earlier) {
      if (!(await transitionCase(trx, id, from, to, { superseded_by: row.id }))) continue;
      superseded.push(id);
      await markIssuedSet(trx, id, 'superseded');
      await appendAuditEvent(trx, {
        at: new Date(),
        caseId: id,
        actor: workerActor,
        action,
        data: { supersededBy: row.id },
      });
    }
    return superseded;
  }
}
