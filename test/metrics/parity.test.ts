import t from 'tap';
import { checkParity } from '../../src/metrics/parity.js';
import type { ClipResult } from '../../src/core/types.js';

const clip = (id: string, scores: number[], predicted = 'yes', status: ClipResult['status'] = 'passed'): ClipResult => ({ id, status, scores, predicted, wallMs: 1 });

t.test('exact parity: identical scores pass, one differing score fails naming the clip', async (t) => {
  const dev = [clip('a', [1, 2, 3]), clip('b', [4, 5, 6])];
  const same = new Map([['a', clip('a', [1, 2, 3])], ['b', clip('b', [4, 5, 6])]]);
  const ok = checkParity(dev, same, 0);
  t.match(ok.verdict, { name: 'parity', status: 'passed', measured: 0, budget: 0, unit: 'clips', reason: 'parity: all 2 compared clips match the host build (exact)' });
  t.same([...ok.diffs], [['a', 0], ['b', 0]]);
  const off = new Map([['a', clip('a', [1, 2, 3])], ['b', clip('b', [4, 5, 7])]]);
  const bad = checkParity(dev, off, 0);
  t.match(bad.verdict, { status: 'failed', measured: 1, reason: 'parity: 1 of 2 clips differ from the host build (exact required); first: b: scores differ by up to 1 (device [4, 5, 6] vs host [4, 5, 7])' });
});

t.test('tolerance, differing predictions, clips not compared, nothing compared', async (t) => {
  const dev = [clip('a', [1.0, 2.0]), clip('b', [1, 1], 'no'), clip('c', [0, 0], 'yes', 'timedout')];
  const ref = new Map([['a', clip('a', [1.004, 2.0])], ['b', clip('b', [1, 1], 'yes')], ['c', clip('c', [0, 0])]]);
  const r = checkParity(dev, ref, 0.01);
  t.match(r.verdict, { status: 'failed', measured: 1, reason: /first: b: device predicted no, host yes; 1 clip not compared \(not passed on both\)/ });
  t.equal(r.diffs.get('b'), Infinity);
  t.ok(Math.abs(r.diffs.get('a')! - 0.004) < 1e-9);
  t.match(checkParity([dev[2]!], ref, 0).verdict, { status: 'error', measured: null, reason: /not measured: no clip passed on both/ });
});
