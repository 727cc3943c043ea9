/** `regression:` verdicts: budget-style lines, flagged (failed) or not, skipped when a figure cannot be compared; and the run status they feed. */
import t from 'tap';
import { compare } from '../../src/compare/index.js';
import type { Regression } from '../../src/config/schema.js';
import { runStatus } from '../../src/metrics/index.js';
import { base, head, side } from './fixtures.js';

const CTX = { clockHz: 25_000_000 };
const verdicts = (reg: Regression, b = base(), h = head()) => compare(side(b, 'main/kws/report.json'), side(h), reg, CTX).regressions;
const lines = (reg: Regression, b = base(), h = head()) => verdicts(reg, b, h).map((v) => `${v.status} ${v.reason}`);

t.test('the thresholds of kws.yaml against a change that regressed', async (t) => {
  const reg: Regression = { accuracy: { max_drop: 0.005 }, latency: { max_increase: { fraction: 0.02 } }, ram: { max_increase: { bytes: 512 } }, flash: { max_increase: { bytes: 1024 } } };
  t.same(lines(reg), [
    'failed regression.accuracy.max_drop: accuracy fell 12.5 points (75.0% → 62.5%) > allowed 0.5 points',
    'failed regression.latency.max_increase[p50]: p50 latency rose 3% (2,940,000 → 3,028,200 instructions) > allowed 2%',
    'failed regression.latency.max_increase[p95]: p95 latency rose 2.97% (2,944,000 → 3,031,290 instructions) > allowed 2%',
    'passed regression.ram.max_increase: peak RAM did not change (12,232 → 12,232 B) <= allowed 512 B',
    'failed regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) > allowed 1,024 B (1 KiB)',
  ]);
  const [acc] = verdicts(reg);
  t.match(acc, { name: 'regression.accuracy.max_drop', measured: 0.125, budget: 0.005, unit: 'points', kind: 'max', source: 'this run against the baseline run main/kws/report.json' });
});

t.test('within the thresholds, and improvements', async (t) => {
  t.same(lines({ accuracy: { max_drop: 0.125 }, flash: { max_increase: { bytes: 1536 } }, latency: { max_increase: { count: 90_000 } } }), [
    'passed regression.accuracy.max_drop: accuracy fell 12.5 points (75.0% → 62.5%) <= allowed 12.5 points',
    'passed regression.latency.max_increase[p50]: p50 latency rose 88,200 instructions (2,940,000 → 3,028,200 instructions) <= allowed 90,000 instructions',
    'passed regression.latency.max_increase[p95]: p95 latency rose 87,290 instructions (2,944,000 → 3,031,290 instructions) <= allowed 90,000 instructions',
    'passed regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) <= allowed 1,536 B (1.5 KiB)',
  ], 'exactly at the limit passes');
  t.same(lines({ accuracy: { max_drop: 0 }, flash: { max_increase: { fraction: 0 } } }, head(), base()), [
    'passed regression.accuracy.max_drop: accuracy rose 12.5 points (62.5% → 75.0%) <= allowed fall of 0.0 points',
    'passed regression.flash.max_increase: flash shrank 2.59% (59,368 → 57,832 B) <= allowed 0%',
  ]);
});

t.test('per-class recall, durations at the clock, relative sizes', async (t) => {
  t.same(lines({ recall: { max_drop: 0.4 } }).filter((l) => l.startsWith('failed')), ['failed regression.recall.max_drop[yes]: yes recall fell 50.0 points (100.0% → 50.0%) > allowed 40.0 points']);
  t.same(lines({ latency: { max_increase: { ms: 3.5 } }, stack: { max_increase: { fraction: 0.1 } } }), [
    'failed regression.latency.max_increase[p50]: p50 latency rose 3.528 ms (2,940,000 → 3,028,200 instructions at 25 MHz) > allowed 3.5 ms',
    'passed regression.latency.max_increase[p95]: p95 latency rose 3.492 ms (2,944,000 → 3,031,290 instructions at 25 MHz) <= allowed 3.5 ms',
    'passed regression.stack.max_increase: stack did not change (1,864 → 1,864 B) <= allowed 10%',
  ]);
});

t.test('a figure that cannot be compared is skipped, saying why, and fails nothing', async (t) => {
  const b = base();
  delete b.metrics.stack;
  const h = head();
  h.platform = { ...h.platform, name: 'netduinoplus2' };
  const v = verdicts({ stack: { max_increase: { bytes: 0 } }, latency: { max_increase: { fraction: 0.02 } }, accuracy: { max_drop: 0.5 } }, b, h);
  t.same(v.map((x) => `${x.status} ${x.reason}`), [
    'passed regression.accuracy.max_drop: accuracy fell 12.5 points (75.0% → 62.5%) <= allowed 50.0 points',
    'skipped regression.latency.max_increase[p50]: not compared: different platforms',
    'skipped regression.latency.max_increase[p95]: not compared: different platforms',
    'skipped regression.stack.max_increase: not compared: the baseline run has no stack figure',
  ]);
  t.match(v[1], { measured: null, budget: 0.02, unit: 'fraction' });
  t.same(runStatus({ clips: head().clips.slice(0, 1), budgets: [], errors: [], regressions: v }), { status: 'passed', exitCode: 0 });
  const z = base();
  z.metrics.flash!.value = 0;
  t.same(lines({ flash: { max_increase: { fraction: 0.02 } } }, z), ['skipped regression.flash.max_increase: not compared: the baseline\'s figure is 0, so a percentage of it means nothing']);
  t.same(verdicts({}), [], 'no thresholds, no verdicts');
  t.same(compare(side(base()), side(head()), undefined, CTX).regressions, [], 'no regression: at all');
});

t.test('a flagged regression fails the run with its line as the reason; each verdict knows its scenario line', async (t) => {
  const reg: Regression = { flash: { max_increase: { bytes: 1024 } }, ram: { max_increase: { bytes: 0 } } };
  const c = compare(side(base()), side(head()), reg, { ...CTX, locate: (p) => ({ file: 'scenarios/kws.yaml', line: p.length * 10, col: 3 }) });
  t.same(c.regressions.map((v) => [v.name, v.location]), [
    ['regression.ram.max_increase', { file: 'scenarios/kws.yaml', line: 30, col: 3 }],
    ['regression.flash.max_increase', { file: 'scenarios/kws.yaml', line: 30, col: 3 }],
  ]);
  const passing = head().clips.filter((x) => x.status === 'passed');
  t.same(runStatus({ clips: passing, budgets: [], errors: [], regressions: c.regressions }), {
    status: 'failed', exitCode: 1, reason: 'regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) > allowed 1,024 B (1 KiB)',
  });
  const two = compare(side(base()), side(head()), { ...reg, accuracy: { max_drop: 0 } }, CTX).regressions;
  t.match(runStatus({ clips: passing, budgets: [], errors: [], regressions: two }).reason, /^regression\.accuracy\.max_drop: .* \(and 1 more regressions\)$/);
  t.equal(runStatus({ clips: passing, budgets: [], errors: [{ kind: 'boot', message: 'no HELLO' }], regressions: two }).exitCode, 3, 'infrastructure still wins');
});
