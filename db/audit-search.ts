/**
 * Searching the audit trail, newest first, a page at a time: keyset pagination on (at, id), so page n costs
 * what page 1 does however deep the trail (migration 0011 keeps an index per filter ending in (at, id)). A
 * person is matched by the keyed hash of their ID number (db/person-hash.ts), never by the number itself.
 */
import type { Knex } from 'knex';
import type { AuditRow } from './audit';

export interface AuditSearchFilter {
  personHash?: string;
  actor?: string;
  action?: string;
  stationId?: string;
  /** The client application recorded with the entry (`data.via.client`). */
  client?: string;
  from?: Date;
  to?: Date;
}

export interface AuditCursor {
  at: Date;
  id: string;
}

export interface AuditSearchQuery {
  filter: AuditSearchFilter;
  /** Restricts the cases whose entries are shown (a condition on `cases` columns, from the caller's rules). */
  caseScope: (qb: Knex.QueryBuilder) => void;
  /**
   * The caller's region, for a regional reader: the trail's records of searches (`audit.searched`) are shown
   * only when written from this region, since a search's filter says whom that region looked into. Absent for
   * a province-wide reader, who sees them all.
   */
  readerRegion?: string;
  after?: AuditCursor;
  limit: number;
}

export type FoundAuditRow = Pick<AuditRow, 'id' | 'at' | 'case_id' | 'actor' | 'action' | 'data'> & {
  station_id: string | null;
};

export async function searchAuditTrail(
  db: Knex,
  { filter, caseScope, readerRegion, after, limit }: AuditSearchQuery,
): Promise<{ rows: FoundAuditRow[]; next: AuditCursor | null }> {
  const q = db('audit_events as e')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select('e.id', 'e.at', 'e.case_id', 'c.station_id', 'e.actor', 'e.action', 'e.data')
    // Entries about no case (verifications, searches, a library paused) name nobody: shown to every auditor,
    // except another region's searches (`readerRegion`).
    // The scope is applied to the joined case: its columns (region_id, station_id) are not audit_events'.
    // An unrestricted scope adds nothing, leaving `case_id is not null`: no semi-join over every case.
    .where(
      (qb) =>
        void qb
          .where((caseless) => {
            caseless.whereNull('e.case_id');
            if (readerRegion)
              caseless.where(
                (own) =>
                  void own
                    .whereNot('e.action', 'audit.searched')
                    .orWhereRaw(`e.data ->> 'regionId' = ?`, [readerRegion]),
              );
          })
          .orWhere((scoped) => {
            scoped.whereNotNull('e.case_id');
            caseScope(scoped);
          }),
    );
  if (filter.personHash)
    q.whereIn('e.case_id', db('cases').select('id').where('id_number_hmac', filter.personHash));
  if (filter.stationId) q.where('c.station_id', filter.stationId);
  if (filter.actor) q.where('e.actor', filter.actor);
  if (filter.action) q.where('e.action', filter.action);
  if (filter.client) q.whereRaw(`e.data -> 'via' ->> 'client' = ?`, [filter.client]);
  if (filter.from) q.where('e.at', '>=', filter.from);
  if (filter.to) q.where('e.at', '<', filter.to);
  if (after) q.whereRaw('(e.at, e.id) < (?, ?)', [after.at, after.id]);
  const rows: FoundAuditRow[] = await q
    .orderBy([
      { column: 'e.at', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { at: last.at, id: String(last.id) } : null };
}

/** The cursor as the client holds it: opaque, URL-safe. */
export const encodeCursor = ({ at, id }: AuditCursor) =>
  Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');

/** The largest entry id (PostgreSQL's bigint). */
const maxEntryId = 2n ** 63n - 1n;

/**
 * Only a cursor as encodeCursor writes it: an entry id PostgreSQL's bigint holds and a time of four-digit year
 * (any other would fail in the database as a 500, not as the stale or forged cursor it is).
 */
export function decodeCursor(text: string): AuditCursor | undefined {
  const [at = '', id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length || !id || !/^\d{1,19}$/.test(id) || BigInt(id) > maxEntryId) return undefined;
  const date = new Date(at);
  if (!/^\d{4}-/.test(at) || Number.isNaN(date.getTime()) || date.toISOString() !== at) return undefined;
  return { at: date, id };
}
