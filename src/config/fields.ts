/**
 * Field types shared by the scenario and platform schemas: quantities with units
 * (sizes, durations, fractions, latencies) that accept numbers or strings and
 * convert them with the unit parsers, and names.
 */
import { z } from 'zod';
import {
  DURATION_PATTERN, INCREASE_PERCENT_PATTERN, PERCENT_PATTERN, SIZE_PATTERN,
  parseDurationMs, parseFraction, parseLatency, parseLatencyIncrease, parseSize, parseSizeIncrease,
  type LatencyIncrease as LatencyRise, type LatencyLimit, type SizeIncrease as SizeRise,
} from './units.js';

interface QuantityMeta {
  description: string;
  examples: (string | number)[];
  /** JSON Schema constraints of the number form (they override zod's); absent: numbers are not accepted. */
  number?: Record<string, number | string>;
  /** JSON Schema pattern of the string form (the parser's grammar). */
  pattern: string;
}

/**
 * A zod type that accepts `number | string` (or only strings) and converts it with
 * one of the unit parsers. The parser alone decides; the JSON Schema constraints
 * in `meta` only mirror it so editors flag the same values.
 */
function quantity<T>(parse: (v: unknown) => T | string, meta: QuantityMeta) {
  const str = z.string().meta({ pattern: meta.pattern });
  const input = meta.number ? z.union([z.number().meta(meta.number), str]) : str;
  return input
    .meta({ description: meta.description, examples: meta.examples })
    .transform((v, ctx): T => {
      const r = parse(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      return r;
    });
}

export const Size = () =>
  quantity(parseSize, {
    description: 'a number of bytes or a size like "64KiB", "60.4KB", "1MiB"',
    examples: ['64KiB', '1MiB', 65536],
    number: { type: 'integer', minimum: 0 },
    pattern: SIZE_PATTERN,
  });
/** The longest wait Node's timers take (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const positiveDuration = (v: unknown) => {
  const ms = parseDurationMs(v);
  if (typeof ms !== 'number') return ms;
  if (!Number.isFinite(ms)) return 'must be a finite duration like "10s"';
  if (ms <= 0) return 'must be a positive duration like "10s"';
  if (ms > MAX_TIMER_MS) return `must be at most ${MAX_TIMER_MS} ms (about 24 days): no timer waits longer`;
  return ms;
};
export const Duration = () =>
  quantity(positiveDuration, {
    description: 'a duration like "40ms", "1.5s" or "300us"',
    examples: ['10s', '500ms', '2m'],
    pattern: DURATION_PATTERN,
  });
export const Fraction = () =>
  quantity(parseFraction, {
    description: 'a fraction between 0 and 1 or a percentage like "90%"',
    examples: ['90%', 0.9],
    number: { minimum: 0, maximum: 1 },
    pattern: PERCENT_PATTERN,
  });
/** A fall of a fraction, in percentage points (`regression:`): parsed like a fraction, written like "0.5%". */
export const Points = () =>
  quantity(parseFraction, {
    description: 'percentage points like "0.5%", or a fraction like 0.005',
    examples: ['0.5%', 0.005],
    number: { minimum: 0, maximum: 1 },
    pattern: PERCENT_PATTERN,
  });
export const Latency = () =>
  quantity<LatencyLimit>(parseLatency, {
    description: 'a positive number of CPU cycles, or a duration at the platform clock like "40ms"',
    examples: [2000000, '40ms'],
    number: { exclusiveMinimum: 0 },
    pattern: DURATION_PATTERN,
  });

/** How much a size may grow over a baseline (`regression:`): bytes, or a percentage of the baseline's. */
export const SizeIncrease = () =>
  quantity<SizeRise>(parseSizeIncrease, {
    description: 'a number of bytes, a size like "512B" or "1KiB", or a percentage of the baseline like "2%"',
    examples: ['512B', '1KiB', '2%'],
    number: { type: 'integer', minimum: 0 },
    // Two anchored grammars side by side: JSON Schema patterns are plain ECMAScript regexes.
    pattern: `${SIZE_PATTERN}|${INCREASE_PERCENT_PATTERN}`,
  });
/** How much a latency may grow over a baseline: a count in the measured unit, a duration, or a percentage. */
export const LatencyIncrease = () =>
  quantity<LatencyRise>(parseLatencyIncrease, {
    description: 'a number of cycles (in the unit measured: instructions under QEMU), a duration at the platform clock like "0.5ms", or a percentage of the baseline like "2%"',
    examples: ['2%', 20000, '0.5ms'],
    number: { minimum: 0 },
    pattern: `${DURATION_PATTERN}|${INCREASE_PERCENT_PATTERN}`,
  });

/** A name of letters, digits, ".", "_" or "-" (platforms, apps, variants). */
export const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a name of letters, digits, ".", "_" or "-" (starting with a letter or digit)');

const U32 = 2 ** 32;

/** A memory range in the 32-bit address space: `{ start, size }`. */
export const region = z
  .object({
    start: z.number().int().min(0).max(U32 - 1).describe('the first address'),
    size: Size(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.start + r.size > U32) ctx.addIssue({ code: 'custom', path: ['size'], message: 'must end within the 32-bit address space (start + size <= 0x100000000)' });
  });
