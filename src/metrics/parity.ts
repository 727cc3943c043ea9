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

/**
 * Compares every clip that passed on the device with the host build's result
 * for it. A clip the device passed and the host build did not (it timed out,
 * was rejected, errored, or never ran) is a difference, not a skip: the
 * reference is the one thing that must not be missing. Clips the device did
 * not pass are failures of their own, reported as such, and counted here as
 * not compared. Exact means exact: no epsilon (one least significant bit of
 * one score fails).
 */
export function checkParity(device: ClipResult[], reference: Map<string, ClipResult>, tolerance: number): ParityOutcome {
  const diffs = new Map<string, number>();
  const bad: { id: string; d: number; dev: ClipResult; ref?: ClipResult }[] = [];
  let skipped = 0;
  for (const c of device) {
    if (c.status !== 'passed' || !c.scores) {
      skipped++;
      continue;
    }
    const r = reference.get(c.id);
    if (!r || r.status !== 'passed' || !r.scores) {
      diffs.set(c.id, Infinity);
      bad.push({ id: c.id, d: Infinity, dev: c, ...(r ? { ref: r } : {}) });
      continue;
    }
    const d = c.predicted !== r.predicted ? Infinity : maxDiff(c.scores, r.scores);
    diffs.set(c.id, d);
    if (d > tolerance) bad.push({ id: c.id, d, dev: c, ref: r });
  }
  const name = 'parity';
  const what = tolerance === 0 ? 'exact' : `within ${tolerance}`;
  const base = { name, budget: 0, unit: 'clips', kind: 'max' as const, source: PARITY_SOURCE };
  const notCompared = skipped ? `; ${skipped} clip${skipped > 1 ? 's' : ''} not compared (not passed on the device)` : '';
  if (diffs.size === 0)
    return { diffs, verdict: { ...base, status: 'error', measured: null, reason: `parity: not measured: no clip passed on the device${notCompared}` } };
  if (bad.length === 0)
    return { diffs, verdict: { ...base, status: 'passed', measured: 0, reason: `parity: all ${diffs.size} clips that passed on the device match the host build (${what})${notCompared}` } };
  const f = bad[0]!;
  const first = !f.ref || f.ref.status !== 'passed' || !f.ref.scores
    ? `${f.id}: the host build gave no result to compare (${f.ref ? `${f.ref.status}${f.ref.reason ? `: ${f.ref.reason}` : ''}` : 'it did not run'})`
    : f.d === Infinity
      ? `${f.id}: device predicted ${f.dev.predicted ?? 'none'}, host ${f.ref.predicted ?? 'none'}`
      : `${f.id}: scores differ by up to ${f.d} (device [${f.dev.scores!.join(', ')}] vs host [${f.ref.scores.join(', ')}])`;
  return {
    diffs,
    verdict: { ...base, status: 'failed', measured: bad.length, reason: `parity: ${bad.length} of ${diffs.size} clips differ from the host build (${what} required); first: ${first}${notCompared}` },
  };
}

/** The verdict when the comparison cannot be made at all (interrupted, no reference). */
export function parityNotMeasured(why: string): BudgetVerdict {
  return { name: 'parity', status: 'error', measured: null, budget: 0, unit: 'clips', kind: 'max', reason: `parity: not measured: ${why}`, source: PARITY_SOURCE };
}
