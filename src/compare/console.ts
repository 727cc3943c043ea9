/**
 * A comparison as plain text: `hil compare`'s default output and the "Compared with
 * baseline" section of the run summary. Plain ASCII unless the caller's words say
 * otherwise; anything from a report (names, ids, reasons) goes through oneLine.
 */
import type { Comparison, Status } from '../core/types.js';
import { oneLine } from '../core/format.js';
import {
  ASCII, clipSummary, confusionRows, directionWord, figureChange, figureValue, flaggedCount, outcome, runLine, sameRecallLine, shownFigures, sortedChanges, type Words,
} from './words.js';

/** Options of {@link comparisonLines}. */
export interface TextOptions {
  words?: Words;
  /** The mark before a verdict: `[FAIL]`, `✘`... */
  mark?: (s: Status) => string;
  /** Changed clips listed before "and N more"; default 20. */
  maxClips?: number;
  /** Each line starts with this. */
  indent?: string;
}

const asciiMark = (s: Status) => (s === 'passed' ? '[PASS]' : s === 'skipped' ? '[SKIP]' : '[FAIL]');

/** Columns padded to their widest cell; the last column is not padded. */
export function columns(rows: string[][], indent: string): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** The comparison's lines: runs, notes, figures, changed clips, confusion change, thresholds. */
export function comparisonLines(c: Comparison, opts: TextOptions = {}): string[] {
  const w = opts.words ?? ASCII;
  const mark = opts.mark ?? asciiMark;
  const ind = opts.indent ?? '';
  const max = opts.maxClips ?? 20;
  const out = [`${ind}  base: ${c.base.file ? `${oneLine(c.base.file)}: ` : ''}${runLine(c.base)}`, `${ind}  head: ${c.head.file ? `${oneLine(c.head.file)}: ` : ''}${runLine(c.head)}`];
  for (const n of c.notes) out.push(`${ind}  note: ${oneLine(n)}`);
  const { rows: figures, sameRecall } = shownFigures(c.figures);
  if (figures.length) {
    const rows = figures.map((f) => [oneLine(f.name), figureValue(f, 'base', w), figureValue(f, 'head', w), figureChange(f)]);
    out.push(...columns([['figure', 'base', 'head', 'change'], ...rows], `${ind}  `));
  } else if (!sameRecall.length) out.push(`${ind}  no figure to compare`);
  if (sameRecall.length) out.push(`${ind}  ${sameRecallLine(sameRecall)}`);
  if (c.clips) {
    out.push(`${ind}Clips: ${clipSummary(c.clips, w)}`);
    const changes = sortedChanges(c.clips);
    const rows = changes.slice(0, max).map((x) => [directionWord(x.direction, w), oneLine(x.id), x.label !== undefined ? `(${oneLine(x.label)})` : '', `${outcome(x.base)} ${w.arrow} ${outcome(x.head)}`]);
    if (rows.length) out.push(...columns(rows, `${ind}  `));
    if (changes.length > max) out.push(`${ind}  ... and ${changes.length - max} more (hil compare --format json lists them all)`);
  }
  const cf = c.confusion && confusionRows(c.confusion, '.', '(none)');
  if (cf) out.push(`${ind}Confusion matrix change (head - base; rows: true label, columns: predicted; changed rows and columns only)`, ...columns(cf, `${ind}  `));
  if (c.regressions.length) {
    out.push(`${ind}Regression thresholds (${flaggedCount(c)} of ${c.regressions.length} flagged)`);
    // Reasons are stored with "→"; plain output stays ASCII.
    for (const v of c.regressions) out.push(`${ind}  ${mark(v.status)} ${oneLine(v.reason).replace(/→/g, w.arrow)}`);
  } else out.push(`${ind}Regression thresholds: none in the scenario (deltas only)`);
  return out;
}

/** `hil compare`'s text for one pair: a heading, the lines, and a verdict. */
export function comparisonText(c: Comparison, opts: TextOptions = {}): string {
  const n = flaggedCount(c);
  const verdict = n ? `REGRESSION: ${n} threshold${n > 1 ? 's' : ''} flagged` : c.regressions.length ? 'no regression flagged' : 'deltas only (no thresholds)';
  return [`tinyhil compare: ${oneLine(c.head.scenario)}`, ...comparisonLines(c, opts), `${oneLine(c.head.scenario)}: ${verdict}`, ''].join('\n');
}
