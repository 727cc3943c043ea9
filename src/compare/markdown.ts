/**
 * A comparison as GitHub Markdown: `hil compare --format markdown` (a PR comment,
 * one per scenario, found again by its hidden marker) and the deltas section of
 * the job summary. Everything from a report is escaped ({@link cell}, {@link code}).
 */
import type { Comparison } from '../core/types.js';
import { fmtQuantity } from '../core/format.js';
import { cell, code, mdTable } from '../reporters/markdown.js';
import {
  clipSummary, confusionRows, directionWord, figureChange, figureValue, flaggedCount, outcome, runLine, sameRecallLine, shownFigures, sortedChanges, UNICODE,
} from './words.js';

/** The hidden first line of a comment: a workflow finds the comment for a scenario by it and edits it in place. */
export const MARKER_PREFIX = 'tinyhil-compare:';

/** `<!-- tinyhil-compare: kws -->`: the name reduced to characters that cannot end the HTML comment. */
export function marker(scenario: string): string {
  return `<!-- ${MARKER_PREFIX} ${scenario.replace(/[^A-Za-z0-9._-]/g, '_')} -->`;
}

/** Options of {@link comparisonMarkdown}. */
export interface MarkdownOptions {
  /** Start with the hidden marker (a PR comment); default true. */
  marker?: boolean;
  /** Heading level of the title; default 3. */
  level?: number;
  /** Changed clips listed; default 50 (a comment holds at most 65,536 characters). */
  maxClips?: number;
}

const mark = (s: string) => (s === 'passed' ? '✅' : s === 'skipped' ? '⏭️' : '❌');

export function comparisonMarkdown(c: Comparison, opts: MarkdownOptions = {}): string {
  const n = flaggedCount(c);
  const icon = n ? '❌' : c.regressions.length ? '✅' : 'ℹ️';
  const verdict = n ? `${n} regression${n > 1 ? 's' : ''} flagged` : c.regressions.length ? 'no regression flagged' : 'deltas only (no regression thresholds)';
  const out = [
    ...(opts.marker === false ? [] : [marker(c.head.scenario)]),
    `${'#'.repeat(opts.level ?? 3)} ${icon} tinyhil compare: ${cell(c.head.scenario)}: ${verdict}`, '',
    `- **base**: ${c.base.file ? `${code(c.base.file)}: ` : ''}${cell(runLine(c.base))}`,
    `- **head**: ${c.head.file ? `${code(c.head.file)}: ` : ''}${cell(runLine(c.head))}`, '',
  ];
  for (const note of c.notes) out.push(`> ${cell(note)}`, '');
  if (c.regressions.length) {
    const rows = c.regressions.map((v) => [mark(v.status), code(v.name), cell(fmtQuantity(v.measured, v.unit)), cell(`≤ ${fmtQuantity(v.budget, v.unit)}`), cell(v.reason.replace(/^[^:]*: /, ''))]);
    out.push(...mdTable(['', 'Threshold', 'Change', 'Allowed', 'What'], rows), '');
  }
  const { rows: figures, sameRecall } = shownFigures(c.figures);
  if (figures.length) {
    const rows = figures.map((f) => [code(f.name), cell(figureValue(f, 'base', UNICODE)), cell(figureValue(f, 'head', UNICODE)), cell(figureChange(f))]);
    out.push(...mdTable(['Figure', 'Base', 'Head', 'Change'], rows), '');
  }
  if (sameRecall.length) out.push(cell(sameRecallLine(sameRecall)), '');
  if (c.clips) {
    const changes = sortedChanges(c.clips);
    const max = opts.maxClips ?? 50;
    if (changes.length) {
      out.push('<details>', `<summary>Clips: ${cell(clipSummary(c.clips, UNICODE))}</summary>`, '');
      const rows = changes.slice(0, max).map((x) => [code(x.id), x.label !== undefined ? cell(x.label) : '', cell(outcome(x.base)), cell(outcome(x.head)), cell(directionWord(x.direction, UNICODE))]);
      out.push(...mdTable(['Clip', 'Label', 'Base', 'Head', 'Change'], rows));
      if (changes.length > max) out.push('', `… and ${changes.length - max} more (\`hil compare --format json\` lists them all)`);
      out.push('', '</details>', '');
    } else out.push(`Clips: ${cell(clipSummary(c.clips, UNICODE))}`, '');
  }
  const cf = c.confusion && confusionRows(c.confusion, '·', '(none)');
  if (cf) {
    out.push('<details>', '<summary>Confusion matrix change (head − base; rows: true label, columns: predicted)</summary>', '');
    out.push(...mdTable(cf[0]!.map(cell), cf.slice(1).map((r) => r.map(cell))), '', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** The block for a scenario only one side has: said plainly, with its marker so the PR comment says it too. */
export function unpairedMarkdown(scenario: string, side: 'base' | 'head', file: string): string {
  const what = side === 'head' ? 'no baseline: the base run has no report for this scenario (new, or renamed)' : 'only in the baseline: this run has no report for it (removed, renamed, or not run)';
  return `${marker(scenario)}\n### ℹ️ tinyhil compare: ${cell(scenario)}: ${what}\n\n- ${side}: ${code(file)}\n`;
}
