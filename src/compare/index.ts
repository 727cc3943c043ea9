/**
 * Run-to-run comparison (`hil compare`, `hil run --baseline`; docs/compare.md):
 * read both sides, pair their scenarios, compute deltas and the clips that changed,
 * and check the scenario's `regression:` thresholds.
 */
import type { Regression } from '../config/schema.js';
import type { Comparison } from '../core/types.js';
import { compareRuns, type RunSide } from './deltas.js';
import { checkRegressions, type RegressionContext } from './thresholds.js';

export { loadRuns, fromJson, type LoadedRun } from './load.js';
export { pairRuns, baselineFor, type Pairing } from './pair.js';
export { compareRuns, SCHEMA_VERSION, type RunSide } from './deltas.js';
export { checkRegressions, type RegressionContext } from './thresholds.js';
export { comparisonLines, comparisonText, type TextOptions } from './console.js';
export { comparisonMarkdown, marker, unpairedMarkdown, MARKER_PREFIX, type MarkdownOptions } from './markdown.js';

/** The whole comparison of `head` against `base`, with verdicts for `regression` (none: deltas only). */
export function compare(base: RunSide, head: RunSide, regression: Regression | undefined, ctx: RegressionContext): Comparison {
  const c = compareRuns(base, head);
  return { ...c, regressions: checkRegressions(regression, c, ctx) };
}
