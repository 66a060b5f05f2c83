/**
 * Every lookup an organisation's client made, whatever its result, with the person as a keyed hash of the ID
 * number (db/person-hash.ts, the audit search's): the citizen's access log finds their reads by the same hash, and
 * the table alone does not say whose photo was asked for.
 */
import type { Knex } from 'knex';
import type { LookupRead } from '../domain/sharing';

export interface LookupReadRow {
  at: Date;
  client_id: string;
  organisation_id: string;
  application_id: string | null;
  matter_code: string;
  purpose: string | null;
  person_hash: string;
  profile_id: string | null;
  case_id: string | null;
  result: string;
}

export async function recordLookupRead(db: Knex, row: LookupReadRow): Promise<void> {
  await db('lookup_reads').insert(row);
}

/**
 * A person's lookups, newest first, with the organisation's and the matter's names: what the citizen's access
 * log shows beside the reads of their own grants.
 */
export async function lookupsOfPerson(db: Knex, personHash: string): Promise<LookupRead[]> {
  const rows: (LookupReadRow & { organisation_name: string; matter_name: string | null })[] = await db(
    'lookup_reads as r',
  )
    .join('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('sharing_applications as a', 'a.id', 'r.application_id')
    .leftJoin('catalogue_entries as e', 'e.id', 'a.entry_id')
    .where('r.person_hash', personHash)
    .orderBy('r.at', 'desc')
    .select(
      'r.*',
      'o.name as organisation_name',
      db.raw(
        `(select m->>'name' from jsonb_array_elements(e.matters) m where m->>'code' = r.matter_code limit 1) as matter_name`,
      ),
    );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    clientId: r.client_id,
    matterCode: r.matter_code,
    matterName: r.matter_name,
    purpose: r.purpose,
    profileId: r.profile_id,
    result: r.result,
  }));
}
