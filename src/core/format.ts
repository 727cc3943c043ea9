/**
 * The one place figures become text, for every reporter, log line and error
 * message: counts ("1,234,567"), percentages ("93.75%"), bytes ("61,234 B
 * (59.8 KiB)"), durations ("850 ms", "12.3 s", "2 min 05 s"), clocks ("168 MHz"),
 * budget quantities and measured/allowed pairs that never read equal when they
 * differ; and the cleaning of human-facing text (no terminal escapes, one line).
 * Pure and locale-independent: CI logs must not depend on LANG.
 */

/** `1234567` → `"1,234,567"`, `5.7156` → `"5.72"`: grouped integer part, up to `digits` decimals. */
export function fmtNum(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const [int = '0', frac = ''] = Math.abs(n).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = frac.replace(/0+$/, '');
  const sign = n < 0 && (Number(int) > 0 || decimals) ? '-' : '';
  return `${sign}${grouped}${decimals ? `.${decimals}` : ''}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A fraction as a percentage with up to `digits` decimals: 0.9 → "90%", 0.8999 → "89.99%". */
export function fmtPct(fraction: number, digits = 2): string {
  return `${trimZeros((fraction * 100).toFixed(digits))}%`;
}

/** A fraction as a percentage with exactly `decimals` decimals (for pairs): 0.917 → "91.7%". */
export function fmtPctFixed(fraction: number, decimals: number): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** A count that may not be an integer (ticks × a non-integer factor): integers as they are, others with `decimals` (at least 1). */
export function fmtCount(v: number, decimals: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.max(1, decimals));
}

/** Plain fixed-point with `decimals`. */
export function fmtFixed(v: number, decimals: number): string {
  return v.toFixed(decimals);
}

/** Bytes with a binary-prefixed hint once they pass 1 KiB: "61,234 B (59.8 KiB)". */
export function fmtBytes(n: number): string {
  const exact = `${fmtNum(n)} B`;
  if (Math.abs(n) < 1024) return exact;
  const [v, p] = Math.abs(n) >= 1024 * 1024 ? [n / 1024 / 1024, 'MiB'] : [n / 1024, 'KiB'];
  return `${exact} (${trimZeros(v.toFixed(1))} ${p})`;
}

/** A change with its sign, `fmt` formatting the magnitude: `+1,234`, `-0.5`, `0`. */
export function fmtSigned(n: number, fmt: (v: number) => string = fmtNum): string {
  return n > 0 ? `+${fmt(n)}` : n < 0 ? `-${fmt(-n)}` : fmt(0);
}

/** Bytes as KiB with one decimal, for narrow table columns: "59.8 KiB". */
export function fmtKiB(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

/** A duration: "850 ms", "12.3 s", "2 min 05 s"; not finite: "n/a". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(1))} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `25000000` → `25 MHz`, `16384000` → `16.384 MHz`, `32768` → `32.768 kHz`. */
export function fmtHertz(hz: number): string {
  if (hz >= 1e6) return `${Number((hz / 1e6).toFixed(6))} MHz`;
  if (hz >= 1e3) return `${Number((hz / 1e3).toFixed(6))} kHz`;
  return `${hz} Hz`;
}

/** A measured or allowed figure in a budget unit; null (not measured) reads "n/a". */
export function fmtQuantity(v: number | null | undefined, unit: string, digits?: number): string {
  if (v === null || v === undefined) return 'n/a';
  switch (unit) {
    case 'bytes':
      return `${fmtNum(v, digits)} B`;
    case 'fraction':
      return fmtPct(v, digits);
    case 'ms':
      return `${fmtNum(v, digits ?? 3)} ms`;
    case 'instructions':
      return `${fmtNum(v, digits)} instr`;
    case 'points':
      // A difference of two fractions, in percentage points: 0.012 → "1.2 points".
      return `${fmtNum(v * 100, digits)} points`;
    default:
      return `${fmtNum(v, digits)} ${unit}`;
  }
}

/**
 * A measured value and its limit with the fewest decimals (at least `minDecimals`,
 * at most `maxDecimals`) that make them differ when they differ, so nothing reads
 * "95.0% < allowed 95.0%".
 */
export function fmtPair(a: number, b: number, fmt: (v: number, decimals: number) => string, minDecimals: number, maxDecimals = 6): [string, string] {
  for (let d = minDecimals; ; d++) {
    const sa = fmt(a, d);
    const sb = fmt(b, d);
    if (a === b || sa !== sb || d >= maxDecimals) return [sa, sb];
  }
}

/** Text without terminal escapes or control characters (newlines and tabs kept). */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]/g, '');
}

/** Sanitised and folded onto one line, for table cells, log lines and anything from input (clip names). */
export function oneLine(s: string): string {
  return sanitize(s).replace(/\s*\r?\n\s*/g, ' ').trim();
}
