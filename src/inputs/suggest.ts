/** Label checks with a did-you-mean, shared by folder, files and manifest entries. */
import { didYouMean } from '../config/suggest.js';

/** `undefined` when `label` is one of `labels`, else the sentence explaining why not. */
export function labelProblem(label: string, labels: readonly string[], what = `"${label}"`): string | undefined {
  if (labels.includes(label)) return undefined;
  const hint = didYouMean(label, labels);
  return `${what} is not a label; labels are: ${labels.join(', ')}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
}
