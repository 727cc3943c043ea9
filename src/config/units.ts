/**
 * Parsers for the human-friendly quantities scenario files accept.
 * Each returns the value in base units, or a string explaining what is allowed
 * (the caller turns that into a located error). The messages are phrased to
 * follow a key path: "budgets.flash.max must be ...".
 *
 * The `*_PATTERN` strings are the same grammars written for JSON Schema (which
 * has no regex flags), including the schema's extra rules (positive durations,
 * at most 100%), so an editor flags exactly the strings the loader refuses;
 * test/config/jsonschema.test.ts checks the two agree.
 */

const SIZE_UNITS: Record<string, number> = {
  b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, k: 1024, m: 1024 ** 2,
};
const { b: _bytes, ...SCALED_SIZE_UNITS } = SIZE_UNITS;
const SIZE_UNIT_NAMES = 'B, KiB, MiB, GiB, KB, MB, GB, K (KiB), M (MiB)';

/** Nanoseconds per unit: integers, so that "5ns" → 5 / 1e6 is exactly 5e-6 ms (1e-6 factors are not). */
const TIME_UNITS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9, h: 3600e9,
};
const TIME_UNIT_NAMES = 'ns, us, ms, s, m (or min), h';

/** A number, then a unit of letters: the lexical shape shared by sizes and durations. */
const QUANTITY = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Zµ]*)\s*$/;

/** `kib` → `[kK][iI][bB]`: a case-insensitive literal for a flag-less JSON Schema pattern. */
function anyCase(word: string): string {
  // ASCII only: "µ".toUpperCase() is a Greek capital mu, which the parsers do not accept.
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}
const alternatives = (units: Record<string, number>) =>
  Object.keys(units).sort((a, b) => b.length - a.length).map(anyCase).join('|');
/** A number with at least one non-zero digit: durations and latencies must be positive. */
const POSITIVE = '(?=[0-9.]*[1-9])\\d+(\\.\\d+)?';

/** JSON Schema `pattern` of the strings {@link parseSize} accepts: whole bytes, or any number with a unit above B. */
export const SIZE_PATTERN = `^\\s*(\\d+\\s*[bB]?|\\d+(\\.\\d+)?\\s*(${alternatives(SCALED_SIZE_UNITS)}))\\s*$`;
/** JSON Schema `pattern` of the positive durations {@link parseDurationMs} accepts (timeouts and latencies refuse 0). */
export const DURATION_PATTERN = `^\\s*${POSITIVE}\\s*(${alternatives(TIME_UNITS)})\\s*$`;
/** JSON Schema `pattern` of the percentages {@link parseFraction} accepts: 0% to 100%. */
export const PERCENT_PATTERN = '^\\s*0*(100(\\.0+)?|\\d{1,2}(\\.\\d+)?)\\s*%\\s*$';

const SIZE_SHAPE = 'must be a number of bytes or a size like "64KiB", "60.4KB", "1MiB"';

/** `65536`, `"64KiB"`, `"64 KiB"`, `"60.4KB"`, `"1MiB"` → bytes (rounded down). */
export function parseSize(v: unknown): number | string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return `${SIZE_SHAPE}, not negative`;
    // A fractional byte count is almost always a unit mix-up ("1.5" meant MiB?).
    if (!Number.isInteger(v)) return 'must be a whole number of bytes, or a size like "1.5MiB"';
    return v <= Number.MAX_SAFE_INTEGER ? v : 'is too large';
  }
  if (typeof v !== 'string') return SIZE_SHAPE;
  const m = QUANTITY.exec(v);
  if (!m) return SIZE_SHAPE;
  const unit = (m[2] ?? '').toLowerCase() || 'b';
  const mul = SIZE_UNITS[unit];
  if (mul === undefined) return `has an unknown size unit "${m[2]}" (allowed: ${SIZE_UNIT_NAMES})`;
  if (mul === 1 && m[1]?.includes('.')) return 'must be a whole number of bytes, or a size like "1.5MiB"';
  const bytes = Math.floor(Number(m[1]) * mul);
  return bytes <= Number.MAX_SAFE_INTEGER ? bytes : 'is too large';
}

/** Looser than PERCENT_PATTERN so that "150%" gets the range message, not the shape one. */
const PERCENT = /^\s*\d+(\.\d+)?\s*%\s*$/;
const DURATION_SHAPE = 'must be a duration like "40ms", "1.5s" or "300us"';

/** `"40ms"`, `"1.5s"`, `"300us"`, `"2m"` → milliseconds. Bare numbers are rejected (ambiguous). */
export function parseDurationMs(v: unknown): number | string {
  if (typeof v === 'number') return `${DURATION_SHAPE} (a bare number is ambiguous: add a unit)`;
  if (typeof v !== 'string') return DURATION_SHAPE;
  const m = QUANTITY.exec(v);
  if (!m || !m[2]) return DURATION_SHAPE;
  const ns = TIME_UNITS[m[2].toLowerCase()];
  if (ns === undefined) return `has an unknown time unit "${m[2]}" (allowed: ${TIME_UNIT_NAMES})`;
  return (Number(m[1]) * ns) / 1e6;
}

/** `0.9` or `"90%"` → 0.9. */
export function parseFraction(v: unknown): number | string {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && PERCENT.test(v)) n = Number(v.trim().replace('%', '')) / 100;
  else return 'must be a fraction between 0 and 1 or a percentage like "90%"';
  if (!(n >= 0 && n <= 1)) return 'must be between 0 and 1 (or 0% and 100%)';
  return n;
}

/** A latency limit: a number of cycles, or a duration converted at the platform clock later. */
export type LatencyLimit = { cycles: number } | { ms: number };

const LATENCY_SHAPE = 'must be a positive number of cycles or a duration like "40ms"';

/** `2000000` → `{cycles: 2000000}`; `"40ms"` → `{ms: 40}`. Zero and negative limits are refused. */
export function parseLatency(v: unknown): LatencyLimit | string {
  if (typeof v === 'number') return v > 0 && Number.isFinite(v) ? { cycles: v } : LATENCY_SHAPE;
  const d = parseDurationMs(v);
  if (typeof d === 'string') return LATENCY_SHAPE;
  return d > 0 ? { ms: d } : LATENCY_SHAPE;
}

/** JSON Schema `pattern` of a percentage of any size (a rise may be more than 100%). */
export const INCREASE_PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';

/** How much a figure may rise over a baseline: relative (`"2%"` → 0.02) or absolute. */
export type SizeIncrease = { fraction: number } | { bytes: number };
/** As {@link SizeIncrease}, for latency: relative, a count in the measured unit, or a duration at the platform clock. */
export type LatencyIncrease = { fraction: number } | { count: number } | { ms: number };

const percentOf = (v: unknown) => (typeof v === 'string' && PERCENT.test(v) ? { fraction: Number(v.trim().replace('%', '')) / 100 } : undefined);
const SIZE_INCREASE_SHAPE = 'must be a number of bytes, a size like "512B" or "1KiB", or a percentage like "2%"';

/** `512`, `"512B"`, `"1KiB"` → `{bytes}`; `"2%"` → `{fraction: 0.02}`. */
export function parseSizeIncrease(v: unknown): SizeIncrease | string {
  const p = percentOf(v);
  if (p) return p;
  const bytes = parseSize(v);
  // parseSize's own words for a bad unit or a negative count; its shape message would not mention percentages.
  if (typeof bytes === 'string') return bytes.startsWith(SIZE_SHAPE) ? SIZE_INCREASE_SHAPE + bytes.slice(SIZE_SHAPE.length) : bytes;
  return { bytes };
}

const LATENCY_INCREASE_SHAPE = 'must be a number of cycles, a duration like "0.5ms", or a percentage like "2%"';

/** `20000` → `{count}` (cycles or instructions, as measured); `"0.5ms"` → `{ms: 0.5}`; `"2%"` → `{fraction: 0.02}`. */
export function parseLatencyIncrease(v: unknown): LatencyIncrease | string {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? { count: v } : `${LATENCY_INCREASE_SHAPE}, not negative`;
  const p = percentOf(v);
  if (p) return p;
  const ms = parseDurationMs(v);
  if (typeof ms === 'string') return ms.startsWith('has an unknown') ? ms : LATENCY_INCREASE_SHAPE;
  return ms > 0 ? { ms } : `${LATENCY_INCREASE_SHAPE}; a duration must be positive (0 cycles allows no rise at all)`;
}
