/** Small statistics used by the metrics: percentiles, means, confidence intervals. */

/**
 * The nearest-rank percentile: sort ascending, take the value at 1-based rank
 * ⌈p/100 × n⌉ (rank 1 for p = 0). The result is always one of the measured
 * values, never an interpolation, so a latency budget is compared with a clip
 * that really took that long. Examples for [10, 20, 30, 40]: p50 → rank 2 → 20,
 * p95 → rank 4 → 40. Returns undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  // Round p × n first: (7/100) × 100 is 7.000000000000001 in floating point and would give rank 8.
  const rank = Math.max(1, Math.ceil(Math.round(p * values.length * 1e6) / 1e8));
  return sorted[rank - 1];
}

/** Arithmetic mean; undefined for no values. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The 97.5% quantile of the standard normal distribution: a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for a binomial proportion `successes/n`
 * (Wilson 1927; Newcombe 1998, method 3). Unlike the normal approximation it
 * stays within [0, 1] and is sensible for small n and for 0 or n successes,
 * which is the usual case for a handful of test clips at 100% accuracy.
 */
export function wilson(successes: number, n: number, z = Z95): [number, number] {
  if (!(n > 0)) throw new RangeError('the Wilson interval needs at least one trial');
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding noise (and -0) at the ends: 0/n gives exactly 0, n/n exactly 1.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}
