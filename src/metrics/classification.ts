/** Accuracy, per-class recall and precision, and the confusion matrix. */
import type { ClipResult, Metrics } from '../core/types.js';
import { wilson } from './stats.js';

/** The name of the confusion matrix's trailing column: the clip gave no prediction. */
export const NO_PREDICTION = '(none)';

type Classification = Pick<Metrics, 'accuracy' | 'recall' | 'precision' | 'confusion' | 'accuracyByGroup'>;

/**
 * What a labelled clip counts as predicting; null for no prediction.
 *
 * A clip that timed out or errored counts as a wrong answer (null), even if it
 * carried a partial result, rather than being left out: otherwise firmware that
 * crashes or hangs on hard clips would score a higher accuracy. A `failed` clip
 * (e.g. a host verification mismatch) keeps the prediction the device gave.
 */
export function predictionOf(c: ClipResult, labels: readonly string[]): string | null {
  if (c.status === 'timedout' || c.status === 'error') return null;
  if (typeof c.predicted === 'string') return c.predicted;
  if (c.predicted === undefined && c.predictedIndex !== undefined) return labels[c.predictedIndex] ?? null;
  return null;
}

/**
 * Classification metrics over the clips that have a label. Unlabelled clips
 * cannot be judged and are left out; skipped clips never ran and are left out
 * (they are counted in `metrics.clips.skipped`). Returns no fields when no
 * labelled clip ran.
 *
 * The confusion matrix has rows = true label and columns = predicted label in
 * `confusion.labels` order, plus a trailing {@link NO_PREDICTION} column.
 * `confusion.labels` is the scenario's labels, followed by any label a clip or
 * prediction used that the scenario does not list, so no clip is dropped.
 * Recall exists for labels with at least one clip, precision for labels
 * predicted at least once (otherwise they are undefined, not 0 or 1).
 */
export function classify(clips: readonly ClipResult[], labels: readonly string[]): Classification {
  const judged = clips
    .filter((c) => c.label !== undefined && c.status !== 'skipped')
    .map((c) => ({ truth: c.label!, predicted: predictionOf(c, labels), group: c.group }));
  if (judged.length === 0) return {};

  const all = [...labels];
  for (const j of judged) for (const l of [j.truth, j.predicted]) if (l !== null && !all.includes(l)) all.push(l);
  const index = new Map(all.map((l, i) => [l, i]));
  const matrix = all.map(() => new Array<number>(all.length + 1).fill(0));
  for (const j of judged) matrix[index.get(j.truth)!]![j.predicted === null ? all.length : index.get(j.predicted)!]! += 1;

  const correct = judged.filter((j) => j.predicted === j.truth).length;
  const recall: NonNullable<Metrics['recall']> = {};
  const precision: NonNullable<Metrics['precision']> = {};
  all.forEach((label, i) => {
    const hit = matrix[i]![i]!;
    const labelled = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i]!, 0);
    if (labelled > 0) recall[label] = { value: hit / labelled, correct: hit, total: labelled };
    if (predicted > 0) precision[label] = { value: hit / predicted, correct: hit, total: predicted };
  });
  // Accuracy per clip group (e.g. held-out espeak voices vs held-out recorded speakers).
  const byGroup: NonNullable<Metrics['accuracyByGroup']> = {};
  for (const g of [...new Set(judged.map((j) => j.group).filter((g): g is string => g !== undefined))].sort()) {
    const js = judged.filter((j) => j.group === g);
    const ok = js.filter((j) => j.predicted === j.truth).length;
    byGroup[g] = { value: ok / js.length, correct: ok, total: js.length, ci95: wilson(ok, js.length) };
  }
  return {
    accuracy: { value: correct / judged.length, correct, total: judged.length, ci95: wilson(correct, judged.length) },
    ...(Object.keys(byGroup).length ? { accuracyByGroup: byGroup } : {}),
    recall,
    precision,
    confusion: { labels: all, matrix },
  };
}
