import t from 'tap';
import type { Budgets } from '../../src/config/schema.js';
import { BudgetsSchema } from '../../src/config/schema.js';
import type { Metrics } from '../../src/core/types.js';
import { checkBudgets, type BudgetContext } from '../../src/metrics/budgets.js';

const ctx: BudgetContext = { labels: ['yes', 'no'], clockHz: 25_000_000, latencyUnit: 'cycles' };
const latencySource = 'DWT CYCCNT (CPU cycles)';
const metrics: Metrics = {
  clips: { total: 12, passed: 12, failed: 0, error: 0, timedout: 0, skipped: 0 },
  accuracy: { value: 11 / 12, correct: 11, total: 12, ci95: [0.646, 0.985] },
  recall: { yes: { value: 4 / 5, correct: 4, total: 5 }, no: { value: 1, correct: 7, total: 7 } },
  latency: { unit: 'cycles', p50: 1_000_000, p95: 1_234_567, max: 1_300_000, mean: 1_050_000, p50Ms: 40, p95Ms: 49.38268, maxMs: 52, source: latencySource },
  ram: { peak: 61234, static: 40000, stackHwm: 20000, heap: 1234, source: 'linker regions (ELF) + stack painting on the device' },
  flash: { value: 476, source: 'linker regions (ELF): sections loaded into the flash region' },
  stack: { value: 20000, source: 'stack painting on the device (main stack high-water mark since boot)' },
};
const one = (b: Budgets, m: Metrics = metrics, c = ctx) => {
  const v = checkBudgets(b, m, c);
  if (v.length !== 1) throw new Error(`expected one verdict, got ${v.length}`);
  return v[0]!;
};

t.test('no budgets, no verdicts', async (t) => {
  t.same(checkBudgets(undefined, metrics, ctx), []);
  t.same(checkBudgets({}, metrics, ctx), []);
});

t.test('accuracy.min: inclusive, percentages with counts', async (t) => {
  t.same(one({ accuracy: { min: 11 / 12 } }), {
    name: 'accuracy.min', status: 'passed', measured: 11 / 12, budget: 11 / 12, unit: 'fraction', kind: 'min',
    reason: 'accuracy.min: measured 91.7% (11/12) >= allowed 91.7%',
    source: 'device predictions vs clip labels (a labelled clip without a prediction counts as wrong)',
  });
  t.match(one({ accuracy: { min: 12 / 12 } }), { status: 'failed', reason: 'accuracy.min: measured 91.7% (11/12) < allowed 100.0%' }, 'one clip short');
  t.match(one({ accuracy: { min: 0.95 } }), { status: 'failed', reason: 'accuracy.min: measured 91.7% (11/12) < allowed 95.0%' });
  t.match(one({ accuracy: { min: 0.917 } }), { status: 'failed', reason: 'accuracy.min: measured 91.67% (11/12) < allowed 91.70%' }, 'never "91.7% < 91.7%"');
  // "95%" from a scenario file and 19/20 measured are the same double; 18/20 is one clip short.
  const parsed = BudgetsSchema.parse({ accuracy: { min: '95%' } });
  const at = (correct: number): Metrics => ({ ...metrics, accuracy: { value: correct / 20, correct, total: 20, ci95: [0, 1] } });
  t.match(one(parsed, at(19)), { status: 'passed', reason: 'accuracy.min: measured 95.0% (19/20) >= allowed 95.0%' });
  t.match(one(parsed, at(18)), { status: 'failed', reason: 'accuracy.min: measured 90.0% (18/20) < allowed 95.0%' });
  t.match(one({ accuracy: { min: 0.9 } }, { ...metrics, accuracy: undefined }), {
    status: 'error', measured: null, budget: 0.9, reason: 'accuracy.min: not measured: no labelled clip ran',
  });
});

t.test('recall: min expands per label, classes as written', async (t) => {
  t.same(
    checkBudgets({ recall: { min: 0.8 } }, metrics, ctx).map((v) => [v.name, v.status, v.reason]),
    [
      ['recall.min[yes]', 'passed', 'recall.min[yes]: measured 80.0% (4/5) >= allowed 80.0%'],
      ['recall.min[no]', 'passed', 'recall.min[no]: measured 100.0% (7/7) >= allowed 80.0%'],
    ],
  );
  t.match(checkBudgets({ recall: { min: 1 } }, metrics, ctx)[0], { status: 'failed', reason: 'recall.min[yes]: measured 80.0% (4/5) < allowed 100.0%' });
  t.same(
    checkBudgets({ recall: { min: 0.5, classes: { yes: 0.81, maybe: 0.5 } } }, metrics, { ...ctx, labels: ['yes', 'no', 'silence'] }).map((v) => [v.name, v.status, v.measured, v.reason]),
    [
      ['recall.min[yes]', 'passed', 0.8, 'recall.min[yes]: measured 80.0% (4/5) >= allowed 50.0%'],
      ['recall.min[no]', 'passed', 1, 'recall.min[no]: measured 100.0% (7/7) >= allowed 50.0%'],
      ['recall.min[silence]', 'error', null, 'recall.min[silence]: not measured: no clip labelled "silence" ran'],
      ['recall.classes.yes', 'failed', 0.8, 'recall.classes.yes: measured 80.0% (4/5) < allowed 81.0%'],
      ['recall.classes.maybe', 'error', null, 'recall.classes.maybe: "maybe" is not one of the scenario labels (yes, no, silence)'],
    ],
  );
});

t.test('latency limits in cycles compare in the measured unit', async (t) => {
  t.same(one({ latency: { p95: { max: { cycles: 1_234_567 } } } }), {
    name: 'latency.p95.max', status: 'passed', measured: 1_234_567, budget: 1_234_567, unit: 'cycles', kind: 'max',
    reason: 'latency.p95.max: measured 1234567 cycles <= allowed 1234567 cycles (49.4 ms <= 49.4 ms at 25 MHz)', source: latencySource,
  });
  t.match(one({ latency: { p95: { max: { cycles: 1_234_566 } } } }), {
    status: 'failed', reason: 'latency.p95.max: measured 1234567 cycles > allowed 1234566 cycles (49.3827 ms > 49.3826 ms at 25 MHz)',
  });
  t.match(one({ latency: { p95: { max: { cycles: 1_200_000 } } } }), {
    reason: 'latency.p95.max: measured 1234567 cycles > allowed 1200000 cycles (49.4 ms > 48.0 ms at 25 MHz)',
  });
  const icount: Metrics = { ...metrics, latency: { ...metrics.latency!, unit: 'instructions', source: 'SysTick ticks × 40 (QEMU -icount shift=0: ...)' } };
  // The caveat is the target's (CycleInfo.caveat; QEMU's in qemu.test.ts).
  const qemu = { ...ctx, caveat: 'QEMU icount, not cycle-accurate' };
  t.match(one({ latency: { max: { max: { cycles: 1_300_000 } } } }, icount, qemu), {
    status: 'passed', unit: 'instructions', measured: 1_300_000,
    reason: 'latency.max.max: measured 1300000 instruction-equivalent cycles <= allowed 1300000 cycles (52.0 ms <= 52.0 ms at 25 MHz; QEMU icount, not cycle-accurate)',
  });
  t.match(one({ latency: { max: { max: { cycles: 1_299_999 } } } }, icount), { status: 'failed' });
  const stepped: Metrics = { ...metrics, latency: { ...metrics.latency!, resolution: 16_800 } };
  t.match(one({ latency: { p95: { max: { cycles: 1_300_000 } } } }, stepped), {
    status: 'passed', reason: 'latency.p95.max: measured 1234567 cycles <= allowed 1300000 cycles (49.4 ms <= 52.0 ms at 25 MHz; counter resolution 16800 cycles)',
  });
});

t.test('latency limits in ms compare in ms at the platform clock', async (t) => {
  t.same(one({ latency: { p50: { max: { ms: 40 } } } }), {
    name: 'latency.p50.max', status: 'passed', measured: 40, budget: 40, unit: 'ms', kind: 'max',
    reason: 'latency.p50.max: measured 40.0 ms <= allowed 40.0 ms (1000000 cycles <= 1000000 cycles at 25 MHz)', source: latencySource,
  });
  // One cycle less than measured: 999 999 cycles = 39.99996 ms.
  t.match(one({ latency: { p50: { max: { ms: 39.99996 } } } }), {
    status: 'failed', measured: 40, budget: 39.99996,
    reason: 'latency.p50.max: measured 40.00000 ms > allowed 39.99996 ms (1000000 cycles > 999999 cycles at 25 MHz)',
  });
  // Limits parsed from decimal strings land one rounding step off; "exactly at the limit" still passes.
  const tiny: Metrics = { ...metrics, latency: { ...metrics.latency!, p50: 7500, p50Ms: 0.3 } };
  t.match(one(BudgetsSchema.parse({ latency: { p50: { max: '0.3ms' } } }), tiny), { status: 'passed', budget: 0.3 });
  t.match(one(BudgetsSchema.parse({ latency: { p50: { max: '300us' } } }), tiny), { status: 'passed' });
  t.match(one(BudgetsSchema.parse({ latency: { p50: { max: 7499 } } }), tiny), { status: 'failed', unit: 'cycles' });
  // 1.1 × 25e6 / 1000 is 27500.000000000004 in floating point: compared and printed as 27500.
  const at = (cycles: number): Metrics => ({ ...metrics, latency: { ...metrics.latency!, p50: cycles, p50Ms: cycles / 25_000 } });
  t.match(one(BudgetsSchema.parse({ latency: { p50: { max: '1.1ms' } } }), at(27_500)), {
    status: 'passed', reason: 'latency.p50.max: measured 1.1 ms <= allowed 1.1 ms (27500 cycles <= 27500 cycles at 25 MHz)',
  });
  t.match(one(BudgetsSchema.parse({ latency: { p50: { max: '1.1ms' } } }), at(27_501)), {
    status: 'failed', reason: 'latency.p50.max: measured 1.10004 ms > allowed 1.10000 ms (27501 cycles > 27500 cycles at 25 MHz)',
  });
  t.match(one({ latency: { p95: { max: { ms: 48 } } } }, metrics, { ...ctx, clockHz: 16_384_000 }), {
    status: 'failed', reason: 'latency.p95.max: measured 75.4 ms > allowed 48.0 ms (1234567 cycles > 786432 cycles at 16.384 MHz)',
  });
  const icount: Metrics = { ...metrics, latency: { ...metrics.latency!, unit: 'instructions' } };
  t.match(one({ latency: { max: { max: { ms: 52 } } } }, icount, { ...ctx, caveat: 'QEMU icount, not cycle-accurate' }), {
    status: 'passed',
    reason: 'latency.max.max: measured 52.0 ms <= allowed 52.0 ms (1300000 instruction-equivalent cycles <= 1300000 cycles at 25 MHz; QEMU icount, not cycle-accurate)',
  });
});

t.test('host build: ns, ms limits only', async (t) => {
  const host: Metrics = { ...metrics, latency: { unit: 'ns', p50: 2_500_000, p95: 2_500_001, max: 3e6, mean: 2.6e6, p50Ms: 2.5, p95Ms: 2.500001, maxMs: 3, source: 'host clock in ns' } };
  const c = { ...ctx, latencyUnit: 'ns' };
  t.match(one({ latency: { p50: { max: { ms: 2.5 } } } }, host, c), {
    status: 'passed', measured: 2.5, reason: 'latency.p50.max: measured 2.5 ms <= allowed 2.5 ms (host build: 2500000 ns of host time, not device timing)',
  });
  t.match(one({ latency: { p95: { max: { ms: 2.5 } } } }, host, c), {
    status: 'failed', reason: 'latency.p95.max: measured 2.500001 ms > allowed 2.500000 ms (host build: 2500001 ns of host time, not device timing)',
  });
  t.match(one({ latency: { p50: { max: { cycles: 1e9 } } } }, host, c), {
    status: 'error', measured: null, unit: 'cycles',
    reason: 'latency.p50.max: the limit is in cycles but the host build measures nanoseconds of host time; give the limit as a duration such as "40ms"',
  });
});

t.test('no latency measured: error verdicts, never a pass', async (t) => {
  const none: Metrics = { ...metrics, latency: undefined };
  t.same(
    checkBudgets({ latency: { p50: { max: { ms: 40 } } }, ...{} }, none, { ...ctx, latencyUnit: 'instructions' }),
    [{ name: 'latency.p50.max', status: 'error', measured: null, budget: 40, unit: 'ms', kind: 'max', reason: 'latency.p50.max: not measured: no clip passed with a cycle count', source: 'cycle counts of passed clips' }],
  );
  t.match(one({ latency: { max: { max: { cycles: 100 } } } }, none, { ...ctx, latencyUnit: 'instructions' }), {
    status: 'error', unit: 'instructions', budget: 100, reason: 'latency.max.max: not measured: no clip passed with a cycle count',
  });
});

t.test('sizes: bytes and KiB, inclusive', async (t) => {
  t.same(one({ ram: { peak: { max: 61234 } } }), {
    name: 'ram.peak.max', status: 'passed', measured: 61234, budget: 61234, unit: 'bytes', kind: 'max',
    reason: 'ram.peak.max: measured 61,234 B (59.8 KiB) <= allowed 61,234 B (59.8 KiB); static 40,000 B + stack 20,000 B + heap 1,234 B',
    source: 'linker regions (ELF) + stack painting on the device',
  });
  t.match(one({ ram: { peak: { max: 61233 } } }), {
    status: 'failed', reason: 'ram.peak.max: measured 61,234 B (59.8 KiB) > allowed 61,233 B (59.8 KiB); static 40,000 B + stack 20,000 B + heap 1,234 B',
  });
  t.match(one({ flash: { max: 476 } }), { status: 'passed', reason: 'flash.max: measured 476 B <= allowed 476 B', source: metrics.flash!.source });
  t.match(one({ flash: { max: 475 } }), { status: 'failed', reason: 'flash.max: measured 476 B > allowed 475 B' });
  t.match(one({ stack: { max: 20000 } }), { status: 'passed', reason: 'stack.max: measured 20,000 B (19.5 KiB) <= allowed 20,000 B (19.5 KiB)', source: metrics.stack!.source });
  t.match(one({ stack: { max: 19999 } }), { status: 'failed', reason: 'stack.max: measured 20,000 B (19.5 KiB) > allowed 19,999 B (19.5 KiB)' });
  t.match(one(BudgetsSchema.parse({ flash: { max: '1KiB' } })), { status: 'passed', budget: 1024, reason: 'flash.max: measured 476 B <= allowed 1,024 B (1 KiB)' });
});

t.test('sizes not measured: error verdicts naming what is missing', async (t) => {
  const noFootprint: Metrics = { ...metrics, ram: undefined, flash: undefined };
  const nothing: Metrics = { clips: metrics.clips };
  t.match(one({ ram: { peak: { max: 1 } } }, noFootprint), { status: 'error', measured: null, reason: 'ram.peak.max: not measured: no firmware footprint (the ELF was not analysed)' });
  t.match(one({ ram: { peak: { max: 1 } } }, { ...metrics, ram: undefined, stack: undefined }), { reason: 'ram.peak.max: not measured: no clip reported a stack high-water mark' });
  t.match(one({ ram: { peak: { max: 1 } } }, nothing), {
    reason: 'ram.peak.max: not measured: no firmware footprint (the ELF was not analysed) and no clip reported a stack high-water mark',
  });
  t.match(one({ flash: { max: 1 } }, nothing), { status: 'error', reason: 'flash.max: not measured: no firmware footprint (the ELF was not analysed)' });
  t.match(one({ stack: { max: 1 } }, nothing), { status: 'error', reason: 'stack.max: not measured: no clip reported a stack high-water mark', unit: 'bytes', budget: 1 });
});

t.test('one verdict per line, in schema order', async (t) => {
  const budgets = BudgetsSchema.parse({
    stack: { max: '20KiB' }, flash: { max: 1000 }, ram: { peak: { max: '64KiB' } },
    latency: { max: { max: '60ms' }, p95: { max: 1_300_000 }, p50: { max: '40ms' } },
    recall: { classes: { no: '90%' }, min: 0.5 }, accuracy: { min: '90%' },
  });
  const v = checkBudgets(budgets, metrics, ctx);
  t.same(v.map((x) => x.name), [
    'accuracy.min', 'recall.min[yes]', 'recall.min[no]', 'recall.classes.no', 'latency.p50.max', 'latency.p95.max', 'latency.max.max', 'ram.peak.max', 'flash.max', 'stack.max',
  ]);
  t.ok(v.every((x) => x.status === 'passed'), v.filter((x) => x.status !== 'passed').map((x) => x.reason).join('\n') || 'all pass');
  t.ok(v.every((x) => x.reason.startsWith(`${x.name}: `) && x.source.length > 0), 'every verdict names itself and its source');
});

t.test('per-class recall on a subset run: a class without clips is skipped, not an error', async (t) => {
  const { checkBudgets } = await import('../../src/metrics/budgets.js');
  const metrics = { clips: { total: 1, passed: 1, failed: 0, error: 0, timedout: 0, skipped: 0 }, recall: { yes: { value: 1, correct: 1, total: 1 } } };
  const ctx = { labels: ['yes', 'no'], clockHz: 1e6, latencyUnit: 'cycles' };
  const full = checkBudgets({ recall: { min: 0.5 } }, metrics, ctx);
  t.match(full, [{ name: 'recall.min[yes]', status: 'passed' }, { name: 'recall.min[no]', status: 'error', reason: /no clip labelled "no" ran/ }]);
  const sub = checkBudgets({ recall: { min: 0.5 } }, metrics, { ...ctx, subset: true });
  t.match(sub, [{ name: 'recall.min[yes]', status: 'passed' }, { name: 'recall.min[no]', status: 'skipped', reason: 'recall.min[no]: skipped: no clip labelled "no" in the selected subset' }]);
});
