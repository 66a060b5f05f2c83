/**
 * Token buckets per key (a client, a network address), in the API process's memory: each holds a minute's
 * allowance and refills continuously. Several API processes each count on their own, so the limit a caller
 * meets is per process; a shared limit would need a shared store.
 */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket of `perMinute`; when it is empty, the seconds until one is back. */
  take(key: string, perMinute: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/** Buckets left full this long are forgotten (a full bucket is the same as none). */
const forgetAfterMs = 60_000;

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return {
    take(key, perMinute) {
      const t = now();
      if (t - lastSweep > forgetAfterMs) {
        for (const [k, b] of buckets) if (t - b.at > forgetAfterMs) buckets.delete(k);
        lastSweep = t;
      }
      const perMs = perMinute / 60_000;
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
