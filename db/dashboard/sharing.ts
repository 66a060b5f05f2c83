/**
 * Citizens' grants over the cases in scope (given, active, revoked) and their reads, per client, from the
 * counters of migration 0019: `grants` (key {client, state}), `grants_created`, `grant_revocations` and
 * `grant_reads` (key {client}, by China day).
 */
import type { Knex } from 'knex';
import { chinaMidnight, total, type RegionScope } from './scope';

export interface SharingCountRow {
  client_id: string | null;
  name: string | null;
  active_grants: number;
  grants: number;
  grants_today: number;
  reads: number;
  reads_today: number;
  revocations: number;
  revocations_today: number;
}

/** One row per client (null: grants any client may redeem). */
export async function sharingCounts(db: Knex, scope: RegionScope): Promise<SharingCountRow[]> {
  const today = `bucket = ${chinaMidnight}`;
  const { rows } = await db.raw<{ rows: SharingCountRow[] }>(
    `select c.client_id, t.registered_name as name,
        ${total(`figure = 'grants' and state = 'active'`)} as active_grants,
        ${total(`figure = 'grants_created'`)} as grants,
        ${total(`figure = 'grants_created' and ${today}`)} as grants_today,
        ${total(`figure = 'grant_reads'`)} as reads,
        ${total(`figure = 'grant_reads' and ${today}`)} as reads_today,
        ${total(`figure = 'grant_revocations'`)} as revocations,
        ${total(`figure = 'grant_revocations' and ${today}`)} as revocations_today
      from (select figure, bucket, key[1] as client_id, key[2] as state, n from ? x) c
      left join third_party_clients t on t.client_id = c.client_id
      group by c.client_id, t.registered_name having sum(n) > 0 order by c.client_id nulls first`,
    [
      db('dashboard_counts')
        .whereIn('figure', ['grants', 'grants_created', 'grant_revocations', 'grant_reads'])
        .where(scope),
    ],
  );
  return rows;
}
