/**
 * Formatting shared by the human-facing reporters (console, progress, GitHub) and the
 * JUnit messages, so a figure reads the same everywhere: "61,234 B", "5.72 ms", "93.75%".
 * Everything here is pure and locale-independent (CI logs must not depend on LANG).
 */
import type { BudgetVerdict, ClipResult, Conformance, RunReport, Status } from '../core/types.js';
import { fmtBytes, fmtDuration, fmtNum, fmtPct, fmtQuantity, oneLine } from '../core/format.js';
import { failedChecks } from '../harness/conformance.js';

/** File and folder names inside the run folder. */
export const RUN_FILES = {
  json: 'report.json',
  jsonl: 'results.jsonl',
  junit: 'junit.xml',
  ctrf: 'ctrf.json',
  html: 'index.html',
  logs: 'logs',
} as const;

/** Statuses that count as a clip or budget not passing. */
export function isProblem(status: Status): boolean {
  return status === 'failed' || status === 'error' || status === 'timedout';
}

export { fmtBytes, fmtDuration, fmtKiB, fmtNum, fmtPct, fmtQuantity, oneLine, sanitize } from '../core/format.js';

/**
 * Measured and allowed figures of a verdict with the fewest decimals that make them
 * differ when they differ, so a failure never reads "95% >= 95%".
 */
export function budgetPair(v: BudgetVerdict): [string, string] {
  for (let d = v.unit === 'ms' ? 3 : 2; ; d++) {
    const pair: [string, string] = [fmtQuantity(v.measured, v.unit, d), fmtQuantity(v.budget, v.unit, d)];
    if (v.measured === null || v.measured === v.budget || pair[0] !== pair[1] || d >= 9) return pair;
  }
}

/** The side of the limit that passes: `max` → "<=" (or "≤"), `min` → ">=" (or "≥"). */
export function comparator(kind: BudgetVerdict['kind'], unicode: boolean): string {
  if (kind === 'max') return unicode ? '≤' : '<=';
  return unicode ? '≥' : '>=';
}

/** "measured 61,234 B, allowed <= 60,000 B" — the one phrasing used by every reporter. */
export function budgetFigures(v: BudgetVerdict, unicode = false): string {
  const [measured, allowed] = budgetPair(v);
  return `measured ${measured}, allowed ${comparator(v.kind, unicode)} ${allowed}`;
}

/** Why a clip did not pass, in one line: the reason, then each host-side mismatch. */
export function clipFailureText(c: ClipResult): string {
  const parts: string[] = [c.reason ?? c.status];
  if (c.label !== undefined && c.predicted !== undefined && c.label !== c.predicted && !/expected/.test(c.reason ?? ''))
    parts.push(`expected ${c.label}, predicted ${c.predicted ?? 'none'}`);
  if (c.mismatches?.length)
    parts.push(`mismatches: ${c.mismatches.map((m) => `${m.field} expected ${m.expected} got ${m.actual}`).join('; ')}`);
  return oneLine(parts.join('; '));
}

/** `[label, value]` rows describing the run's metrics, shared by the console and Markdown summaries. */
export function metricRows(r: RunReport, unicode: boolean): [string, string][] {
  const m = r.metrics;
  const c = m.clips;
  const rows: [string, string][] = [];
  const counts = [`${c.passed} passed`, `${c.failed} failed`, `${c.timedout} timed out`, `${c.error} error`];
  if (c.skipped) counts.push(`${c.skipped} skipped`);
  rows.push(['Clips', `${counts.join(', ')} (${c.total} total)`]);
  const dash = unicode ? '–' : '..';
  if (m.accuracy) {
    const a = m.accuracy;
    rows.push(['Accuracy', `${fmtPct(a.value)} (${a.correct}/${a.total}), 95% CI ${fmtPct(a.ci95[0])}${dash}${fmtPct(a.ci95[1])}`]);
    for (const [g, ga] of Object.entries(m.accuracyByGroup ?? {}))
      rows.push([`  ${g}`, `${fmtPct(ga.value)} (${ga.correct}/${ga.total}), 95% CI ${fmtPct(ga.ci95[0])}${dash}${fmtPct(ga.ci95[1])}`]);
  } else rows.push(['Accuracy', 'n/a (no labelled clip with a prediction)']);
  if (m.latency) {
    const l = m.latency;
    const q = (v: number, ms: number) => `${fmtQuantity(v, l.unit)} (${fmtNum(ms, 3)} ms)`;
    rows.push(['Latency', `p50 ${q(l.p50, l.p50Ms)}, p95 ${q(l.p95, l.p95Ms)}, max ${q(l.max, l.maxMs)} [${l.source}]`]);
  }
  if (m.ram) {
    const ram = m.ram;
    const parts = `static ${fmtNum(ram.static)} B + stack ${fmtNum(ram.stackHwm)} B + heap ${fmtNum(ram.heap)} B`;
    rows.push(['Peak RAM', `${fmtBytes(ram.peak)} = ${parts} [${ram.source}]`]);
  }
  if (m.flash) rows.push(['Flash', `${fmtBytes(m.flash.value)} [${m.flash.source}]`]);
  if (m.stack) rows.push(['Stack', `${fmtBytes(m.stack.value)} [${m.stack.source}]`]);
  return rows;
}

/** "kws 1.2.0 on nucleo-f746, cycle source dwt (cycles)" or a note that the device never said HELLO. */
export function deviceLine(r: RunReport): string {
  const d = r.firmware.device;
  const ci = r.provenance.cycleInfo;
  const unit = ci ? ` (${ci.unit}${ci.factor !== 1 ? ` x${fmtNum(ci.factor)}` : ''})` : '';
  if (!d) return `unknown (no HELLO from the device)${ci ? `, cycle source ${ci.source}${unit}` : ''}`;
  return `${d.fwName} ${d.fwVersion} on ${d.board}, cycle source ${ci?.source ?? d.cycleSource}${unit}`;
}

/** A status as the headline word: "PASSED", "FAILED", "TIMED OUT"... */
export function verdictWord(s: Status): string {
  return s === 'timedout' ? 'TIMED OUT' : s.toUpperCase();
}

/** The conformance probe in one line: `15 of 15 checks passed (Renode 1.16.1)`, or which failed. */
export function conformanceLine(c: Conformance): string {
  const on = c.emulator ? ` on ${c.emulator.title ?? c.emulator.name}${c.emulator.version ? ` ${c.emulator.version}` : ''}` : '';
  if (c.status === 'not-run') return `not run${on} (the device sent no probe: a core without the DSP instructions, or an older device library)`;
  if (c.status === 'unknown') return `probe set ${c.probeSet ?? '?'} is newer than this tinyhil knows; not read`;
  const ran = c.checks.filter((x) => x.status !== 'skipped');
  const bad = failedChecks(c);
  if (!bad.length) return `${ran.length} of ${ran.length} checks passed${on}`;
  return `${bad.length} of ${ran.length} checks failed${on}: ${bad.map((x) => x.id).join(', ')}${c.mode === 'strict' ? ' (strict: an infrastructure error)' : ' (a warning: no status changes)'}`;
}

