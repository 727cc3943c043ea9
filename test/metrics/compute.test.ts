import t from 'tap';
import type { ClipResult, Footprint } from '../../src/core/types.js';
import { computeMetrics, latencySource } from '../../src/metrics/compute.js';
import { NO_PREDICTION } from '../../src/metrics/classification.js';
import { wilson } from '../../src/metrics/stats.js';

const clip = (id: string, over: Partial<ClipResult>): ClipResult => ({ id, status: 'passed', wallMs: 10, ...over });
const footprint: Footprint = { flash: 476, ramStatic: 352, stackReserved: 1024, sections: [] };
const labels = ['yes', 'no', 'unknown'];

const clips: ClipResult[] = [
  clip('1', { label: 'yes', predicted: 'yes', cycles: 1000, stackHwm: 800 }),
  clip('2', { label: 'yes', predicted: 'no', cycles: 2000 }),
  clip('3', { label: 'yes', status: 'timedout', reason: 'no RESULT' }),
  clip('4', { label: 'no', predicted: 'no', cycles: 3000, stackHwm: 1200, heapUsed: 256 }),
  clip('5', { label: 'no', predicted: null, cycles: 4000 }), // ran, but below the detection threshold
  clip('6', { label: 'unknown', status: 'error', reason: 'ERROR 4', stackHwm: 1500 }),
  clip('7', { predicted: 'yes', cycles: 5000 }), // unlabelled
  clip('8', { label: 'yes', status: 'skipped' }),
  clip('9', { label: 'no', status: 'failed', reason: 'crc32 mismatch', predicted: 'no', cycles: 9000 }),
];

t.test('clip counts, accuracy, recall, precision, confusion', async (t) => {
  const m = computeMetrics({ clips, labels, platform: { clock_hz: 25_000_000 } });
  t.same(m.clips, { total: 9, passed: 5, failed: 1, error: 1, timedout: 1, skipped: 1 });
  // Judged: labelled and not skipped = clips 1-6 and 9; correct: 1, 4, 9 (a failed clip keeps its prediction).
  t.same(m.accuracy, { value: 3 / 7, correct: 3, total: 7, ci95: wilson(3, 7) });
  t.ok(Math.abs(m.accuracy!.ci95[0] - 0.1582199) < 1e-6 && Math.abs(m.accuracy!.ci95[1] - 0.7495416) < 1e-6);
  t.same(m.recall, {
    yes: { value: 1 / 3, correct: 1, total: 3 },
    no: { value: 2 / 3, correct: 2, total: 3 },
    unknown: { value: 0, correct: 0, total: 1 },
  });
  t.same(m.precision, { yes: { value: 1, correct: 1, total: 1 }, no: { value: 2 / 3, correct: 2, total: 3 } }, 'never predicted: no precision');
  t.equal(NO_PREDICTION, '(none)');
  t.same(m.confusion, {
    labels: ['yes', 'no', 'unknown'],
    //        yes no unk (none)
    matrix: [
      [1, 1, 0, 1], // yes: 1 right, 1 as "no", 1 timed out
      [0, 2, 0, 1], // no: 2 right (one of them a failed clip), 1 without a prediction
      [0, 0, 0, 1], // unknown: errored
    ],
  });
});

t.test('labels outside the scenario list get their own row and column', async (t) => {
  const m = computeMetrics({
    clips: [clip('a', { label: 'maybe', predicted: 'yes' }), clip('b', { label: 'yes', predicted: 'noise' }), clip('c', { label: 'yes', predictedIndex: 0 })],
    labels: ['yes', 'no'],
    platform: { clock_hz: 1e6 },
  });
  t.same(m.confusion, {
    labels: ['yes', 'no', 'maybe', 'noise'],
    matrix: [
      [1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ],
  });
  t.same(m.accuracy?.correct, 1, 'predictedIndex 0 stands for "yes" when predicted is absent');
});

t.test('no labelled clip: no classification metrics', async (t) => {
  const m = computeMetrics({ clips: [clip('x', { predicted: 'yes', cycles: 10 })], labels, platform: { clock_hz: 1e6 } });
  t.equal(m.accuracy, undefined);
  t.equal(m.recall, undefined);
  t.equal(m.precision, undefined);
  t.equal(m.confusion, undefined);
});

t.test('latency over passed clips, nearest rank, ms at the platform clock', async (t) => {
  const m = computeMetrics({
    clips, labels, platform: { clock_hz: 25_000_000 },
    // As the QEMU target says it (qemu.test.ts).
    cycleInfo: { source: 'systick', unit: 'instructions', factor: 40, description: 'QEMU -icount shift=0: instruction-equivalent, not cycle-accurate' },
  });
  // Passed with cycles: 1000, 2000, 3000, 4000, 5000 (not 9000: that clip failed).
  t.same(m.latency, {
    unit: 'instructions', p50: 3000, p95: 5000, max: 5000, mean: 3000, p50Ms: 0.12, p95Ms: 0.2, maxMs: 0.2,
    source: 'SysTick ticks × 40 (QEMU -icount shift=0: instruction-equivalent, not cycle-accurate)',
  });
  const exact = computeMetrics({ clips: [clip('a', { cycles: 1_200_000 })], labels, platform: { clock_hz: 25_000_000 } });
  t.equal(exact.latency?.p50Ms, 48, '1 200 000 cycles at 25 MHz is exactly 48 ms');
  t.equal(exact.latency?.unit, 'cycles');
  const none = computeMetrics({ clips: [clip('a', { status: 'failed', cycles: 5 }), clip('b', {})], labels, platform: { clock_hz: 1e6 } });
  t.equal(none.latency, undefined, 'no passed clip with cycles: no latency');
});

t.test('latency sources', async (t) => {
  const p = { clock_hz: 25e6 };
  t.equal(latencySource({ source: 'dwt', unit: 'cycles', factor: 1 }), 'DWT CYCCNT (CPU cycles)');
  t.equal(latencySource({ source: 'systick', unit: 'cycles', factor: 1 }), 'SysTick (CPU cycles)');
  t.equal(latencySource({ source: 'systick', unit: 'instructions', factor: 40 }), 'SysTick ticks × 40 (instruction-equivalent, not cycle-accurate)', 'instructions of a target that does not say more');
  t.equal(latencySource({ source: 'systick', unit: 'instructions', factor: 80, description: 'QEMU -icount shift=1: instruction-equivalent, not cycle-accurate' }), 'SysTick ticks × 80 (QEMU -icount shift=1: instruction-equivalent, not cycle-accurate)', 'the target\'s own words');
  t.equal(latencySource({ source: 'host', unit: 'ns', factor: 1 }), 'host clock in ns (host build: not device timing)');
  t.equal(latencySource(undefined), 'device cycle counts (counter source not recorded)');
  // A counter that moves in steps (Renode 1.15: one quantum) says its step; one that moves by the cycle does not.
  const quantised = { source: 'dwt', unit: 'cycles' as const, factor: 1, resolution: 16_800, description: 'Renode virtual time: ...' };
  t.equal(latencySource(quantised), 'DWT CYCCNT (Renode virtual time: ...; resolution 16800 cycles)');
  t.equal(latencySource({ ...quantised, resolution: 1 }), 'DWT CYCCNT (Renode virtual time: ...)');
  const m = computeMetrics({ clips: [clip('a', { cycles: 2_956_800 })], labels, platform: { clock_hz: 168e6 }, cycleInfo: quantised });
  t.equal(m.latency?.resolution, 16_800, 'the report carries the resolution');
  t.equal(computeMetrics({ clips: [clip('a', { cycles: 5 })], labels, platform: p, cycleInfo: { source: 'dwt', unit: 'cycles', factor: 1 } }).latency?.resolution, undefined);
  const host = computeMetrics({ clips: [clip('a', { cycles: 2_500_000 })], labels, platform: p, cycleInfo: { source: 'host', unit: 'ns', factor: 1 } });
  t.equal(host.latency?.p50Ms, 2.5, 'host ns convert to ms directly, not at the platform clock');
});

t.test('memory: peak RAM = static + max stack high-water + max heap', async (t) => {
  const m = computeMetrics({ clips, labels, footprint, platform: { clock_hz: 25e6 } });
  // Stack high-water marks 800, 1200 and 1500 (from the errored clip: the mark is real anyway); heap 256.
  t.same(m.ram, { peak: 352 + 1500 + 256, static: 352, stackHwm: 1500, heap: 256, source: 'linker regions (ELF) + stack painting on the device + heap use reported by the device' });
  t.same(m.flash, { value: 476, source: 'linker regions (ELF): sections loaded into the flash region' });
  t.same(m.stack, { value: 1500, source: 'stack painting on the device (main stack high-water mark since boot)' });
  const noHeap = computeMetrics({ clips: [clip('a', { stackHwm: 100 })], labels, footprint, platform: { clock_hz: 25e6 } });
  t.same(noHeap.ram, { peak: 452, static: 352, stackHwm: 100, heap: 0, source: 'linker regions (ELF) + stack painting on the device' });
});

t.test('memory figures that cannot be computed are absent', async (t) => {
  const noStack = computeMetrics({ clips: [clip('a', {})], labels, footprint, platform: { clock_hz: 25e6 } });
  t.equal(noStack.ram, undefined, 'no stack measurement: no peak (it would be understated)');
  t.equal(noStack.stack, undefined);
  t.equal(noStack.flash?.value, 476);
  const noFootprint = computeMetrics({ clips: [clip('a', { stackHwm: 100 })], labels, platform: { clock_hz: 25e6 } });
  t.equal(noFootprint.ram, undefined);
  t.equal(noFootprint.flash, undefined);
  t.equal(noFootprint.stack?.value, 100);
  const empty = computeMetrics({ clips: [], labels, platform: { clock_hz: 25e6 } });
  t.same(empty, { clips: { total: 0, passed: 0, failed: 0, error: 0, timedout: 0, skipped: 0 } });
});

t.test('accuracy per clip group, each with its Wilson interval', async (t) => {
  const { computeMetrics } = await import('../../src/metrics/compute.js');
  const c = (id: string, label: string, predicted: string, group?: string) => ({ id, label, predicted, status: 'passed' as const, wallMs: 1, ...(group ? { group } : {}) });
  const m = computeMetrics({
    clips: [c('a', 'yes', 'yes', 'espeak-ng'), c('b', 'yes', 'no', 'espeak-ng'), c('c', 'no', 'no', 'recorded'), c('d', 'no', 'no')],
    labels: ['yes', 'no'], platform: { clock_hz: 1e6 },
  });
  t.match(m.accuracyByGroup, { 'espeak-ng': { value: 0.5, correct: 1, total: 2 }, recorded: { value: 1, correct: 1, total: 1 } });
  t.same(Object.keys(m.accuracyByGroup!), ['espeak-ng', 'recorded'], 'clips without a group count only overall');
  t.equal(m.accuracy!.total, 4);
  const none = computeMetrics({ clips: [c('a', 'yes', 'yes')], labels: ['yes'], platform: { clock_hz: 1 } });
  t.equal(none.accuracyByGroup, undefined);
});
