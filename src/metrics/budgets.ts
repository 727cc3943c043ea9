/**
 * Budget verdicts: one per budget line of the scenario, named by its YAML path
 * (`latency.p95.max`; `recall.min` expands to `recall.min[<label>]` per label,
 * `recall.classes.<label>` stays as written). Limits are inclusive. A figure
 * that could not be measured gives an `error` verdict, never a pass.
 */
import type { Budgets } from '../config/schema.js';
import type { LatencyLimit } from '../config/units.js';
import type { BudgetVerdict, Metrics } from '../core/types.js';
import { SOURCES, toMs } from './compute.js';
import { fmtNum, fmtBytes as bytes, fmtCount as count, fmtFixed as fixed, fmtHertz as hertz, fmtPair as pair, fmtPctFixed as percent } from '../core/format.js';

/** What the verdicts need besides the metrics. */
export interface BudgetContext {
  /** The scenario's labels: `recall.min` gives one verdict per label, in this order. */
  labels: string[];
  /** The platform clock, to convert between cycles and ms. */
  clockHz: number;
  /** The unit latency would be measured in (`cycles`, `instructions`, `ns`), for verdicts when nothing was measured. */
  latencyUnit: string;
  /** What latency reasons add about the counts (CycleInfo.caveat: `QEMU icount, not cycle-accurate`). */
  caveat?: string;
  /**
   * The run streamed a subset of the scenario's clips (--limit, --sample, --only-failed):
   * a class with no clip in the subset is `skipped`, not an error of the test set.
   */
  subset?: boolean;
}

/**
 * Limits converted from decimal strings ("0.3ms", "95%") can be one rounding
 * step off the exact value; this much relative slack keeps "exactly at the
 * limit" passing without letting a real excess through.
 */
const EPS = 1e-12;

const NO_FOOTPRINT = 'no firmware footprint (the ELF was not analysed)';
const NO_STACK = 'no clip reported a stack high-water mark';

type Fraction = { value: number; correct: number; total: number };
type Verdict = BudgetVerdict;

/** One verdict per budget line, in the order of the budgets schema. No budgets, no verdicts. */
export function checkBudgets(budgets: Budgets | undefined, metrics: Metrics, ctx: BudgetContext): BudgetVerdict[] {
  if (!budgets) return [];
  const out: Verdict[] = [];
  if (budgets.accuracy) out.push(fraction('accuracy.min', budgets.accuracy.min, metrics.accuracy, 'no labelled clip ran'));
  const recallMin = budgets.recall?.min;
  if (recallMin !== undefined) for (const l of ctx.labels) out.push(recall(`recall.min[${l}]`, l, recallMin, metrics, ctx));
  for (const [l, min] of Object.entries(budgets.recall?.classes ?? {})) out.push(recall(`recall.classes.${l}`, l, min, metrics, ctx));
  for (const p of ['p50', 'p95', 'max'] as const) {
    const limit = budgets.latency?.[p]?.max;
    if (limit) out.push(latency(`latency.${p}.max`, p, limit, metrics.latency, ctx));
  }
  if (budgets.ram) {
    const r = metrics.ram;
    const missing = [metrics.flash ? '' : NO_FOOTPRINT, metrics.stack ? '' : NO_STACK].filter(Boolean).join(' and ');
    const detail = r && `static ${fmtNum(r.static)} B + stack ${fmtNum(r.stackHwm)} B + heap ${fmtNum(r.heap)} B`;
    out.push(size('ram.peak.max', budgets.ram.peak.max, r?.peak, r?.source ?? SOURCES.ram, missing || NO_STACK, detail));
  }
  if (budgets.flash) out.push(size('flash.max', budgets.flash.max, metrics.flash?.value, metrics.flash?.source ?? SOURCES.flash, NO_FOOTPRINT));
  if (budgets.stack) out.push(size('stack.max', budgets.stack.max, metrics.stack?.value, metrics.stack?.source ?? SOURCES.stack, NO_STACK));
  return out;
}

function notMeasured(v: Omit<Verdict, 'status' | 'measured' | 'reason'>, why: string): Verdict {
  return { ...v, status: 'error', measured: null, reason: `${v.name}: not measured: ${why}` };
}

/** `accuracy.min: measured 91.7% (11/12) < allowed 95.0%`. */
function fraction(name: string, min: number, m: Fraction | undefined, missing: string): Verdict {
  const base = { name, budget: min, unit: 'fraction', kind: 'min' as const, source: SOURCES.classification };
  if (!m) return notMeasured(base, missing);
  const ok = m.value >= min - EPS;
  const [ms, bs] = pair(m.value, min, percent, 1);
  return { ...base, status: ok ? 'passed' : 'failed', measured: m.value, reason: `${name}: measured ${ms} (${m.correct}/${m.total}) ${ok ? '>=' : '<'} allowed ${bs}` };
}

function recall(name: string, label: string, min: number, metrics: Metrics, ctx: BudgetContext): Verdict {
  const m = metrics.recall?.[label];
  if (!m && !ctx.labels.includes(label)) {
    const v = fraction(name, min, undefined, '');
    return { ...v, reason: `${name}: "${label}" is not one of the scenario labels (${ctx.labels.join(', ')})` };
  }
  if (!m && ctx.subset)
    return { ...fraction(name, min, undefined, ''), status: 'skipped', reason: `${name}: skipped: no clip labelled "${label}" in the selected subset` };
  return fraction(name, min, m, `no clip labelled "${label}" ran`);
}

/**
 * A latency limit in cycles compares in the measured unit; in ms it compares
 * in ms at the platform clock (nanoseconds directly for the host build).
 * Comparisons multiply instead of divide so exact limits stay exact.
 */
function latency(name: string, p: 'p50' | 'p95' | 'max', limit: LatencyLimit, lat: Metrics['latency'], ctx: BudgetContext): Verdict {
  const unit = lat?.unit ?? ctx.latencyUnit;
  const source = lat?.source ?? 'cycle counts of passed clips';
  const what = unit === 'instructions' ? 'instruction-equivalent cycles' : 'cycles';
  const step = lat?.resolution !== undefined ? `; counter resolution ${lat.resolution} cycles` : '';
  const caveat = (ctx.caveat ? `; ${ctx.caveat}` : '') + step;
  const clock = hertz(ctx.clockHz);
  const missing = 'no clip passed with a cycle count';
  if ('ms' in limit) {
    const base = { name, budget: limit.ms, unit: 'ms', kind: 'max' as const, source };
    if (!lat) return notMeasured(base, missing);
    const raw = lat[p];
    const ok = unit === 'ns' ? raw <= limit.ms * 1e6 * (1 + EPS) : raw * 1000 <= limit.ms * ctx.clockHz * (1 + EPS);
    const measured = toMs(raw, unit, ctx.clockHz);
    const op = ok ? '<=' : '>';
    const [ms, bs] = pair(measured, limit.ms, fixed, 1);
    const detail =
      unit === 'ns'
        ? `host build: ${count(raw, 0)} ns of host time, not device timing`
        : `${pair(raw, limitCycles(limit.ms, ctx.clockHz), count, 0).join(` ${what} ${op} `)} cycles at ${clock}${caveat}`;
    return { ...base, status: ok ? 'passed' : 'failed', measured, reason: `${name}: measured ${ms} ms ${op} allowed ${bs} ms (${detail})` };
  }
  const base = { name, budget: limit.cycles, unit: unit === 'instructions' ? 'instructions' : 'cycles', kind: 'max' as const, source };
  if (unit === 'ns')
    return {
      ...base, status: 'error', measured: null,
      reason: `${name}: the limit is in cycles but the host build measures nanoseconds of host time; give the limit as a duration such as "40ms"`,
    };
  if (!lat) return notMeasured(base, missing);
  const raw = lat[p];
  const ok = raw <= limit.cycles;
  const op = ok ? '<=' : '>';
  const [rs, ls] = pair(raw, limit.cycles, count, 0);
  const [ms, bs] = pair(toMs(raw, unit, ctx.clockHz), toMs(limit.cycles, unit, ctx.clockHz), fixed, 1);
  return {
    ...base, status: ok ? 'passed' : 'failed', measured: raw,
    reason: `${name}: measured ${rs} ${what} ${op} allowed ${ls} cycles (${ms} ms ${op} ${bs} ms at ${clock}${caveat})`,
  };
}

/** A ms limit in cycles, for display; rounded so "0.3ms" at 25 MHz reads 7500, not 7500.000000000001. */
function limitCycles(ms: number, clockHz: number): number {
  return Math.round(((ms * clockHz) / 1000) * 1e6) / 1e6;
}

/** `ram.peak.max: measured 61234 B (59.8 KiB) > allowed 60000 B (58.6 KiB); static ... B + stack ... B + heap ... B`. */
function size(name: string, max: number, measured: number | undefined, source: string, missing: string, detail?: string): Verdict {
  const base = { name, budget: max, unit: 'bytes', kind: 'max' as const, source };
  if (measured === undefined) return notMeasured(base, missing);
  const ok = measured <= max;
  const reason = `${name}: measured ${bytes(measured)} ${ok ? '<=' : '>'} allowed ${bytes(max)}${detail ? `; ${detail}` : ''}`;
  return { ...base, status: ok ? 'passed' : 'failed', measured, reason };
}
