/** Stations deployed in scope and which are online: a capture or a heartbeat within the online window. */
import type { Knex } from 'knex';
import type { RegionScope } from './scope';

export interface StationStatusRow {
  id: string;
  region_id: string;
  name_zh: string;
  name_en: string;
  last_heartbeat_at: Date | null;
  last_capture_at: Date | null;
  online: boolean;
}

export async function stationStatuses(
  db: Knex,
  scope: RegionScope,
  onlineMinutes: number,
): Promise<StationStatusRow[]> {
  const { rows } = await db.raw<{ rows: StationStatusRow[] }>(
    `select s.id, s.region_id, s.name_zh, s.name_en, h.last_seen_at as last_heartbeat_at, lc.last_capture_at,
        coalesce(greatest(h.last_seen_at, lc.last_capture_at) >= now() - make_interval(mins => ?), false)
          as online
      from ? s
      left join station_heartbeats h on h.station_id = s.id
      left join lateral (select max(captured_at) as last_capture_at from cases where station_id = s.id) lc on true
      order by s.id`,
    [onlineMinutes, db('stations').where(scope)],
  );
  return rows;
}
