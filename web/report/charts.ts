/**
 * The report's charts, drawn by Observable Plot (bundled into the page at build
 * time): SVG, so a chart is text a test can count marks in, and declarative, so
 * each chart is a few marks rather than hand-drawn geometry.
 */
import * as Plot from '@observablehq/plot';
import type { RunReport } from '../../src/core/types.js';
import type { MatrixRow } from '../../src/reporters/matrix.js';
import { fmtBytes, fmtNum, fmtPct, fmtQuantity } from '../../src/core/format.js';
import { h } from './dom.js';

const WIDTH = 580;

/** A chart in a figure with a caption; `name` is what tests and readers find it by. */
function figure(name: string, caption: string, chart: Element): HTMLElement {
  const f = h('figure', { class: 'chart', 'data-chart': name });
  f.appendChild(chart);
  f.appendChild(h('figcaption', {}, caption));
  return f;
}

/** Confusion matrix: rows true label, columns predicted (+ none), counts in the cells. */
export function confusionChart(r: RunReport): HTMLElement | undefined {
  const c = r.metrics.confusion;
  if (!c) return undefined;
  const cols = [...c.labels, 'none'];
  const cells = c.matrix.flatMap((row, i) => row.map((n, j) => ({ truth: c.labels[i]!, predicted: cols[j]!, n, diag: i === j })));
  const max = Math.max(1, ...cells.map((d) => d.n));
  const chart = Plot.plot({
    width: Math.min(WIDTH, 140 + 56 * cols.length), height: 80 + 40 * c.labels.length, marginLeft: 90, marginBottom: 50,
    x: { domain: cols, label: 'predicted', tickRotate: -30 }, y: { domain: c.labels, label: 'true label' },
    color: { type: 'sqrt', scheme: 'blues', domain: [0, max] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'truth', fill: 'n', inset: 0.5, title: (d: { truth: string; predicted: string; n: number }) => `${d.truth} → ${d.predicted}: ${d.n}` }),
      Plot.text(cells, { x: 'predicted', y: 'truth', text: (d: { n: number }) => String(d.n), fill: (d: { n: number }) => (d.n > max * 0.55 ? 'white' : 'black') }),
    ],
  });
  return figure('confusion', 'Confusion matrix: clips by true label (rows) and prediction (columns); "none" is a clip without a prediction.', chart);
}

/** Recall and precision per class, side by side. */
export function classChart(r: RunReport): HTMLElement | undefined {
  const { recall, precision } = r.metrics;
  if (!recall && !precision) return undefined;
  const rows = r.labels.flatMap((cls) => [
    ...(recall?.[cls] ? [{ cls, metric: 'recall', value: recall[cls]!.value, of: `${recall[cls]!.correct}/${recall[cls]!.total}` }] : []),
    ...(precision?.[cls] ? [{ cls, metric: 'precision', value: precision[cls]!.value, of: `${precision[cls]!.correct}/${precision[cls]!.total}` }] : []),
  ]);
  const minRecall = r.budgets.filter((b) => b.name.startsWith('recall.min') && b.unit === 'fraction').map((b) => b.budget);
  const chart = Plot.plot({
    width: WIDTH, height: 260, marginBottom: 40,
    fx: { label: null, domain: r.labels }, x: { axis: null, domain: ['recall', 'precision'] },
    y: { domain: [0, 1], grid: true, tickFormat: (v: number) => fmtPct(v, 0), label: 'fraction' },
    color: { domain: ['recall', 'precision'], range: ['#4269d0', '#efb118'], legend: true },
    marks: [
      Plot.barY(rows, { fx: 'cls', x: 'metric', y: 'value', fill: 'metric', title: (d: { cls: string; metric: string; value: number; of: string }) => `${d.cls} ${d.metric}: ${fmtPct(d.value)} (${d.of})` }),
      ...minRecall.map((v) => Plot.ruleY([v], { stroke: '#c00', strokeDasharray: '4 3' })),
      Plot.ruleY([0]),
    ],
  });
  return figure('classes', `Recall and precision per class${minRecall.length ? '; the dashed line is the recall budget' : ''}.`, chart);
}

/** Latency histogram with the measured p50/p95 and any latency budgets as lines. */
export function latencyChart(r: RunReport): HTMLElement | undefined {
  const lat = r.metrics.latency;
  if (!lat) return undefined;
  const ms = r.budgets.some((b) => b.name.startsWith('latency.') && b.unit === 'ms');
  const values = r.clips.map((c) => (ms ? c.latencyMs : c.cycles)).filter((v): v is number => typeof v === 'number');
  if (!values.length) return undefined;
  const unit = ms ? 'ms' : lat.unit;
  const lines = [
    { v: ms ? lat.p50Ms : lat.p50, what: 'p50', kind: 'measured' },
    { v: ms ? lat.p95Ms : lat.p95, what: 'p95', kind: 'measured' },
    ...r.budgets.filter((b) => b.name.startsWith('latency.') && (b.unit === unit || (b.unit === 'cycles' && unit === 'instructions'))).map((b) => ({ v: b.budget, what: b.name, kind: 'budget' })),
  ];
  // Per-clip latency is often nearly constant; a budget far above would squash the bars into
  // one sliver. Lines outside a window around the data are named in the caption instead.
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(hi - lo, Math.abs(hi) * 0.005, 1);
  const near = (v: number) => v >= lo - 2 * pad && v <= hi + 2 * pad;
  const shown = lines.filter((d) => near(d.v));
  const off = lines.filter((d) => !near(d.v));
  const chart = Plot.plot({
    width: WIDTH, height: 260, marginLeft: 50,
    x: { label: unit, tickFormat: (v: number) => fmtNum(v, 0), ticks: 6 }, y: { label: 'clips', grid: true },
    marks: [
      Plot.rectY(values, { ...Plot.binX({ y: 'count' }, { x: (d: number) => d }), fill: '#4269d0', inset: 0.5 }),
      Plot.ruleX(shown.filter((d) => d.kind === 'measured'), { x: 'v', stroke: '#333', strokeWidth: 1.5 }),
      Plot.ruleX(shown.filter((d) => d.kind === 'budget'), { x: 'v', stroke: '#c00', strokeDasharray: '4 3', strokeWidth: 1.5 }),
      Plot.text(shown, { x: 'v', text: 'what', frameAnchor: 'top', dy: -2, dx: 3, textAnchor: 'start', fill: (d: { kind: string }) => (d.kind === 'budget' ? '#c00' : '#333') }),
      Plot.ruleY([0]),
    ],
  });
  const beyond = off.length ? ` Off the chart: ${off.map((d) => `${d.what} ${fmtQuantity(d.v, unit)}`).join(', ')}.` : '';
  const caption = `Latency per clip (${fmtQuantity(lat.p50, lat.unit)} p50, ${fmtQuantity(lat.p95, lat.unit)} p95${ms ? `; ${fmtNum(lat.p50Ms, 3)} ms p50 at the platform clock` : ''}). Solid: measured; dashed: budgets.${beyond} ${lat.source}.`;
  return figure('latency', caption, chart);
}

/** Flash and RAM by section, stack high-water and heap, against the platform's sizes and the budgets. */
export function memoryChart(r: RunReport): HTMLElement | undefined {
  const fp = r.firmware.footprint;
  const ram = r.metrics.ram;
  if (!fp && !ram) return undefined;
  const parts: { region: string; part: string; bytes: number }[] = [];
  for (const s of fp?.sections ?? []) {
    if (s.size <= 0) continue;
    if (s.region === 'flash' || s.region === 'both') parts.push({ region: 'flash', part: s.name, bytes: s.size });
    if ((s.region === 'ram' || s.region === 'both') && s.name !== '.stack' && s.name !== '.heap') parts.push({ region: 'RAM', part: s.name, bytes: s.size });
  }
  if (ram?.stackHwm) parts.push({ region: 'RAM', part: 'stack (high-water)', bytes: ram.stackHwm });
  if (ram?.heap) parts.push({ region: 'RAM', part: 'heap (used)', bytes: ram.heap });
  const limits = [
    { region: 'flash', bytes: r.platform.flashSize, what: 'platform flash' },
    { region: 'RAM', bytes: r.platform.ramSize, what: 'platform RAM' },
    ...r.budgets.filter((b) => b.unit === 'bytes' && (b.name.startsWith('flash.') || b.name.startsWith('ram.'))).map((b) => ({ region: b.name.startsWith('flash.') ? 'flash' : 'RAM', bytes: b.budget, what: b.name })),
  ];
  const chart = Plot.plot({
    width: WIDTH, height: 200, marginLeft: 50, marginRight: 20,
    x: { label: 'bytes', grid: true, tickFormat: (v: number) => `${fmtNum(v / 1024, 0)} KiB` }, y: { label: null, domain: ['flash', 'RAM'] },
    color: { legend: true, scheme: 'tableau10' },
    marks: [
      Plot.barX(parts, Plot.stackX({ x: 'bytes', y: 'region', fill: 'part', inset: 1, title: (d: { part: string; bytes: number }) => `${d.part}: ${fmtBytes(d.bytes)}` })),
      Plot.tickX(limits, { x: 'bytes', y: 'region', stroke: (d: { what: string }) => (d.what.startsWith('platform') ? '#333' : '#c00'), strokeWidth: 2, title: (d: { what: string; bytes: number }) => `${d.what}: ${fmtBytes(d.bytes)}` }),
    ],
  });
  return figure('memory', 'Flash and RAM by section, with the stack high-water mark and heap the device measured. Black ticks: the platform\'s sizes; red: budgets.', chart);
}

/** Accuracy per clip group (and overall) with 95% confidence intervals. */
export function groupChart(r: RunReport): HTMLElement | undefined {
  const a = r.metrics.accuracy;
  const groups = Object.entries(r.metrics.accuracyByGroup ?? {}).map(([group, g]) => ({ group, ...g }));
  if (!a || !groups.length) return undefined;
  const rows = [{ group: 'all clips', ...a }, ...groups];
  const chart = Plot.plot({
    width: WIDTH, height: 60 + 34 * rows.length, marginLeft: 110,
    x: { domain: [0, 1], grid: true, tickFormat: (v: number) => fmtPct(v, 0), label: 'accuracy (95% CI)' }, y: { domain: rows.map((d) => d.group), label: null },
    marks: [
      Plot.ruleY(rows, { y: 'group', x1: (d: { ci95: [number, number] }) => d.ci95[0], x2: (d: { ci95: [number, number] }) => d.ci95[1], stroke: '#4269d0', strokeWidth: 3 }),
      Plot.dot(rows, { y: 'group', x: 'value', fill: '#333', r: 4, title: (d: { group: string; value: number; correct: number; total: number }) => `${d.group}: ${fmtPct(d.value)} (${d.correct}/${d.total})` }),
    ],
  });
  return figure('groups', 'Accuracy per clip group with its 95% confidence interval (Wilson).', chart);
}

/** The matrix cells side by side: one small bar chart per figure. */
export function matrixCharts(rows: MatrixRow[]): HTMLElement[] {
  const ran = rows.filter((r) => r.status !== 'skipped');
  const cell = (r: MatrixRow) => [r.variant, r.platform, r.target].filter(Boolean).join(' · ');
  const metrics: { key: keyof MatrixRow; label: string; fmt: (v: number, r: MatrixRow) => string }[] = [
    { key: 'accuracy', label: 'accuracy', fmt: (v) => fmtPct(v) },
    { key: 'latencyP50', label: 'p50 latency', fmt: (v, r) => fmtQuantity(v, r.latencyUnit ?? 'cycles') },
    { key: 'peakRam', label: 'peak RAM', fmt: (v) => fmtBytes(v) },
    { key: 'flash', label: 'flash', fmt: (v) => fmtBytes(v) },
  ];
  const out: HTMLElement[] = [];
  for (const m of metrics) {
    const data = ran.filter((r) => typeof r[m.key] === 'number').map((r) => ({ cell: cell(r), value: r[m.key] as number, text: m.fmt(r[m.key] as number, r) }));
    if (!data.length) continue;
    const chart = Plot.plot({
      width: WIDTH / 2 - 10, height: 220, marginLeft: 60, marginBottom: 60,
      x: { domain: data.map((d) => d.cell), label: null, tickRotate: -20 }, y: { grid: true, label: m.label, ...(m.key === 'accuracy' ? { domain: [0, 1], tickFormat: (v: number) => fmtPct(v, 0) } : {}) },
      color: { domain: data.map((d) => d.cell), scheme: 'tableau10' },
      marks: [Plot.barY(data, { x: 'cell', y: 'value', fill: 'cell', title: 'text' }), Plot.text(data, { x: 'cell', y: 'value', text: 'text', dy: -6, fontSize: 9 }), Plot.ruleY([0])],
    });
    out.push(figure(`matrix-${m.key}`, `${m.label} per cell`, chart));
  }
  return out;
}
