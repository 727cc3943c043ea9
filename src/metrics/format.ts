/** Number formatting for budget reasons: sizes, percentages, clocks, and pairs that must not look equal. */

/**
 * Formats a measured value and its limit with the fewest decimals (at least
 * `minDecimals`, at most 6) that make them differ when they differ, so a reason
 * never reads "95.0% < allowed 95.0%".
 */
export function pair(a: number, b: number, fmt: (v: number, decimals: number) => string, minDecimals: number): [string, string] {
  for (let d = minDecimals; ; d++) {
    const sa = fmt(a, d);
    const sb = fmt(b, d);
    if (a === b || sa !== sb || d >= 6) return [sa, sb];
  }
}

/** `0.917` → `91.7%` (with `decimals` after the point). */
export const percent = (v: number, decimals: number): string => `${(v * 100).toFixed(decimals)}%`;

/** A count that may not be an integer (ticks × a non-integer factor): integers print as is, others with decimals. */
export const count = (v: number, decimals: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(Math.max(1, decimals)));

/** Plain fixed-point. */
export const fixed = (v: number, decimals: number): string => v.toFixed(decimals);

/** `61234` → `61234 B (59.8 KiB)`. */
export function bytes(n: number): string {
  return `${n} B (${(n / 1024).toFixed(1)} KiB)`;
}

/** `25000000` → `25 MHz`, `16384000` → `16.384 MHz`, `32768` → `32.768 kHz`. */
export function hertz(hz: number): string {
  if (hz >= 1e6) return `${Number((hz / 1e6).toFixed(6))} MHz`;
  if (hz >= 1e3) return `${Number((hz / 1e3).toFixed(6))} kHz`;
  return `${hz} Hz`;
}
