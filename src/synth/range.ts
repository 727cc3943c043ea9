/**
 * Closed numeric ranges written `5..30` (or a single number, or `[5, 30]`), as the
 * synth options and the dataset definition use them for SNR, speed, pitch and levels.
 */

/** A closed range; `min === max` is a fixed value. */
export interface Range {
  min: number;
  max: number;
}

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
/** The grammar of the string form, also the JSON Schema pattern. */
export const RANGE_PATTERN = `^\\s*${NUM}\\s*(?:\\.\\.\\s*${NUM}\\s*)?$`;
const RANGE_RE = new RegExp(`^\\s*(${NUM})\\s*(?:\\.\\.\\s*(${NUM})\\s*)?$`);

/** `"5..30"`, `"20"`, `20`, `[5, 30]` → a Range; a string describing the problem otherwise. */
export function parseRange(v: unknown): Range | string {
  let lo: number;
  let hi: number;
  if (typeof v === 'number') lo = hi = v;
  else if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) [lo, hi] = v as [number, number];
  else if (typeof v === 'string') {
    const m = RANGE_RE.exec(v);
    if (!m) return 'must be a number or a range like "5..30"';
    lo = Number(m[1]);
    hi = m[2] === undefined ? lo : Number(m[2]);
  } else return 'must be a number or a range like "5..30"';
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return 'must be a finite number or range';
  if (lo > hi) return `must be a range from low to high ("${hi}..${lo}", not "${lo}..${hi}")`;
  return { min: lo, max: hi };
}

/** `{min: 5, max: 30}` → `"5..30"`; a fixed value → `"20"`. */
export function formatRange(r: Range): string {
  return r.min === r.max ? String(r.min) : `${r.min}..${r.max}`;
}

/** The value at fraction `u` in [0, 1) of the range, rounded to `step`. */
export function pick(r: Range, u: number, step: number): number {
  const v = r.min + (r.max - r.min) * u;
  const k = Math.round(v / step) * step;
  // Clamp after rounding, and strip float noise (0.30000000000000004 → 0.3).
  return Number(Math.min(r.max, Math.max(r.min, k)).toFixed(6));
}
