/** The run-level page: every scenario of the run, and a matrix's cells side by side. */
import type { RunPage } from '../../src/reporters/html/model.js';
import { fmtBytes, fmtNum, fmtPct, fmtQuantity } from '../../src/core/format.js';
import { matrixCharts } from './charts.js';
import { badge, h, section, table } from './dom.js';

export function runPage(p: RunPage): HTMLElement[] {
  const out: HTMLElement[] = [h('header', {}, h('h1', {}, p.title), h('p', {}, `${p.scenarios.length} runs, started ${p.startedAt}`))];
  out.push(section('Scenarios', 'scenarios', table(['scenario', 'status', 'accuracy', 'clips', 'not passed', 'reason'],
    p.scenarios.map((s) => [s.href ? h('a', { href: s.href }, s.name) : s.name, badge(s.status), s.accuracy === undefined ? '-' : fmtPct(s.accuracy), fmtNum(s.clips), fmtNum(s.clipsBad), s.reason ?? '']))));
  if (p.matrix.length) {
    let charts: HTMLElement[];
    try {
      charts = matrixCharts(p.matrix);
    } catch (e) {
      charts = [h('p', { class: 'chart-error' }, `The matrix charts could not be drawn: ${(e as Error).message}`)];
    }
    out.push(section('Matrix', 'matrix',
      h('div', { class: 'charts' }, ...charts),
      table(['variant', 'platform', 'target', 'status', 'accuracy', 'p50 latency', 'peak RAM', 'flash', 'budgets failed', 'note'],
        p.matrix.map((r) => [r.variant ?? '-', r.platform, r.target ?? '-', badge(r.status), r.accuracy === undefined ? '-' : fmtPct(r.accuracy),
          r.latencyP50 === undefined ? '-' : fmtQuantity(r.latencyP50, r.latencyUnit ?? 'cycles'), r.peakRam === undefined ? '-' : fmtBytes(r.peakRam),
          r.flash === undefined ? '-' : fmtBytes(r.flash), r.budgetsFailed.join(', '), r.note ?? (r.vs ? `vs ${r.vs.target}: ${r.vs.samePredictions} same, ${r.vs.differ.length} differ` : '')]), 'matrix')));
  }
  return out;
}
