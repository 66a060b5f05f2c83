/**
 * The interface-call counters, written for every call of an external client before its answer leaves (so
 * the next call's limits see it), and the limits read from them: a rate per minute and a quota per day.
 */
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { recordInterfaceCall, meteredUsage } from '../../db/interface-calls';
import { chinaMidnight } from '../../domain/china-day';
import type { ClientKind, InterfaceEndpoint } from '../../domain/sharing';
import { HttpProblem } from '../problems';

/**
 * Counts the call by client, endpoint, result (`ok` or the problem's code) and minute, with its latency. Put
 * before the route's other `before` handlers (multer): an upload refused there is counted too.
 */
export function meterCalls(
  { db, log }: { db: Knex; log: Logger },
  endpoint: InterfaceEndpoint,
  clientKind: ClientKind,
): RequestHandler {
  return (req, res, next) => {
    const at = new Date();
    const started = process.hrtime.bigint();
    const send = res.send.bind(res);
    let counted = false;
    res.send = (body?: unknown) => {
      if (counted) return send(body);
      counted = true;
      const call = {
        clientId: req.principal?.clientId ?? req.principal?.username ?? 'unknown',
        clientKind,
        endpoint,
        result: res.statusCode < 400 ? 'ok' : String(res.locals.problemCode ?? res.statusCode),
        at,
        latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
      };
      recordInterfaceCall(db, call)
        .catch((err: unknown) => log.error({ err, call }, 'interface call not counted'))
        .finally(() => send(body));
      return res;
    };
    next();
  };
}

const secondsToNextMinute = (now: number) => String(60 - Math.floor((now % 60_000) / 1000));
const secondsToMidnight = (now: number) =>
  String(Math.ceil((chinaMidnight(now).getTime() + 24 * 3600_000 - now) / 1000));

/** The client's metered calls to these endpoints this minute and today (China time). */
export const usageNow = (db: Knex, clientId: string, endpoints: readonly InterfaceEndpoint[]) => {
  const now = Date.now();
  return meteredUsage(db, clientId, endpoints, new Date(now), chinaMidnight(now));
};

/** Refuses a call over the approval's rate (429 rate_limited) or its daily quota (429 over_quota). */
export function enforceLimits(
  used: { minute: number; day: number },
  limits: { ratePerMinute: number; dailyQuota: number },
): void {
  const now = Date.now();
  if (used.day >= limits.dailyQuota)
    throw Object.assign(
      new HttpProblem(429, 'over_quota', {
        zh: `已用完今日调用配额（${limits.dailyQuota} 次），请明日再试`,
        en: `The daily quota (${limits.dailyQuota} calls) is used up: try again tomorrow`,
      }),
      { headers: { 'Retry-After': secondsToMidnight(now) } },
    );
  if (used.minute >= limits.ratePerMinute)
    throw Object.assign(
      new HttpProblem(429, 'rate_limited', {
        zh: `调用过于频繁（每分钟最多 ${limits.ratePerMinute} 次），请稍后再试`,
        en: `Too many calls (at most ${limits.ratePerMinute} a minute): slow down`,
      }),
      { headers: { 'Retry-After': secondsToNextMinute(now) } },
    );
}
