/** Each station's latest heartbeat: the call a station's software makes to say it is running. */
import type { Knex } from 'knex';

/** Records the heartbeat (replacing the previous one) and answers when the database received it. */
export async function recordHeartbeat(
  db: Knex,
  beat: { stationId: string; reportedBy: string; device: string | null },
): Promise<Date> {
  const [row] = await db('station_heartbeats')
    .insert({
      station_id: beat.stationId,
      last_seen_at: db.fn.now(),
      reported_by: beat.reportedBy,
      device: beat.device,
    })
    .onConflict('station_id')
    .merge()
    .returning('last_seen_at');
  return (row as { last_seen_at: Date }).last_seen_at;
}
