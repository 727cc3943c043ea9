import t from 'tap';
import { mean, percentile, wilson } from '../../src/metrics/stats.js';

t.test('nearest-rank percentiles', async (t) => {
  t.equal(percentile([], 50), undefined);
  t.equal(percentile([7], 50), 7);
  t.equal(percentile([7], 95), 7);
  const four = [40, 10, 30, 20];
  t.same(
    [0, 25, 26, 50, 51, 75, 95, 100].map((p) => percentile(four, p)),
    [10, 10, 20, 20, 30, 30, 40, 40],
    'rank ⌈p/100 × n⌉ on [10, 20, 30, 40]',
  );
  t.same(four, [40, 10, 30, 20], 'the input is not sorted in place');
  const five = [5, 1, 4, 2, 3];
  t.equal(percentile(five, 50), 3, 'n=5: p50 is rank 3');
  t.equal(percentile(five, 95), 5, 'n=5: p95 is rank 5');
  const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
  t.equal(percentile(twenty, 95), 1900, 'n=20: p95 is rank 19 exactly (0.95 × 20 is not rounded up to 20)');
  t.equal(percentile(twenty, 50), 1000);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  t.equal(percentile(hundred, 95), 95);
  t.equal(percentile(hundred, 99), 99);
  t.equal(percentile(hundred, 99.5), 100);
  // Naive ⌈(p/100) × n⌉ gives rank 8 and 1000 here: 7/100 × 100 = 7.000000000000001 in floating point.
  t.equal(percentile(hundred, 7), 7);
  t.equal(percentile(Array.from({ length: 1000 }, (_, i) => i + 1), 99.9), 999);
  t.equal(percentile([3, 1, 2], 100 / 3), 1, 'p33.3 of 3 values is rank 1');
  t.throws(() => percentile([1], 101), RangeError);
  t.throws(() => percentile([1], NaN), RangeError);
});

t.test('mean', async (t) => {
  t.equal(mean([]), undefined);
  t.equal(mean([1, 2, 3, 4]), 2.5);
});

t.test('Wilson score interval matches Newcombe (1998), Table I', async (t) => {
  const near = (got: [number, number], want: [number, number], msg: string) =>
    t.ok(Math.abs(got[0] - want[0]) < 5e-5 && Math.abs(got[1] - want[1]) < 5e-5, `${msg}: got ${got.map((v) => v.toFixed(4))}`);
  near(wilson(81, 263), [0.2553, 0.3662], '81/263');
  near(wilson(15, 148), [0.0624, 0.1605], '15/148');
  near(wilson(0, 20), [0, 0.1611], '0/20');
  near(wilson(1, 29), [0.0061, 0.1718], '1/29');
  near(wilson(29, 29), [0.8830, 1], '29/29');
  t.same(wilson(0, 10), [0, 3.8414588206941245 / 13.841458820694124], '0/n: upper bound z²/(n + z²)');
  t.equal(wilson(0, 10)[0], 0);
  t.ok(Object.is(wilson(0, 10)[0], 0), 'not -0');
  t.equal(wilson(12, 12)[1], 1);
  const [lo, hi] = wilson(11, 12);
  t.ok(Math.abs(lo - 0.6461201) < 1e-6 && Math.abs(hi - 0.9851349) < 1e-6, `11/12: ${lo}, ${hi}`);
  t.throws(() => wilson(0, 0), RangeError);
});
