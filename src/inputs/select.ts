/**
 * Picking a subset of clips: `--only`/`--only-failed`, `--sample N --seed S`, `--limit N`.
 */
import { mulberry32, shuffle } from './prng.js';
import { compareStrings, type ClipRef } from './ref.js';

/** Which clips to keep. Applied in this order: `only`, then `sample`, then `limit`. */
export interface SelectOptions {
  /** Keep the first N clips (after `only` and `sample`). */
  limit?: number;
  /** Keep N clips picked at random, stratified by label (see {@link selectClips}). */
  sample?: number;
  /** Seed of the pick; default 0, so `--sample` alone is reproducible too. */
  seed?: number;
  /** Keep only these ids (ids not among the clips are ignored). */
  only?: Set<string>;
}

/**
 * Select clips, always preserving their original order.
 *
 * `sample` is stratified: each label (unlabelled clips form one more group) gets a
 * share of N proportional to its size, by largest remainder (ties to the larger group,
 * then label order), so a sample keeps the class balance of the full set; within a
 * group the clips are picked by a Fisher-Yates shuffle driven by mulberry32(seed),
 * groups taken in label-name order. The pick depends only on the ids, labels and seed.
 */
export function selectClips(refs: ClipRef[], opts: SelectOptions): ClipRef[] {
  for (const k of ['limit', 'sample', 'seed'] as const) {
    const v = opts[k];
    if (v !== undefined && (!Number.isInteger(v) || (k !== 'seed' && v < 0))) throw new Error(`--${k} must be ${k === 'seed' ? 'an' : 'a non-negative'} integer, not ${v}`);
  }
  let out = opts.only === undefined ? refs : refs.filter((r) => opts.only!.has(r.id));
  if (opts.sample !== undefined && opts.sample < out.length) out = stratified(out, opts.sample, opts.seed ?? 0);
  return opts.limit === undefined ? out : out.slice(0, opts.limit);
}

function stratified(refs: ClipRef[], n: number, seed: number): ClipRef[] {
  const groups = new Map<string, number[]>();
  refs.forEach((r, i) => {
    // '\u0000' sorts unlabelled clips first and cannot clash with a real label.
    const key = r.label ?? '\u0000';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const keys = [...groups.keys()].sort(compareStrings);
  const quota = keys.map((k) => (n * groups.get(k)!.length) / refs.length);
  const take = quota.map(Math.floor);
  let left = n - take.reduce((a, b) => a + b, 0);
  const order = keys
    .map((k, g) => ({ g, rem: quota[g]! - take[g]!, size: groups.get(k)!.length }))
    .sort((a, b) => b.rem - a.rem || b.size - a.size || a.g - b.g);
  for (const { g } of order) if (left-- > 0) take[g]!++;
  const rand = mulberry32(seed);
  const keep = new Set<number>();
  keys.forEach((k, g) => {
    // Shuffle a sorted copy, so the pick does not depend on the order of the input.
    const members = groups.get(k)!.sort((a, b) => compareStrings(refs[a]!.id, refs[b]!.id));
    for (const i of shuffle(members, rand).slice(0, take[g])) keep.add(i);
  });
  return refs.filter((_, i) => keep.has(i));
}
