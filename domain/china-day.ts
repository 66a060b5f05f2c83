/** Midnight in China Standard Time (no daylight saving), the day "today" counts from (deliveries, quotas). */
export function chinaMidnight(now = Date.now()): Date {
  const offset = 8 * 3600_000;
  const day = 24 * 3600_000;
  return new Date(Math.floor((now + offset) / day) * day - offset);
}
