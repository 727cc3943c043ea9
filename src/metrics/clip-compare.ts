/**
 * Per-clip comparison of two runs of the same clips: which predictions agree,
 * which differ (and how), which clips only one side has. One module for the
 * matrix's emulator-vs-silicon view and, later, run-to-run comparison.
 */
import type { ClipResult } from '../core/types.js';

/** One clip whose outcome differs between the two sides. */
export interface ClipDifference {
  id: string;
  a: { status: string; predicted?: string | null };
  b: { status: string; predicted?: string | null };
}

export interface ClipComparison {
  /** Clips on both sides whose status and prediction agree. */
  same: number;
  differ: ClipDifference[];
  onlyA: string[];
  onlyB: string[];
}

/** Compares `a` and `b` clip by clip (by id): status and prediction. */
export function compareClips(a: readonly ClipResult[], b: readonly ClipResult[]): ClipComparison {
  const bs = new Map(b.map((c) => [c.id, c]));
  const as = new Set(a.map((c) => c.id));
  const out: ClipComparison = { same: 0, differ: [], onlyA: [], onlyB: b.filter((c) => !as.has(c.id)).map((c) => c.id) };
  for (const x of a) {
    const y = bs.get(x.id);
    if (!y) {
      out.onlyA.push(x.id);
      continue;
    }
    if (x.status === y.status && x.predicted === y.predicted) out.same++;
    else
      out.differ.push({
        id: x.id,
        a: { status: x.status, ...(x.predicted !== undefined ? { predicted: x.predicted } : {}) },
        b: { status: y.status, ...(y.predicted !== undefined ? { predicted: y.predicted } : {}) },
      });
  }
  return out;
}
