import t from 'tap';
import { selectClips } from '../../src/inputs/select.js';
import type { ClipRef } from '../../src/inputs/ref.js';

/** 100 clips: 50 yes, 30 no, 15 up, 5 unlabelled, interleaved. */
const refs: ClipRef[] = Array.from({ length: 100 }, (_, i) => {
  const label = i % 20 < 10 ? 'yes' : i % 20 < 16 ? 'no' : i % 20 < 19 ? 'up' : undefined;
  return { id: `c/${String(i).padStart(3, '0')}.wav`, path: `/x/${i}.wav`, entry: 0, ...(label ? { label } : {}) };
});
const ids = (rs: ClipRef[]) => rs.map((r) => r.id);
const count = (rs: ClipRef[]) => {
  const c: Record<string, number> = {};
  for (const r of rs) c[r.label ?? '-'] = (c[r.label ?? '-'] ?? 0) + 1;
  return c;
};

t.test('sample: same seed, same pick; another seed, another pick; original order kept', async (t) => {
  const a = selectClips(refs, { sample: 20, seed: 7 });
  t.equal(a.length, 20);
  t.same(ids(a), ids(selectClips(refs, { sample: 20, seed: 7 })));
  t.notSame(ids(a), ids(selectClips(refs, { sample: 20, seed: 8 })));
  t.same(ids(a), [...ids(a)].sort(), 'in original order');
  t.same(ids(selectClips(refs, { sample: 20 })), ids(selectClips(refs, { sample: 20, seed: 0 })), 'default seed is 0');
  const picks = new Set([1, 2, 3, 4, 5].map((seed) => ids(selectClips(refs, { sample: 20, seed })).join()));
  t.equal(picks.size, 5, 'seeds really change the pick');
});

t.test('sample is stratified by label (largest remainder), unlabelled clips are a group', async (t) => {
  t.same(count(selectClips(refs, { sample: 20, seed: 3 })), { yes: 10, no: 6, up: 3, '-': 1 });
  t.same(count(selectClips(refs, { sample: 10, seed: 3 })), { yes: 5, no: 3, up: 2 }, 'up 1.5 beats unlabelled 0.5');
  const small: ClipRef[] = ['yes', 'yes', 'no'].map((label, i) => ({ id: `${i}`, path: `${i}`, entry: 0, label }));
  t.same(count(selectClips(small, { sample: 2, seed: 1 })), { yes: 1, no: 1 }, 'no 0.67 beats yes 0.33 for the last slot');
});

t.test('the pick depends on ids and labels, not on the input order', async (t) => {
  const fwd = ids(selectClips(refs, { sample: 15, seed: 42 }));
  const rev = ids(selectClips([...refs].reverse(), { sample: 15, seed: 42 }));
  t.same([...rev].reverse(), fwd);
});

t.test('order of application: only, then sample, then limit', async (t) => {
  const only = new Set(ids(refs).filter((_, i) => i % 2 === 0).concat(['not/in/run.wav']));
  const o = selectClips(refs, { only });
  t.same(ids(o), ids(refs).filter((_, i) => i % 2 === 0), 'unknown ids are ignored');
  const os = selectClips(refs, { only, sample: 10, seed: 5 });
  t.ok(ids(os).every((id) => only.has(id)), 'sample draws from the `only` set');
  t.same(ids(selectClips(refs, { only, sample: 10, seed: 5, limit: 4 })), ids(os).slice(0, 4), 'limit takes the first N of the sample');
  t.same(ids(selectClips(refs, { limit: 3 })), ids(refs).slice(0, 3));
  t.same(selectClips(refs, { limit: 0 }), []);
  t.same(ids(selectClips(refs, { sample: 500, seed: 1 })), ids(refs), 'a sample larger than the set is the set');
  t.equal(selectClips(refs, {}), refs);
});

t.test('bad numbers are refused', async (t) => {
  t.throws(() => selectClips(refs, { limit: -1 }), { message: '--limit must be a non-negative integer, not -1' });
  t.throws(() => selectClips(refs, { sample: 2.5 }), { message: '--sample must be a non-negative integer, not 2.5' });
  t.throws(() => selectClips(refs, { sample: 2, seed: NaN }), { message: '--seed must be an integer, not NaN' });
});
