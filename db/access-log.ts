/**
 * A citizen's access log: the reads of their photos by third parties (grant_reads, by their grants' owner hash) and by
 * departments on approved applications (lookup_reads, by the person hash), newest first. Only reads that
 * delivered a photo: a refused lookup read nothing of theirs.
 */
import type { Knex } from 'knex';
import type { AccessLogEntry } from '../domain/grants';
import { listReadsOf } from './grants';
import { lookupsOfPerson } from './lookup-reads';

/** `personHash`: the citizen's keyed person hash (db/person-hash.ts), under which both sources record them. */
export async function accessLogOf(
  db: Knex,
  personHash: string,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: AccessLogEntry[]; total: number }> {
  // The page's rows are among the first offset + limit of each source.
  const grants = await listReadsOf(db, personHash, { offset: 0, limit: offset + limit });
  const lookups = (await lookupsOfPerson(db, personHash)).filter((r) => r.result === 'ok');
  const merged: AccessLogEntry[] = [
    ...grants.rows.map((r) => ({ kind: 'grant' as const, ...r })),
    ...lookups.map((r) => ({
      kind: 'lookup' as const,
      at: r.at,
      organisationName: r.organisationName,
      clientId: r.clientId,
      matterCode: r.matterCode,
      matterName: r.matterName,
      purpose: r.purpose,
      profileId: r.profileId,
      result: 'delivered' as const,
    })),
  ].sort((p, q) => Date.parse(q.at) - Date.parse(p.at));
  return { rows: merged.slice(offset, offset + limit), total: grants.total + lookups.length };
}
