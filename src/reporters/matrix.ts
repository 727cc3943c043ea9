/**
 * The side-by-side view of a `matrix:` scenario: one row per cell (variant ×
 * platform × target) with the figures the trade-off is about, as a table and
 * matrix.json. Cells of one variant and platform on several targets (emulator
 * and silicon) are compared clip by clip against the first target's.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../core/types.js';
import { compareClips } from '../metrics/index.js';
import { fmtKiB, fmtNum, fmtPctFixed, fmtQuantity } from '../core/format.js';

/** A cell that did not run, and why (its platform lacks the target's section). */
export interface SkippedCell {
  group: string;
  variant?: string;
  platform: string;
  target?: string;
  reason: string;
}

/** This cell against the first target's cell of the same variant and platform. */
export interface TargetComparison {
  /** The target compared against. */
  target: string;
  /** Clips whose status and prediction agree. */
  samePredictions: number;
  /** Clips that differ: id, and each side's status and prediction. */
  differ: { id: string; base: string; here: string }[];
  /** p50 latency here / there, when both have one (virtual vs silicon cycles, instructions vs cycles). */
  p50Ratio?: number;
}

/** One cell of the matrix in matrix.json. */
export interface MatrixRow {
  group: string;
  variant?: string;
  platform: string;
  target?: string;
  status: string;
  /** Why a skipped cell did not run. */
  note?: string;
  /** What the latency counts are (the target's words: virtual cycles, measured on silicon...). */
  cycles?: string;
  vs?: TargetComparison;
  accuracy?: number;
  latencyP50?: number;
  latencyP95?: number;
  latencyUnit?: string;
  latencyP50Ms?: number;
  peakRam?: number;
  flash?: number;
  stack?: number;
  budgetsFailed: string[];
}

const shown = (c: { status: string; predicted?: string | null }) => (c.status === 'passed' || c.status === 'failed' ? `${c.predicted ?? '-'}` : c.status);

export function matrixRows(reports: RunReport[], skipped: SkippedCell[] = []): MatrixRow[] {
  const ran = reports.filter((r) => r.scenario.matrix);
  const first = (r: RunReport) =>
    ran.find((x) => x.scenario.matrix!.group === r.scenario.matrix!.group && x.scenario.matrix!.variant === r.scenario.matrix!.variant && x.scenario.matrix!.platform === r.scenario.matrix!.platform);
  const rows = ran
    .map((r) => {
      const m = r.metrics;
      const cell = r.scenario.matrix!;
      const row: MatrixRow = {
        group: cell.group, platform: cell.platform, ...(cell.target ? { target: cell.target } : {}), status: r.status,
        budgetsFailed: r.budgets.filter((b) => b.status === 'failed' || b.status === 'error').map((b) => b.name),
      };
      if (cell.variant) row.variant = cell.variant;
      if (r.provenance.cycleInfo?.description) row.cycles = r.provenance.cycleInfo.description;
      const base = first(r);
      if (cell.target && base && base !== r && base.scenario.matrix!.target) {
        const c = compareClips(base.clips, r.clips);
        const bp = base.metrics.latency?.p50;
        const hp = m.latency?.p50;
        row.vs = {
          target: base.scenario.matrix!.target, samePredictions: c.same,
          differ: [...c.differ.map((d) => ({ id: d.id, base: shown(d.a), here: shown(d.b) })), ...c.onlyA.map((id) => ({ id, base: 'ran', here: 'absent' })), ...c.onlyB.map((id) => ({ id, base: 'absent', here: 'ran' }))],
          ...(bp && hp ? { p50Ratio: hp / bp } : {}),
        };
      }
      if (m.accuracy) row.accuracy = m.accuracy.value;
      if (m.latency) Object.assign(row, { latencyP50: m.latency.p50, latencyP95: m.latency.p95, latencyUnit: m.latency.unit, latencyP50Ms: m.latency.p50Ms });
      if (m.ram) row.peakRam = m.ram.peak;
      if (m.flash) row.flash = m.flash.value;
      if (m.stack) row.stack = m.stack.value;
      return row;
    });
  for (const k of skipped)
    rows.push({ group: k.group, platform: k.platform, ...(k.variant ? { variant: k.variant } : {}), ...(k.target ? { target: k.target } : {}), status: 'skipped', note: k.reason, budgetsFailed: [] });
  return rows;
}

const fmt = (v: number | undefined, f: (n: number) => string) => (v === undefined ? '-' : f(v));

/** A plain-text table, one line per cell, for the end of the console output. */
export function matrixTable(rows: MatrixRow[]): string {
  if (!rows.length) return '';
  const targets = rows.some((r) => r.target);
  const head = ['variant', 'platform', ...(targets ? ['target'] : []), 'status', 'accuracy', 'p50 latency', 'p95 latency', 'peak RAM', 'flash', ...(targets ? ['vs first target'] : [])];
  const body = rows.map((r) => [
    r.variant ?? '-', r.platform, ...(targets ? [r.target ?? '-'] : []), r.status, fmt(r.accuracy, (a) => fmtPctFixed(a, 1)),
    fmt(r.latencyP50, (c) => fmtQuantity(c, r.latencyUnit ?? 'cycles')),
    fmt(r.latencyP95, (c) => fmtNum(c)), fmt(r.peakRam, fmtKiB), fmt(r.flash, fmtKiB),
    ...(targets ? [r.note ?? (r.vs ? `${r.vs.samePredictions} same, ${r.vs.differ.length} differ${r.vs.p50Ratio ? `; p50 x${r.vs.p50Ratio.toFixed(3)}` : ''}` : '-')] : []),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(w[i]!)).join('  ')}`.trimEnd();
  const differ = rows.flatMap((r) => (r.vs?.differ.length ? [`  ${r.variant ? `${r.variant} ` : ''}${r.platform} ${r.target} vs ${r.vs.target}: ${r.vs.differ.slice(0, 10).map((d) => `${d.id} (${d.base} -> ${d.here})`).join(', ')}${r.vs.differ.length > 10 ? `, and ${r.vs.differ.length - 10} more` : ''}`] : []));
  return [`Matrix ${rows[0]!.group} (${rows.length} runs)`, line(head), ...body.map(line), ...(differ.length ? ['clips that differ:', ...differ] : [])].join('\n') + '\n';
}

export async function writeMatrixJson(dir: string, rows: MatrixRow[]): Promise<void> {
  await writeFile(join(dir, 'matrix.json'), `${JSON.stringify({ schemaVersion: 1, cells: rows }, null, 2)}\n`);
}
