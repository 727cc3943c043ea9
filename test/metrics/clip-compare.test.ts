/** The per-clip comparison the matrix's target view and run-to-run comparison (src/compare) use. */
import t from 'tap';
import type { ClipResult } from '../../src/core/types.js';
import { compareClips } from '../../src/metrics/index.js';

const clip = (id: string, status: ClipResult['status'], predicted?: string, label?: string): ClipResult =>
  ({ id, status, wallMs: 1, ...(predicted !== undefined ? { predicted } : {}), ...(label !== undefined ? { label } : {}) }) as ClipResult;

t.test('same, differing (prediction or status), and clips only one side ran', async (t) => {
  const a = [clip('a', 'passed', 'yes'), clip('b', 'passed', 'no'), clip('c', 'passed', 'up'), clip('d', 'passed', 'go')];
  const b = [clip('a', 'passed', 'yes'), clip('b', 'failed', 'off'), clip('c', 'timedout'), clip('e', 'passed', 'on')];
  const c = compareClips(a, b);
  t.equal(c.same, 1);
  t.same(c.differ, [
    { id: 'b', a: { status: 'passed', predicted: 'no' }, b: { status: 'failed', predicted: 'off' }, direction: 'prediction' },
    { id: 'c', a: { status: 'passed', predicted: 'up' }, b: { status: 'timedout' }, direction: 'prediction' },
  ]);
  t.same(c.onlyA, ['d']);
  t.same(c.onlyB, ['e']);
  t.same(compareClips(b, b), { same: 4, differ: [], onlyA: [], onlyB: [] });
});

t.test('the direction of a labelled clip, judged as accuracy judges it', async (t) => {
  const a = [
    clip('1', 'passed', 'yes', 'yes'), clip('2', 'passed', 'no', 'yes'), clip('3', 'passed', 'no', 'yes'),
    clip('4', 'passed', 'yes', 'yes'), clip('5', 'failed', 'no', 'yes'), clip('6', 'passed', 'yes', 'yes'),
  ];
  const b = [
    clip('1', 'passed', 'no', 'yes'), clip('2', 'passed', 'yes', 'yes'), clip('3', 'passed', 'up', 'yes'),
    clip('4', 'failed', 'yes', 'yes'), clip('5', 'passed', 'no', 'yes'), clip('6', 'error', 'yes', 'yes'),
  ];
  t.same(compareClips(a, b).differ.map((d) => [d.id, d.label, d.direction]), [
    ['1', 'yes', 'right-to-wrong'],
    ['2', 'yes', 'wrong-to-right'],
    ['3', 'yes', 'wrong-to-wrong'],
    ['4', 'yes', 'status'], // still right: a host check failed
    ['5', 'yes', 'status'], // still the same wrong answer
    ['6', 'yes', 'right-to-wrong'], // an errored clip gave no answer, whatever it carried
  ]);
  // A bare predictedIndex is read through the labels.
  const idx = (id: string, i: number) => ({ id, status: 'passed', predictedIndex: i, label: 'no', wallMs: 1 }) as ClipResult;
  t.same(compareClips([idx('x', 0)], [{ ...idx('x', 1), predicted: 'no' }], ['yes', 'no']).differ[0]?.direction, 'wrong-to-right');
});
