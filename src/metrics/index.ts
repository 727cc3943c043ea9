/** Metrics over a run's clips, budget verdicts and the run's overall status. */
export { computeMetrics, latencySource, toMs, SOURCES, type MetricsInput } from './compute.js';
export { classify, NO_PREDICTION } from './classification.js';
export { checkBudgets, type BudgetContext } from './budgets.js';
export { runStatus, EXIT, type ExitCode, type RunOutcome, type RunStatusInput } from './status.js';
export { percentile, mean, wilson, Z95 } from './stats.js';
export { compareClips, type ClipComparison, type ClipDifference } from './clip-compare.js';
