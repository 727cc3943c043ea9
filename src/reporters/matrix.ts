/**
 * The side-by-side view of a `matrix:` scenario: one row per cell (variant ×
 * platform) with the figures the trade-off is about, as a table and matrix.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../core/types.js';

/** One cell of the matrix in matrix.json. */
export interface MatrixRow {
  group: string;
  variant?: string;
  platform: string;
  status: string;
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

export function matrixRows(reports: RunReport[]): MatrixRow[] {
  return reports
    .filter((r) => r.scenario.matrix)
    .map((r) => {
      const m = r.metrics;
      const row: MatrixRow = {
        group: r.scenario.matrix!.group, platform: r.scenario.matrix!.platform, status: r.status,
        budgetsFailed: r.budgets.filter((b) => b.status === 'failed' || b.status === 'error').map((b) => b.name),
      };
      if (r.scenario.matrix!.variant) row.variant = r.scenario.matrix!.variant;
      if (m.accuracy) row.accuracy = m.accuracy.value;
      if (m.latency) Object.assign(row, { latencyP50: m.latency.p50, latencyP95: m.latency.p95, latencyUnit: m.latency.unit, latencyP50Ms: m.latency.p50Ms });
      if (m.ram) row.peakRam = m.ram.peak;
      if (m.flash) row.flash = m.flash.value;
      if (m.stack) row.stack = m.stack.value;
      return row;
    });
}

const fmt = (v: number | undefined, f: (n: number) => string) => (v === undefined ? '-' : f(v));

/** A plain-text table, one line per cell, for the end of the console output. */
export function matrixTable(rows: MatrixRow[]): string {
  if (!rows.length) return '';
  const head = ['variant', 'platform', 'status', 'accuracy', 'p50 latency', 'p95 latency', 'peak RAM', 'flash'];
  const body = rows.map((r) => [
    r.variant ?? '-', r.platform, r.status, fmt(r.accuracy, (a) => `${(a * 100).toFixed(1)}%`),
    fmt(r.latencyP50, (c) => `${c.toLocaleString('en-US')} ${r.latencyUnit === 'instructions' ? 'instr' : r.latencyUnit ?? ''}`.trim()),
    fmt(r.latencyP95, (c) => c.toLocaleString('en-US')), fmt(r.peakRam, (b) => `${(b / 1024).toFixed(1)} KiB`), fmt(r.flash, (b) => `${(b / 1024).toFixed(1)} KiB`),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(w[i]!)).join('  ')}`.trimEnd();
  return [`Matrix ${rows[0]!.group} (${rows.length} runs)`, line(head), ...body.map(line)].join('\n') + '\n';
}

export async function writeMatrixJson(dir: string, rows: MatrixRow[]): Promise<void> {
  await writeFile(join(dir, 'matrix.json'), `${JSON.stringify({ schemaVersion: 1, cells: rows }, null, 2)}\n`);
}
