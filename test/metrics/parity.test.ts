import t from 'tap';
import { checkParity } from '../../src/metrics/parity.js';
import type { ClipResult } from '../../src/core/types.js';

const clip = (id: string, scores: number[], predicted = 'yes', status: ClipResult['status'] = 'passed'): ClipResult => ({ id, status, scores, predicted, wallMs: 1 });

t.test('exact parity: identical scores pass, one differing score fails naming the clip', async (t) => {
  const dev = [clip('a', [1, 2, 3]), clip('b', [4, 5, 6])];
  const same = new Map([['a', clip('a', [1, 2, 3])], ['b', clip('b', [4, 5, 6])]]);
  const ok = checkParity(dev, same, 0);
  t.match(ok.verdict, { name: 'parity', status: 'passed', measured: 0, budget: 0, unit: 'clips', reason: 'parity: all 2 clips that passed on the device match the host build (exact)' });
  t.same([...ok.diffs], [['a', 0], ['b', 0]]);
  const off = new Map([['a', clip('a', [1, 2, 3])], ['b', clip('b', [4, 5, 7])]]);
  const bad = checkParity(dev, off, 0);
  t.match(bad.verdict, { status: 'failed', measured: 1, reason: 'parity: 1 of 2 clips differ from the host build (exact required); first: b: scores differ by up to 1 (device [4, 5, 6] vs host [4, 5, 7])' });
});

t.test('tolerance, differing predictions, clips the device did not pass, nothing passed', async (t) => {
  const dev = [clip('a', [1.0, 2.0]), clip('b', [1, 1], 'no'), clip('c', [0, 0], 'yes', 'timedout')];
  const ref = new Map([['a', clip('a', [1.004, 2.0])], ['b', clip('b', [1, 1], 'yes')], ['c', clip('c', [0, 0])]]);
  const r = checkParity(dev, ref, 0.01);
  t.match(r.verdict, { status: 'failed', measured: 1, reason: /first: b: device predicted no, host yes; 1 clip not compared \(not passed on the device\)/ });
  t.equal(r.diffs.get('b'), Infinity);
  t.ok(Math.abs(r.diffs.get('a')! - 0.004) < 1e-9);
  t.match(checkParity([dev[2]!], ref, 0).verdict, { status: 'error', measured: null, reason: /not measured: no clip passed on the device/ });
});

t.test('exact is exact: one least significant bit of one score fails', async (t) => {
  // Scores are raw int32 x score_scale: the smallest step the device can report is one scale unit.
  const scale = 1 / 256;
  const dev = [clip('a', [12 * scale, -3 * scale, 7 * scale])];
  const lsb = new Map([['a', clip('a', [12 * scale, -3 * scale, 8 * scale])]]);
  t.match(checkParity(dev, lsb, 0).verdict, { status: 'failed', measured: 1, reason: /a: scores differ by up to 0\.00390625/ });
  const tiny = new Map([['a', clip('a', [12 * scale, -3 * scale, 7 * scale + 1e-9])]]);
  t.match(checkParity(dev, tiny, 0).verdict, { status: 'failed' }, 'any difference at all');
  t.match(checkParity(dev, lsb, scale).verdict, { status: 'passed' }, 'a tolerance of one step admits it');
});

t.test('a clip the device passed and the host build did not is a difference, never a silent skip', async (t) => {
  const dev = [clip('a', [1, 2]), clip('b', [3, 4]), clip('c', [5, 6])];
  const ref = new Map([
    ['a', clip('a', [1, 2])],
    ['b', { id: 'b', status: 'timedout', reason: 'no answer from the device for 10 s', wallMs: 1 } as ClipResult],
  ]);
  const r = checkParity(dev, ref, 0);
  t.match(r.verdict, {
    status: 'failed', measured: 2,
    reason: 'parity: 2 of 3 clips differ from the host build (exact required); first: b: the host build gave no result to compare (timedout: no answer from the device for 10 s)',
  });
  t.same([...r.diffs], [['a', 0], ['b', Infinity], ['c', Infinity]], 'c never ran on the host: a difference too');
  const none = checkParity([clip('a', [1, 2])], new Map(), 0);
  t.match(none.verdict, { status: 'failed', measured: 1, reason: /first: a: the host build gave no result to compare \(it did not run\)/ });
});
