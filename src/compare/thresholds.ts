/**
 * The scenario's `regression:` thresholds against a comparison's figures: one
 * verdict per threshold (per class for recall, per percentile for latency), in the
 * shape of a budget verdict so every reporter can show it. `failed` is a flagged
 * regression; `skipped` says why a figure could not be compared (a baseline
 * without it, other units, other platforms), which fails nothing.
 */
import type { Regression } from '../config/schema.js';
import type { ConfigPath } from '../config/errors.js';
import type { BudgetVerdict, Comparison, FigureDelta, SourceLocation } from '../core/types.js';
import type { LatencyIncrease, SizeIncrease } from '../config/units.js';
import { fmtBytes, fmtFixed, fmtHertz, fmtNum, fmtPair, fmtPct, fmtPctFixed } from '../core/format.js';
import { toMs } from '../metrics/compute.js';

/** What the verdicts need besides the comparison. */
export interface RegressionContext {
  /** The head run's platform clock, for thresholds given as durations. */
  clockHz: number;
  /** Where a threshold is written (its key), for annotations. */
  locate?: (path: ConfigPath) => SourceLocation;
}

/** Limits from decimal strings ("0.5%") can be a rounding step off; the same slack budgets allow. */
const EPS = 1e-12;
const within = (m: number, limit: number) => m <= limit + EPS * Math.max(1, Math.abs(limit));

type Draft = Omit<BudgetVerdict, 'status' | 'measured' | 'reason'>;

/** A limit in its own terms: the rise measured that way, and how a pair of them reads. */
interface Limit {
  budget: number;
  unit: string;
  measured: number;
  pair(a: number, b: number): [string, string];
}

/**
 * One verdict per threshold of `reg`, in schema order: accuracy, recall per class,
 * latency p50 and p95, peak RAM, flash, stack. No thresholds, no verdicts.
 */
export function checkRegressions(reg: Regression | undefined, c: Pick<Comparison, 'base' | 'figures'>, ctx: RegressionContext): BudgetVerdict[] {
  if (!reg) return [];
  const source = `this run against the baseline run${c.base.file ? ` ${c.base.file}` : ''}`;
  const fig = (name: string) => c.figures.find((f) => f.name === name);
  const draft = (name: string, path: string[], budget: number, unit: string): Draft =>
    ({ name, budget, unit, kind: 'max', source, ...(ctx.locate ? { location: ctx.locate(['regression', ...path]) } : {}) });
  const out: BudgetVerdict[] = [];
  if (reg.accuracy) out.push(drop(draft('regression.accuracy.max_drop', ['accuracy', 'max_drop'], reg.accuracy.max_drop, 'points'), 'accuracy', fig('accuracy')));
  if (reg.recall)
    for (const f of c.figures.filter((x) => x.name.startsWith('recall['))) {
      const label = f.name.slice('recall['.length, -1);
      out.push(drop(draft(`regression.recall.max_drop[${label}]`, ['recall', 'max_drop'], reg.recall.max_drop, 'points'), `${label} recall`, f));
    }
  if (reg.latency)
    for (const p of ['p50', 'p95'] as const) {
      const f = fig(`latency.${p}`);
      const lim = reg.latency.max_increase;
      const [budget, unit] = 'fraction' in lim ? [lim.fraction, 'fraction'] : 'ms' in lim ? [lim.ms, 'ms'] : [lim.count, f?.unit ?? 'cycles'];
      const d = draft(`regression.latency.max_increase[${p}]`, ['latency', 'max_increase'], budget, unit);
      out.push(rise(d, `${p} latency`, ['rose', 'fell'], f, f && latencyLimit(reg.latency.max_increase, f, ctx.clockHz), ` ${f?.unit ?? 'cycles'}${clockNote(reg.latency.max_increase, f, ctx.clockHz)}`));
    }
  for (const [key, name, what] of [['ram', 'ram.peak', 'peak RAM'], ['flash', 'flash', 'flash'], ['stack', 'stack', 'stack']] as const) {
    const limit = reg[key]?.max_increase;
    if (!limit) continue;
    const f = fig(name);
    const [budget, unit] = 'fraction' in limit ? [limit.fraction, 'fraction'] : [limit.bytes, 'bytes'];
    out.push(rise(draft(`regression.${key}.max_increase`, [key, 'max_increase'], budget, unit), what, ['grew', 'shrank'], f, f && sizeLimit(limit, f), ' B'));
  }
  return out;
}

/** Skipped, saying why: a figure missing on one side, or one the comparison left out. */
function uncompared(d: Draft, what: string, f: FigureDelta | undefined): BudgetVerdict | undefined {
  const why = !f ? `neither run has a ${what} figure`
    : f.base === null ? `the baseline run has no ${what} figure`
      : f.head === null ? `this run has no ${what} figure`
        : f.delta === null ? (f.note ?? 'not comparable').replace(/^not compared: /, '') : undefined;
  return why ? { ...d, status: 'skipped', measured: null, reason: `${d.name}: not compared: ${why}` } : undefined;
}

/** `regression.accuracy.max_drop: accuracy fell 1.2 points (85.4% → 84.2%) > allowed 0.5 points`. */
function drop(d: Draft, what: string, f: FigureDelta | undefined): BudgetVerdict {
  const skip = uncompared(d, what, f);
  if (skip || !f) return skip!;
  const fall = -f.delta!;
  const ok = within(fall, d.budget);
  const [was, now] = fmtPair(f.base!, f.head!, fmtPctFixed, 1);
  const [fs, ms] = fmtPair(Math.abs(fall) * 100, d.budget * 100, fmtFixed, 1);
  const moved = fall > 0 ? `fell ${fs} points` : fall < 0 ? `rose ${fs} points` : 'did not change';
  return { ...d, status: ok ? 'passed' : 'failed', measured: fall, reason: `${d.name}: ${what} ${moved} (${was} → ${now}) ${ok ? '<=' : '>'} allowed ${fall > 0 ? '' : 'fall of '}${ms} points` };
}

/** `regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) > allowed 1,024 B (1 KiB)`; relative limits read in %; `unit` ends the transition. */
function rise(d: Draft, what: string, [up, down]: [string, string], f: FigureDelta | undefined, limit: Limit | string | undefined, unit: string): BudgetVerdict {
  const skip = uncompared(d, what, f);
  if (skip || !f || limit === undefined) return skip!;
  if (typeof limit === 'string') return { ...d, status: 'skipped', measured: null, reason: `${d.name}: not compared: ${limit}` };
  const v = { ...d, budget: limit.budget, unit: limit.unit };
  const ok = within(limit.measured, limit.budget);
  const [ms, ls] = limit.pair(Math.abs(limit.measured), limit.budget);
  const moved = limit.measured > 0 ? `${up} ${ms}` : limit.measured < 0 ? `${down} ${ms}` : 'did not change';
  return { ...v, status: ok ? 'passed' : 'failed', measured: limit.measured, reason: `${d.name}: ${what} ${moved} (${fmtNum(f.base!)} → ${fmtNum(f.head!)}${unit}) ${ok ? '<=' : '>'} allowed ${ls}` };
}

/** A percentage of the baseline's figure; undefined-like (a reason) when the baseline is 0. */
function relative(fraction: number, f: FigureDelta): Limit | string {
  if (f.base! <= 0) return `the baseline's figure is ${f.base}, so a percentage of it means nothing`;
  return { budget: fraction, unit: 'fraction', measured: f.delta! / f.base!, pair: (a, b) => fmtPair(a, b, fmtPct, 2) };
}

function sizeLimit(limit: SizeIncrease, f: FigureDelta): Limit | string | undefined {
  if (f.delta === null) return undefined;
  if ('fraction' in limit) return relative(limit.fraction, f);
  return { budget: limit.bytes, unit: 'bytes', measured: f.delta, pair: (a, b) => [`${fmtNum(a)} B`, fmtBytes(b)] };
}

function latencyLimit(limit: LatencyIncrease, f: FigureDelta, clockHz: number): Limit | string | undefined {
  if (f.delta === null) return undefined;
  if ('fraction' in limit) return relative(limit.fraction, f);
  if ('count' in limit) return { budget: limit.count, unit: f.unit, measured: f.delta, pair: (a, b) => [`${fmtNum(a)} ${f.unit}`, `${fmtNum(b)} ${f.unit}`] };
  if (f.unit !== 'ns' && !(clockHz > 0)) return 'the limit is a duration but the platform clock is not known';
  return { budget: limit.ms, unit: 'ms', measured: toMs(f.delta, f.unit, clockHz), pair: (a, b) => fmtPair(a, b, fmtNum, 3).map((s) => `${s} ms`) as [string, string] };
}

/** A duration limit converts at the clock: the reason says which. */
function clockNote(limit: LatencyIncrease, f: FigureDelta | undefined, clockHz: number): string {
  return 'ms' in limit && f && f.unit !== 'ns' && clockHz > 0 ? ` at ${fmtHertz(clockHz)}` : '';
}
