/**
 * The comparison of two runs (`hil compare`, `hil run --baseline`), as report.json's
 * `comparison` and `hil compare --format json` hold it. Part of the report model in
 * types.ts: docs/report.schema.json must change together with this file.
 */
import type { BudgetVerdict, Status } from './types.js';

/** One side of a {@link Comparison}: which run it was, as far as the comparison cares. */
export interface ComparedRun {
  /** The report.json it was read from, as given (absent for the run writing the report). */
  file?: string;
  scenario: string;
  platform: string;
  /** Target kind: `qemu`, `renode`, `board`, `host`. */
  target: string;
  status: Status;
  startedAt: string;
  /** The report's `schemaVersion` (a baseline may come from another tinyhil). */
  schemaVersion: number;
  toolVersion: string;
  /** The firmware ELF's sha256 (empty when it was never built). */
  sha256: string;
}

/** One figure of both runs and its change. */
export interface FigureDelta {
  /** `accuracy`, `recall[<label>]`, `latency.p50`, `latency.p95`, `ram.peak`, `flash`, `stack`. */
  name: string;
  /** `fraction`, `bytes`, or the latency unit (`instructions`, `cycles`, `ns`). */
  unit: string;
  /** null: that run has no such figure. */
  base: number | null;
  head: number | null;
  /** head − base; null when either is missing or the two cannot be compared (see `note`). */
  delta: number | null;
  /** Accuracy: both runs' 95% Wilson intervals. */
  ci95?: { base: [number, number] | null; head: [number, number] | null };
  /** Accuracy and recall: `[correct, total]` of each run. */
  counts?: { base: [number, number] | null; head: [number, number] | null };
  /** Why the figures are not compared, or what to keep in mind comparing them. */
  note?: string;
}

/** How a clip's outcome changed from the base run to the head run. */
export type ClipChangeDirection =
  /** Predicted its label in base, not in head (or no longer answered). */
  | 'right-to-wrong'
  | 'wrong-to-right'
  /** Wrong in both, with a different wrong answer. */
  | 'wrong-to-wrong'
  /** Same answer (or same correctness), different status: passed → failed on a host check, → timedout... */
  | 'status'
  /** An unlabelled clip whose prediction changed. */
  | 'prediction';

/** One clip whose status or prediction differs between the runs. */
export interface ClipChange {
  id: string;
  label?: string;
  direction: ClipChangeDirection;
  base: { status: Status; predicted?: string | null };
  head: { status: Status; predicted?: string | null };
}

/**
 * A run compared with a baseline run (`hil compare`, `hil run --baseline`): figure
 * deltas, the clips whose outcome changed, the confusion matrix's change, and the
 * verdicts of the scenario's `regression:` thresholds. What the two runs do not share
 * (scenario, platform, target, clip set, report schema) is said in `notes`.
 */
export interface Comparison {
  base: ComparedRun;
  head: ComparedRun;
  /** Plain sentences: what differs between the runs and what that leaves comparable. */
  notes: string[];
  figures: FigureDelta[];
  /** Clip by clip over the clips both ran; absent when the reports' schemas differ. */
  clips?: {
    /** Clips both runs have. */
    common: number;
    /** Of those, clips with the same status and prediction. */
    same: number;
    changed: ClipChange[];
    onlyBase: string[];
    onlyHead: string[];
  };
  /** head − base per cell: rows true label, columns predicted in `labels` order, then no prediction. */
  confusion?: { labels: string[]; diff: number[][] };
  /** One verdict per regression threshold (`regression.accuracy.max_drop`...): `failed` is a flagged regression. */
  regressions: BudgetVerdict[];
}
