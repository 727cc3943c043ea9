/**
 * Parsers for the human-friendly quantities scenario files accept.
 * Each returns the value in base units, or a string explaining what is allowed
 * (the caller turns that into a located error).
 */

const SIZE_UNITS: Record<string, number> = {
  b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, k: 1024, m: 1024 ** 2,
};

/** `65536`, `"64KiB"`, `"64 KiB"`, `"60.4KB"`, `"1MiB"` → bytes (rounded down). */
export function parseSize(v: unknown): number | string {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.floor(v) : 'a size must be a non-negative number of bytes';
  if (typeof v !== 'string') return 'a size must be a number of bytes or a string like "64KiB"';
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(v);
  if (!m) return 'a size must be a number of bytes or a string like "64KiB", "60.4KB", "1MiB"';
  const unit = (m[2] ?? '').toLowerCase() || 'b';
  const mul = SIZE_UNITS[unit];
  if (mul === undefined) return `unknown size unit "${m[2]}" (allowed: B, KiB, MiB, GiB, KB, MB, GB)`;
  return Math.floor(Number(m[1]) * mul);
}

const TIME_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000 };

/** `"40ms"`, `"1.5s"`, `"300us"`, `"2m"` → milliseconds. Bare numbers are rejected (ambiguous). */
export function parseDurationMs(v: unknown): number | string {
  if (typeof v !== 'string') return 'a duration must be a string like "40ms", "1.5s" or "300us"';
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]+)\s*$/i.exec(v);
  if (!m) return 'a duration must be a string like "40ms", "1.5s" or "300us"';
  const mul = TIME_UNITS[(m[2] ?? '').toLowerCase()];
  if (mul === undefined) return `unknown time unit "${m[2]}" (allowed: ns, us, ms, s, m)`;
  return Number(m[1]) * mul;
}

/** `0.9` or `"90%"` → 0.9. */
export function parseFraction(v: unknown): number | string {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v)) n = Number(v.trim().replace('%', '')) / 100;
  else return 'must be a fraction between 0 and 1 or a percentage like "90%"';
  if (!(n >= 0 && n <= 1)) return 'must be between 0 and 1 (or 0% and 100%)';
  return n;
}

/** A latency limit: a number of cycles, or a duration converted at the platform clock later. */
export type LatencyLimit = { cycles: number } | { ms: number };

export function parseLatency(v: unknown): LatencyLimit | string {
  if (typeof v === 'number') return v > 0 && Number.isFinite(v) ? { cycles: v } : 'must be a positive number of cycles or a duration like "40ms"';
  const d = parseDurationMs(v);
  if (typeof d === 'string') return 'must be a positive number of cycles or a duration like "40ms"';
  return d > 0 ? { ms: d } : 'must be a positive number of cycles or a duration like "40ms"';
}
