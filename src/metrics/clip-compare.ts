/**
 * Per-clip comparison of two runs of the same clips: which predictions agree,
 * which differ (and how), which clips only one side has. One module for the
 * matrix's emulator-vs-silicon view and run-to-run comparison (src/compare).
 */
import type { ClipChangeDirection, ClipResult } from '../core/types.js';
import { predictionOf } from './classification.js';

/** One clip whose outcome differs between the two sides. */
export interface ClipDifference {
  id: string;
  /** The clip's label (b's, else a's), when it has one. */
  label?: string;
  a: { status: ClipResult['status']; predicted?: string | null };
  b: { status: ClipResult['status']; predicted?: string | null };
  /** From a to b: right → wrong, wrong → right, one wrong answer → another, a status change only, or (unlabelled) a new prediction. */
  direction: ClipChangeDirection;
}

/** Two runs' clips side by side, by id. */
export interface ClipComparison {
  /** Clips on both sides whose status and prediction agree. */
  same: number;
  differ: ClipDifference[];
  onlyA: string[];
  onlyB: string[];
}

/**
 * Right and wrong as accuracy counts them (metrics/classification.ts): a clip that
 * timed out or errored gave no answer, so it is wrong whatever it carried.
 */
function direction(label: string | undefined, x: ClipResult, y: ClipResult, labels: readonly string[]): ClipChangeDirection {
  const px = predictionOf(x, labels);
  const py = predictionOf(y, labels);
  if (label === undefined) return px === py ? 'status' : 'prediction';
  const [rx, ry] = [px === label, py === label];
  if (rx && !ry) return 'right-to-wrong';
  if (!rx && ry) return 'wrong-to-right';
  return rx || px === py ? 'status' : 'wrong-to-wrong';
}

/** Compares `a` and `b` clip by clip (by id): status and prediction. `labels` maps a bare `predictedIndex` to its label. */
export function compareClips(a: readonly ClipResult[], b: readonly ClipResult[], labels: readonly string[] = []): ClipComparison {
  const bs = new Map(b.map((c) => [c.id, c]));
  const as = new Set(a.map((c) => c.id));
  const out: ClipComparison = { same: 0, differ: [], onlyA: [], onlyB: b.filter((c) => !as.has(c.id)).map((c) => c.id) };
  for (const x of a) {
    const y = bs.get(x.id);
    if (!y) {
      out.onlyA.push(x.id);
      continue;
    }
    if (x.status === y.status && x.predicted === y.predicted) {
      out.same++;
      continue;
    }
    const label = y.label ?? x.label;
    out.differ.push({
      id: x.id,
      ...(label !== undefined ? { label } : {}),
      a: { status: x.status, ...(x.predicted !== undefined ? { predicted: x.predicted } : {}) },
      b: { status: y.status, ...(y.predicted !== undefined ? { predicted: y.predicted } : {}) },
      direction: direction(label, x, y, labels),
    });
  }
  return out;
}
