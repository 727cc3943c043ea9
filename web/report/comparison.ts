/**
 * The baseline section (`hil run --baseline`): what changed against the base run,
 * the regression verdicts, the clips whose outcome moved, and the confusion
 * matrix's change as a diverging heat map.
 */
import * as Plot from '@observablehq/plot';
import type { Comparison, FigureDelta } from '../../src/core/types.js';
import { fmtBytes, fmtNum, fmtPct, fmtQuantity } from '../../src/core/format.js';
import { badge, h, section, table } from './dom.js';

function value(v: number | null, unit: string): string {
  if (v === null) return 'n/a';
  return unit === 'fraction' ? fmtPct(v) : unit === 'bytes' ? fmtBytes(v) : fmtQuantity(v, unit);
}

function delta(f: FigureDelta): string {
  if (f.delta === null) return 'n/a';
  const sign = f.delta > 0 ? '+' : '';
  if (f.unit === 'fraction') return `${sign}${fmtNum(f.delta * 100, 2)} points`;
  const rel = f.base ? ` (${sign}${fmtNum((f.delta / f.base) * 100, 2)}%)` : '';
  return `${sign}${f.unit === 'bytes' ? `${fmtNum(f.delta)} B` : fmtQuantity(f.delta, f.unit)}${rel}`;
}

function ci(f: FigureDelta, side: 'base' | 'head'): string {
  const c = f.ci95?.[side];
  return c ? ` [${fmtPct(c[0])}, ${fmtPct(c[1])}]` : '';
}

function confusionDiff(c: NonNullable<Comparison['confusion']>): HTMLElement {
  const cols = [...c.labels, 'none'];
  const cells = c.diff.flatMap((row, i) => row.map((n, j) => ({ truth: c.labels[i]!, predicted: cols[j]!, n })));
  const max = Math.max(1, ...cells.map((d) => Math.abs(d.n)));
  const chart = Plot.plot({
    width: Math.min(580, 140 + 46 * cols.length), height: 80 + 34 * c.labels.length, marginLeft: 90, marginBottom: 50,
    x: { domain: cols, label: 'predicted', tickRotate: -30 }, y: { domain: c.labels, label: 'true label' },
    color: { type: 'linear', scheme: 'rdbu', domain: [-max, max] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'truth', fill: 'n', inset: 0.5 }),
      Plot.text(cells.filter((d) => d.n !== 0), { x: 'predicted', y: 'truth', text: (d: { n: number }) => (d.n > 0 ? `+${d.n}` : String(d.n)) }),
    ],
  });
  const f = h('figure', { class: 'chart', 'data-chart': 'confusion-diff' });
  f.appendChild(chart);
  f.appendChild(h('figcaption', {}, 'Confusion matrix, this run minus the baseline: on the diagonal, blue is more clips right; off it, red is fewer confusions.'));
  return f;
}

/** The section, or undefined when the run had no baseline. */
export function comparisonSection(c: Comparison | undefined): HTMLElement | undefined {
  if (!c) return undefined;
  const flagged = c.regressions.filter((v) => v.status === 'failed' || v.status === 'error');
  return section('Compared with the baseline', 'comparison',
    h('p', {}, `Baseline: ${c.base.scenario} on ${c.base.platform} (${c.base.target}), ${c.base.status}, ${c.base.startedAt}${c.base.file ? `, ${c.base.file}` : ''}; firmware ${c.base.sha256 ? c.base.sha256.slice(0, 12) : 'not built'} → ${c.head.sha256 ? c.head.sha256.slice(0, 12) : 'not built'}.`),
    ...c.notes.map((n) => h('p', { class: 'note' }, n)),
    table(['figure', 'baseline', 'this run', 'change', 'note'], c.figures.map((f) => [f.name, `${value(f.base, f.unit)}${ci(f, 'base')}`, `${value(f.head, f.unit)}${ci(f, 'head')}`, delta(f), f.note ?? '']), 'deltas'),
    c.regressions.length
      ? table(['regression threshold', 'status', 'reason'], c.regressions.map((v) => [v.name, badge(v.status), v.reason]), 'regressions')
      : h('p', { class: 'note' }, 'The scenario sets no regression: thresholds; the changes are reported, not judged.'),
    flagged.length ? h('p', { class: 'reason' }, `${flagged.length} regression${flagged.length > 1 ? 's' : ''} flagged.`) : null,
    c.clips
      ? h('div', {},
        h('p', {}, `${fmtNum(c.clips.common)} clips in both runs: ${fmtNum(c.clips.same)} the same, ${fmtNum(c.clips.changed.length)} changed${c.clips.onlyBase.length ? `; ${c.clips.onlyBase.length} only in the baseline` : ''}${c.clips.onlyHead.length ? `; ${c.clips.onlyHead.length} only in this run` : ''}.`),
        c.clips.changed.length
          ? table(['clip', 'label', 'change', 'baseline', 'this run'], c.clips.changed.map((x) => [x.id, x.label ?? '-', x.direction, `${x.base.status}${x.base.predicted !== undefined ? `: ${x.base.predicted ?? 'none'}` : ''}`, `${x.head.status}${x.head.predicted !== undefined ? `: ${x.head.predicted ?? 'none'}` : ''}`]), 'changed')
          : null)
      : null,
    c.confusion ? h('div', { class: 'charts' }, confusionDiff(c.confusion)) : null,
  );
}
