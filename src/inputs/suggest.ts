/** Label checks with a did-you-mean, shared by folder, files and manifest entries. */

/** Levenshtein distance, case-sensitive. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The closest candidate, if it is close enough to be a likely typo: a case-only
 * difference, or at most a third of the word's letters (min 1) edited.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const byCase = candidates.find((c) => c.toLowerCase() === lower);
  if (byCase !== undefined) return byCase;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** `undefined` when `label` is one of `labels`, else the sentence explaining why not. */
export function labelProblem(label: string, labels: readonly string[], what = `"${label}"`): string | undefined {
  if (labels.includes(label)) return undefined;
  const hint = didYouMean(label, labels);
  return `${what} is not a label; labels are: ${labels.join(', ')}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
}
