/** The per-clip comparison the matrix's target view (and later run comparison) uses. */
import t from 'tap';
import type { ClipResult } from '../../src/core/types.js';
import { compareClips } from '../../src/metrics/index.js';

const clip = (id: string, status: ClipResult['status'], predicted?: string): ClipResult => ({ id, status, wallMs: 1, ...(predicted !== undefined ? { predicted } : {}) }) as ClipResult;

t.test('same, differing (prediction or status), and clips only one side ran', async (t) => {
  const a = [clip('a', 'passed', 'yes'), clip('b', 'passed', 'no'), clip('c', 'passed', 'up'), clip('d', 'passed', 'go')];
  const b = [clip('a', 'passed', 'yes'), clip('b', 'failed', 'off'), clip('c', 'timedout'), clip('e', 'passed', 'on')];
  const c = compareClips(a, b);
  t.equal(c.same, 1);
  t.same(c.differ, [
    { id: 'b', a: { status: 'passed', predicted: 'no' }, b: { status: 'failed', predicted: 'off' } },
    { id: 'c', a: { status: 'passed', predicted: 'up' }, b: { status: 'timedout' } },
  ]);
  t.same(c.onlyA, ['d']);
  t.same(c.onlyB, ['e']);
  t.same(compareClips(b, b), { same: 4, differ: [], onlyA: [], onlyB: [] });
});
