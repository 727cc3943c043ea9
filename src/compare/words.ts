/**
 * How a comparison's figures, changes and clip directions read, the same in the
 * console and in Markdown. Numbers go through core/format.ts like everywhere else.
 */
import type { ClipChange, ClipChangeDirection, Comparison, FigureDelta } from '../core/types.js';
import { fmtBytes, fmtNum, fmtPct, fmtSigned, oneLine } from '../core/format.js';

/**
 * The figure rows worth a reviewer's eye: every figure but the recall of classes that
 * did not change (twelve KWS classes would bury the one that moved), and those classes.
 */
export function shownFigures(figures: readonly FigureDelta[]): { rows: FigureDelta[]; sameRecall: string[] } {
  const same = (f: FigureDelta) => f.name.startsWith('recall[') && f.delta === 0;
  return { rows: figures.filter((f) => !same(f)), sameRecall: figures.filter(same).map((f) => f.name.slice('recall['.length, -1)) };
}

/** `recall of 11 other classes: unchanged (_silence_, _unknown_, ...)`. */
export function sameRecallLine(labels: readonly string[]): string {
  return `recall of ${labels.length} other class${labels.length === 1 ? '' : 'es'}: unchanged (${oneLine(labels.join(', '))})`;
}

/** `dash` joins interval bounds: "–" where Unicode is fine, ".." in plain ASCII. */
export interface Words {
  dash: string;
  arrow: string;
}
export const ASCII: Words = { dash: '..', arrow: '->' };
export const UNICODE: Words = { dash: '–', arrow: '→' };

const value = (v: number, unit: string) => (unit === 'fraction' ? fmtPct(v) : unit === 'bytes' ? fmtBytes(v) : `${fmtNum(v)} ${unit}`);

/** One side of a figure: `85.38% (444/520), 95% CI 81.9%..88.3%`, `57,832 B (56.5 KiB)`, `2,940,000 instructions`; missing: `n/a`. */
export function figureValue(f: FigureDelta, side: 'base' | 'head', w: Words): string {
  const v = f[side];
  if (v === null) return 'n/a';
  const n = f.counts?.[side];
  const ci = f.ci95?.[side];
  return `${value(v, f.unit)}${n ? ` (${n[0]}/${n[1]})` : ''}${ci ? `, 95% CI ${fmtPct(ci[0], 1)}${w.dash}${fmtPct(ci[1], 1)}` : ''}`;
}

/** The change: `-1.15 points`, `+1,536 B (+2.66%)`, `+10,000 instructions (+0.34%)`, `0 B`; not compared: the note. */
export function figureChange(f: FigureDelta): string {
  if (f.delta === null) return f.note ?? (f.base === null ? 'new' : f.head === null ? 'gone' : 'n/a');
  if (f.unit === 'fraction') return `${fmtSigned(f.delta * 100)} points`;
  const abs = f.unit === 'bytes' ? `${fmtSigned(f.delta)} B` : `${fmtSigned(f.delta)} ${f.unit}`;
  return f.delta !== 0 && f.base ? `${abs} (${fmtSigned(f.delta / f.base, (v) => fmtPct(v))})` : abs;
}

const DIRECTION: Record<ClipChangeDirection, (w: Words) => string> = {
  'right-to-wrong': (w) => `right ${w.arrow} wrong`,
  'wrong-to-right': (w) => `wrong ${w.arrow} right`,
  'wrong-to-wrong': (w) => `wrong ${w.arrow} other wrong`,
  status: () => 'status only',
  prediction: () => 'prediction (unlabelled)',
};
/** Worst first: what a reviewer looks for. */
export const DIRECTIONS: ClipChangeDirection[] = ['right-to-wrong', 'wrong-to-wrong', 'status', 'prediction', 'wrong-to-right'];

export const directionWord = (d: ClipChangeDirection, w: Words) => DIRECTION[d](w);

/** A clip's outcome on one side: its prediction when it answered, else its status: `no`, `timedout`, `failed: no`. */
export function outcome(o: ClipChange['base']): string {
  const p = o.predicted === undefined ? undefined : o.predicted === null ? '(none)' : oneLine(o.predicted);
  if (o.status === 'passed') return p ?? 'passed';
  return p !== undefined && o.status === 'failed' ? `failed: ${p}` : o.status;
}

/** `10 changed: 4 right -> wrong, 5 wrong -> right, 1 wrong -> other wrong`. */
export function clipSummary(c: NonNullable<Comparison['clips']>, w: Words): string {
  const counts = DIRECTIONS.map((d) => [d, c.changed.filter((x) => x.direction === d).length] as const).filter(([, n]) => n > 0);
  const changed = counts.length ? `${c.changed.length} changed: ${counts.map(([d, n]) => `${n} ${directionWord(d, w)}`).join(', ')}` : 'none changed';
  const only = c.onlyBase.length || c.onlyHead.length ? `; ${c.onlyBase.length} only in base, ${c.onlyHead.length} only in head` : '';
  return `${c.common} in both, ${c.same} the same, ${changed}${only}`;
}

/** Changed clips, worst direction first, then by id. */
export function sortedChanges(c: NonNullable<Comparison['clips']>): ClipChange[] {
  return [...c.changed].sort((a, b) => DIRECTIONS.indexOf(a.direction) - DIRECTIONS.indexOf(b.direction) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The confusion change restricted to rows and columns with a non-zero cell: `[head, ...rows]`, zeros as `zero`. */
export function confusionRows(cf: NonNullable<Comparison['confusion']>, zero: string, none: string): string[][] | undefined {
  const cols = [...cf.labels, none];
  const rows = cf.labels.map((_, i) => i).filter((i) => cf.diff[i]!.some((v) => v !== 0));
  const used = cols.map((_, j) => j).filter((j) => rows.some((i) => cf.diff[i]![j] !== 0));
  if (!rows.length) return undefined;
  const n = (v: number) => (v === 0 ? zero : fmtSigned(v));
  return [['true \\ predicted', ...used.map((j) => oneLine(cols[j]!))], ...rows.map((i) => [oneLine(cf.labels[i]!), ...used.map((j) => n(cf.diff[i]![j]!))])];
}

/** `kws on mps2-an386 (qemu), passed, 2026-12-02 19:24 UTC, tinyhil 0.1.0, firmware a1e4bbd5`. */
export function runLine(r: Comparison['base']): string {
  const when = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(r.startedAt) ? `, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  const fw = r.sha256 ? `, firmware ${r.sha256.slice(0, 12)}` : '';
  return oneLine(`${r.scenario} on ${r.platform} (${r.target}), ${r.status}${when}, tinyhil ${r.toolVersion}${fw}`);
}

/** How many thresholds flagged: `1 of 4 flagged`. */
export function flaggedCount(c: Comparison): number {
  return c.regressions.filter((v) => v.status === 'failed').length;
}
