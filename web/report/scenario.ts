/** One scenario's page: header, budgets, charts, link statistics, errors, clips. */
import type { RunReport } from '../../src/core/types.js';
import type { ScenarioPage } from '../../src/reporters/html/model.js';
import { fmtBytes, fmtDuration, fmtHertz, fmtNum, fmtPct } from '../../src/core/format.js';
import { classChart, confusionChart, groupChart, latencyChart, memoryChart } from './charts.js';
import { clipTable } from './clips-table.js';
import { comparisonSection } from './comparison.js';
import { badge, facts, h, section, table } from './dom.js';

/** Draws a chart, or says why it could not be drawn: one broken chart must not blank the page. */
function safely(name: string, draw: () => HTMLElement | undefined): HTMLElement | undefined {
  try {
    return draw();
  } catch (e) {
    return h('p', { class: 'chart-error' }, `The ${name} chart could not be drawn: ${(e as Error).message}`);
  }
}

function header(r: RunReport): HTMLElement {
  const d = r.firmware.device;
  const cell = r.scenario.matrix;
  return h('header', {},
    h('h1', {}, r.scenario.name, ' ', badge(r.status)),
    r.reason ? h('p', { class: 'reason' }, r.reason) : null,
    r.scenario.description ? h('p', { class: 'description' }, r.scenario.description) : null,
    facts([
      ['scenario', r.scenario.file],
      ['matrix cell', cell ? [cell.variant, cell.platform, cell.target].filter(Boolean).join(' · ') : undefined],
      ['platform', `${r.platform.name} (${r.platform.cpu}, ${fmtHertz(r.platform.clockHz)}, ${fmtBytes(r.platform.ramSize)} RAM, ${fmtBytes(r.platform.flashSize)} flash)`],
      ['target', `${r.target.kind}, ${r.target.audioPath} audio path, ${r.target.workers} worker${r.target.workers === 1 ? '' : 's'}`],
      ['firmware', `${r.firmware.elf || '(not built)'}${d ? ` (${d.fwName} ${d.fwVersion} on ${d.board})` : ''}`],
      ['sha256', r.firmware.sha256 || undefined],
      ['cycles', r.provenance.cycleInfo ? `${r.provenance.cycleInfo.unit} from ${r.provenance.cycleInfo.source}${r.provenance.cycleInfo.caveat ? ` (${r.provenance.cycleInfo.caveat})` : ''}` : undefined],
      ['conformance', r.conformance ? `${r.conformance.status}${r.conformance.emulator ? ` on ${r.conformance.emulator.title ?? r.conformance.emulator.name} ${r.conformance.emulator.version ?? ''}` : ''}` : undefined],
      ['tools', Object.entries(r.provenance.tools).map(([k, v]) => `${k} ${v}`).join('; ') || undefined],
      ['started', `${r.startedAt} on ${r.provenance.host}, took ${fmtDuration(r.durationMs)}`],
      ['tinyhil', `${r.tool.version}, node ${r.provenance.node}: ${r.provenance.command.join(' ')}`],
    ]),
  );
}

function summary(r: RunReport): HTMLElement {
  const m = r.metrics;
  const c = m.clips;
  return facts([
    ['clips', `${c.total} (${c.passed} passed, ${c.failed} failed, ${c.error} error, ${c.timedout} timed out, ${c.skipped} skipped)`],
    ['accuracy', m.accuracy ? `${fmtPct(m.accuracy.value)} (${m.accuracy.correct}/${m.accuracy.total}; 95% CI ${fmtPct(m.accuracy.ci95[0])} to ${fmtPct(m.accuracy.ci95[1])})` : undefined],
    ['latency', m.latency ? `p50 ${fmtNum(m.latency.p50, 0)}, p95 ${fmtNum(m.latency.p95, 0)}, max ${fmtNum(m.latency.max, 0)} ${m.latency.unit}` : undefined],
    ['peak RAM', m.ram ? `${fmtBytes(m.ram.peak)} = ${fmtBytes(m.ram.static)} static + ${fmtBytes(m.ram.stackHwm)} stack + ${fmtBytes(m.ram.heap)} heap` : undefined],
    ['flash', m.flash ? fmtBytes(m.flash.value) : undefined],
  ]);
}

function budgets(p: ScenarioPage): HTMLElement {
  if (!p.budgets.length) return section('Budgets', 'budgets', h('p', {}, 'The scenario sets no budgets.'));
  return section('Budgets', 'budgets', table(['budget', 'measured', 'allowed', 'margin', 'status', 'where', 'how measured'],
    p.budgets.map((b) => [b.name, b.measured, b.allowed, h('span', { class: b.over ? 'over' : 'under' }, b.margin), badge(b.status), b.at ?? '', b.source]), 'budgets'));
}

function links(r: RunReport): HTMLElement | undefined {
  const l = r.target.links;
  if (!l?.length) return undefined;
  return section('Link', 'link',
    h('p', {}, 'The host end of the reliable link, per worker, over all its boots: retransmits, NAKs and corrupt frames mean the link had trouble even when it recovered.'),
    table(['worker', 'frames sent', 'frames received', 'retransmits', 'NAKs sent', 'NAKs received', 'corrupt', 'duplicates', 'garbage bytes', 'bytes sent', 'bytes received'],
      l.map((w) => [w.worker, fmtNum(w.framesSent), fmtNum(w.framesReceived), fmtNum(w.retransmits), fmtNum(w.naksSent), fmtNum(w.naksReceived), fmtNum(w.corrupt), fmtNum(w.duplicates), fmtNum(w.garbageBytes), fmtNum(w.bytesSent), fmtNum(w.bytesReceived)]), 'numbers'));
}

function errors(r: RunReport): HTMLElement | undefined {
  if (!r.errors.length) return undefined;
  return section('Infrastructure errors', 'errors', ...r.errors.map((e) => h('details', {}, h('summary', {}, `${e.kind}${e.clip ? ` (clip ${e.clip})` : ''}: ${e.message}`), e.detail ? h('pre', {}, e.detail) : null, e.logs?.length ? h('p', {}, `logs: ${e.logs.join(', ')}`) : null)));
}

/** The whole scenario page. */
export function scenarioPage(p: ScenarioPage): HTMLElement[] {
  const r = p.report;
  const charts = [
    safely('confusion matrix', () => confusionChart(r)), safely('per-class', () => classChart(r)), safely('latency', () => latencyChart(r)),
    safely('memory', () => memoryChart(r)), safely('accuracy per group', () => groupChart(r)),
  ].filter((x): x is HTMLElement => x !== undefined);
  return [
    header(r),
    section('Summary', 'summary', summary(r)),
    budgets(p),
    ...[safely('baseline', () => comparisonSection(r.comparison))].filter((x): x is HTMLElement => x !== undefined),
    ...(charts.length ? [section('Charts', 'charts', h('div', { class: 'charts' }, ...charts))] : []),
    ...[links(r), errors(r)].filter((x): x is HTMLElement => x !== undefined),
    section('Clips', 'clips', h('p', { class: 'note' }, `Audio: ${p.audioNote}.`), clipTable(r, p.audio)),
  ];
}
