/**
 * The per-clip table: filter to failures and confusions, search, sort by any
 * column, and play the clip when the run kept its audio.
 */
import type { ClipResult, RunReport } from '../../src/core/types.js';
import { fmtDuration, fmtNum } from '../../src/core/format.js';
import { h } from './dom.js';

const PROBLEM = new Set(['failed', 'error', 'timedout']);
const confused = (c: ClipResult) => c.label !== undefined && c.predicted !== undefined && c.predicted !== c.label;
const problem = (c: ClipResult) => PROBLEM.has(c.status);

type Filter = 'all' | 'attention' | 'failures' | 'confusions';
const FILTERS: [Filter, string][] = [
  ['attention', 'failures and confusions'],
  ['failures', 'failures only'],
  ['confusions', 'confusions only'],
  ['all', 'every clip'],
];

interface Column {
  name: string;
  value: (c: ClipResult, i: number) => string | number;
  show: (c: ClipResult, i: number) => string;
  numeric?: boolean;
}

/** The table with its controls; `audio` maps clip ids to sources inside the run folder. */
export function clipTable(r: RunReport, audio: Record<string, string>): HTMLElement {
  const unit = r.metrics.latency?.unit ?? r.provenance.cycleInfo?.unit ?? 'cycles';
  const cols: Column[] = [
    { name: '#', value: (_, i) => i, show: (_, i) => String(i + 1), numeric: true },
    { name: 'clip', value: (c) => c.id, show: (c) => c.id },
    { name: 'label', value: (c) => c.label ?? '', show: (c) => c.label ?? '-' },
    { name: 'predicted', value: (c) => c.predicted ?? '', show: (c) => (c.predicted === undefined ? '-' : c.predicted ?? 'none') },
    { name: 'status', value: (c) => c.status, show: (c) => c.status },
    { name: unit, value: (c) => c.cycles ?? -1, show: (c) => (c.cycles === undefined ? '-' : fmtNum(c.cycles, 0)), numeric: true },
    { name: 'stack', value: (c) => c.stackHwm ?? -1, show: (c) => (c.stackHwm === undefined ? '-' : `${fmtNum(c.stackHwm)} B`), numeric: true },
    { name: 'wall', value: (c) => c.wallMs, show: (c) => fmtDuration(c.wallMs), numeric: true },
    { name: 'worker', value: (c) => c.worker ?? -1, show: (c) => (c.worker === undefined ? '-' : String(c.worker)), numeric: true },
    { name: 'reason', value: (c) => c.reason ?? '', show: (c) => c.reason ?? '' },
  ];
  const rows = r.clips.map((c, i) => {
    const tr = h('tr', { 'data-status': c.status, 'data-clip': c.id, class: problem(c) ? 'bad' : confused(c) ? 'confused' : undefined });
    for (const col of cols) tr.appendChild(h('td', { class: col.numeric ? 'num' : undefined }, col.show(c, i)));
    const src = audio[c.id];
    tr.appendChild(h('td', {}, src ? h('audio', { controls: true, preload: 'none', src, 'aria-label': `play ${c.id}` }) : ''));
    return { c, i, tr };
  });
  const tbody = h('tbody', {});
  const count = h('span', { class: 'count', role: 'status' });
  const select = h('select', { 'aria-label': 'which clips' }, ...FILTERS.map(([v, label]) => h('option', { value: v }, label)));
  const search = h('input', { type: 'search', placeholder: 'filter by clip, label or reason', 'aria-label': 'search clips' });
  const heads = cols.map((col, k) => {
    const th = h('th', { scope: 'col', title: `sort by ${col.name}` }, col.name);
    th.addEventListener('click', () => sortBy(k));
    return th;
  });
  let order = { k: 0, dir: 1 };
  const draw = () => {
    const f = select.value as Filter;
    const q = search.value.trim().toLowerCase();
    const keep = rows.filter(({ c }) => {
      const ok = f === 'all' || (f === 'failures' ? problem(c) : f === 'confusions' ? confused(c) : problem(c) || confused(c));
      return ok && (!q || [c.id, c.label ?? '', c.predicted ?? '', c.reason ?? ''].some((s) => s.toLowerCase().includes(q)));
    });
    const col = cols[order.k]!;
    keep.sort((a, b) => {
      const x = col.value(a.c, a.i);
      const y = col.value(b.c, b.i);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * order.dir || a.i - b.i;
    });
    heads.forEach((th, k) => th.setAttribute('aria-sort', k === order.k ? (order.dir > 0 ? 'ascending' : 'descending') : 'none'));
    tbody.replaceChildren(...keep.map((x) => x.tr));
    count.textContent = `${keep.length} of ${rows.length} clips`;
  };
  const sortBy = (k: number) => {
    order = { k, dir: order.k === k ? -order.dir : 1 };
    draw();
  };
  select.addEventListener('change', draw);
  search.addEventListener('input', draw);
  // A passing run has nothing to attend to: open on every clip instead of an empty table.
  if (!rows.some(({ c }) => problem(c) || confused(c))) select.value = 'all';
  draw();
  return h('div', { class: 'clips' },
    h('div', { class: 'controls' }, select, search, count),
    h('div', { class: 'scroll' }, h('table', { class: 'cliptable' }, h('thead', {}, h('tr', {}, ...heads, h('th', { scope: 'col' }, 'audio'))), tbody)));
}
