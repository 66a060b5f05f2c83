/**
 * The statistical rules behind the dashboard's alerts, stated once: a two-proportion z-test (pooled), used only
 * when both groups have at least a minimum number of attempts, so that a handful of photos never raises an
 * alert. Counts come from SQL; only this arithmetic runs in the API.
 */

/** Successes `k` out of `n` trials. */
export interface Proportion {
  k: number;
  n: number;
}

/** z of the difference a − b under the pooled null hypothesis; 0 when there is no spread to measure. */
export function twoProportionZ(a: Proportion, b: Proportion): number {
  if (!a.n || !b.n) return 0;
  const pooled = (a.k + b.k) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return se === 0 ? 0 : (a.k / a.n - b.k / b.n) / se;
}

export interface DriftRule {
  /** Attempts each side needs before it is compared. */
  minAttempts: number;
  /** |z| from which a difference is reported (3: about 1 in 370 by chance, per comparison). */
  zThreshold: number;
}

/** A group against the rest of the whole: drift in either direction. */
export const fairnessRule: DriftRule = { minAttempts: 30, zThreshold: 3 };

/**
 * A check's failures at one station lately: a spike is one-sided (more failures), against the station's own
 * earlier rate and against the other stations in the same window, each used when it has enough attempts.
 */
export const spikeRule: DriftRule & { minFailures: number } = {
  minAttempts: 20,
  minFailures: 5,
  zThreshold: 3,
};

/** The z of `group` against `rest`, or null when either side is too small to compare under `rule`. */
export function comparableZ(group: Proportion, rest: Proportion, rule: DriftRule): number | null {
  if (group.n < rule.minAttempts || rest.n < rule.minAttempts) return null;
  return twoProportionZ(group, rest);
}

/**
 * Whether recent failures at a station are a spike: enough failures and attempts, at least one reference with
 * enough attempts, and significantly more failures than every reference that has them.
 */
export function isSpike(recent: Proportion, references: Proportion[]): { spike: boolean; z: number[] } {
  if (recent.n < spikeRule.minAttempts || recent.k < spikeRule.minFailures) return { spike: false, z: [] };
  const z = references
    .map((ref) => comparableZ(recent, ref, spikeRule))
    .filter((value): value is number => value !== null);
  return { spike: z.length > 0 && z.every((value) => value >= spikeRule.zThreshold), z };
}

/**
 * Volume well above its own days (a station's captures, a client's reads): more than the mean of its earlier
 * days plus three spreads (their standard deviation, or the Poisson spread √mean when that is larger, so steady
 * days are not flagged for a few extra), and at least `minCount` in all. The mean and deviation come from SQL.
 */
export function isUnusualVolume(
  today: number,
  earlier: { mean: number; stddev: number },
  minCount = 20,
): boolean {
  if (today < minCount) return false;
  const spread = Math.max(earlier.stddev, Math.sqrt(Math.max(earlier.mean, 1)));
  return today > earlier.mean + 3 * spread;
}
