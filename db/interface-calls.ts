/**
 * The interface-call counters of every external client: one row per client, endpoint, result and minute, with
 * the calls' count and latency (sum and maximum), written by each call before it is answered. Limits and
 * quotas are read from the same rows, and the dashboard charts them.
 */
import type { Knex } from 'knex';
import { unmeteredResults, type ClientKind, type InterfaceEndpoint } from '../domain/sharing';

export interface InterfaceCall {
  clientId: string;
  clientKind: ClientKind;
  endpoint: InterfaceEndpoint;
  result: string;
  at: Date;
  latencyMs: number;
}

export const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

export async function recordInterfaceCall(db: Knex, call: InterfaceCall): Promise<void> {
  const latency = Math.max(0, Math.round(call.latencyMs));
  await db.raw(
    `insert into interface_calls as c (client_id, client_kind, endpoint, result, minute, count, latency_ms_sum, latency_ms_max)
     values (?, ?, ?, ?, ?, 1, ?, ?)
     on conflict (client_id, minute, endpoint, result) do update set
       count = c.count + 1,
       latency_ms_sum = c.latency_ms_sum + excluded.latency_ms_sum,
       latency_ms_max = greatest(c.latency_ms_max, excluded.latency_ms_max)`,
    [call.clientId, call.clientKind, call.endpoint, call.result, minuteOf(call.at), latency, latency],
  );
}

/** The client's metered calls to these endpoints in the current minute and since `dayStart`. */
export async function meteredUsage(
  db: Knex,
  clientId: string,
  endpoints: readonly InterfaceEndpoint[],
  now: Date,
  dayStart: Date,
): Promise<{ minute: number; day: number }> {
  const row = (await db('interface_calls')
    .where({ client_id: clientId })
    .whereIn('endpoint', endpoints)
    .whereNotIn('result', unmeteredResults)
    .where('minute', '>=', dayStart)
    .first(
      db.raw('coalesce(sum(count) filter (where minute = ?), 0)::int as minute', [minuteOf(now)]),
      db.raw('coalesce(sum(count), 0)::int as day'),
    )) as { minute: number; day: number };
  return row;
}

export interface ClientDayRow {
  client_id: string;
  client_kind: ClientKind;
  calls: number;
  errors: number;
  metered: number;
  latency_sum: number;
  latency_max: number | null;
  last_minute: Date | null;
}

/** Every client's calls since `dayStart`: total, errors (4xx and 5xx answers other than ok), metered. */
export async function clientDays(db: Knex, dayStart: Date): Promise<ClientDayRow[]> {
  return db('interface_calls')
    .where('minute', '>=', dayStart)
    .groupBy('client_id', 'client_kind')
    .select(
      'client_id',
      'client_kind',
      db.raw('sum(count)::int as calls'),
      db.raw(`coalesce(sum(count) filter (where result <> 'ok'), 0)::int as errors`),
      db.raw('coalesce(sum(count) filter (where result <> all(?)), 0)::int as metered', [
        [...unmeteredResults],
      ]),
      db.raw('sum(latency_ms_sum)::float8 as latency_sum'),
      db.raw('max(latency_ms_max) as latency_max'),
      db.raw('max(minute) as last_minute'),
    );
}
