/**
 * Parity with a reference: every clip's scores from the device must equal (or be
 * within `tolerance` of) the host build's scores for the same clip. One verdict,
 * plus the per-clip largest difference for the report.
 */
import type { BudgetVerdict, ClipResult } from '../core/types.js';

export const PARITY_SOURCE = 'per-clip scores: device vs the host build of the same firmware on the same clips, same run';

export interface ParityOutcome {
  verdict: BudgetVerdict;
  /** Largest |device - reference| score difference per compared clip id (Infinity: prediction or length differs). */
  diffs: Map<string, number>;
}

function maxDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

export function checkParity(device: ClipResult[], reference: Map<string, ClipResult>, tolerance: number): ParityOutcome {
  const diffs = new Map<string, number>();
  const bad: { id: string; d: number; dev: ClipResult; ref: ClipResult }[] = [];
  let skipped = 0;
  for (const c of device) {
    const r = reference.get(c.id);
    if (c.status !== 'passed' || !r || r.status !== 'passed' || !c.scores || !r.scores) {
      skipped++;
      continue;
    }
    const d = c.predicted !== r.predicted ? Infinity : maxDiff(c.scores, r.scores);
    diffs.set(c.id, d);
    if (d > tolerance) bad.push({ id: c.id, d, dev: c, ref: r });
  }
  const name = 'parity';
  const what = tolerance === 0 ? 'exact' : `within ${tolerance}`;
  const base = { name, budget: 0, unit: 'clips', kind: 'max' as const, source: PARITY_SOURCE };
  const notCompared = skipped ? `; ${skipped} clip${skipped > 1 ? 's' : ''} not compared (not passed on both)` : '';
  if (diffs.size === 0)
    return { diffs, verdict: { ...base, status: 'error', measured: null, reason: `parity: not measured: no clip passed on both the device and the host build${notCompared}` } };
  if (bad.length === 0)
    return { diffs, verdict: { ...base, status: 'passed', measured: 0, reason: `parity: all ${diffs.size} compared clips match the host build (${what})${notCompared}` } };
  const f = bad[0]!;
  const first = f.d === Infinity
    ? `${f.id}: device predicted ${f.dev.predicted ?? 'none'}, host ${f.ref.predicted ?? 'none'}`
    : `${f.id}: scores differ by up to ${f.d} (device [${f.dev.scores!.join(', ')}] vs host [${f.ref.scores!.join(', ')}])`;
  return {
    diffs,
    verdict: { ...base, status: 'failed', measured: bad.length, reason: `parity: ${bad.length} of ${diffs.size} clips differ from the host build (${what} required); first: ${first}${notCompared}` },
  };
}
