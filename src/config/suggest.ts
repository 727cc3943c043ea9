/**
 * "Did you mean" for unknown keys, enum values, label and platform names.
 */

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("lables" → "labels" is 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Case and `-`/`_`/space differences are never the point of a typo. */
const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '_');

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo:
 * at most 1 edit for short words, 2 from 5 characters, 3 from 9.
 * A candidate that `word` is a prefix of (`budget` → `budgets`) also counts.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = norm(word);
  if (w.length === 0 || w.length > 200) return undefined; // distances on huge keys are slow and pointless
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const n = norm(c);
    let d = editDistance(w, n);
    if (d > 0 && w.length >= 3 && n.startsWith(w)) d = Math.min(d, 1);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const limit = w.length < 5 ? 1 : w.length < 9 ? 2 : 3;
  return bestD <= limit ? best : undefined;
}

/** `did you mean "labels"? ` or nothing: to put in front of an "allowed: ..." list. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const s = didYouMean(word, candidates);
  return s === undefined || s === word ? '' : `did you mean ${JSON.stringify(s)}? `;
}
