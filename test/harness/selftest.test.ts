import t from 'tap';
import { selftestExpected, selftestVerifier } from '../../src/harness/selftest.js';
import type { DeviceResult } from '../../src/protocol/messages.js';
import type { CycleInfo } from '../../src/core/types.js';

const samples = Int16Array.from([1, -2, 3, -32768, 32767, 0, 0, 5]);
const insn: CycleInfo = { source: 'systick', unit: 'instructions', factor: 40 };

function deviceAnswer(): DeviceResult {
  const e = selftestExpected(samples);
  return {
    clipId: 0, predicted: e.predicted, scores: e.scores, stacks: [], status: 0, samples: samples.length, stackHwm: 500,
    values: { ...e.values, loop_iters: 100000, loop_cycles: 5000, recursed: 0 },
  };
}

t.test('expected values, computed independently', async (t) => {
  const e = selftestExpected(samples);
  const { crc32 } = await import('node:zlib');
  t.same(e.values, { n: 8, crc32: crc32(Buffer.from(samples.buffer)), sum: 6, energy: 1 + 4 + 9 + 32768 * 32768 + 32767 * 32767 + 25, min: -32768, max: 32767 });
  // segments of 2: |1|+|-2|, |3|+|-32768|, 32767+0, 0+5
  t.same(e.scores, [3, 32771, 32767, 5]);
  t.equal(e.predicted, 1);
  t.same(selftestExpected(new Int16Array(0)).predicted, null, 'an empty clip predicts nothing');
});

t.test('a correct answer has no mismatches', async (t) => {
  t.same(selftestVerifier.check({ id: 'c', samples, sampleRate: 16000 }, deviceAnswer(), { labels: [], cycleInfo: insn }), []);
});

t.test('each wrong field is named with expected and actual', async (t) => {
  const r = deviceAnswer();
  r.values.sum = 7;
  r.scores = [3, 32771, 32767, 6];
  const m = selftestVerifier.check({ id: 'c', samples, sampleRate: 16000 }, r, { labels: [], cycleInfo: insn });
  t.same(m, [
    { field: 'sum', expected: '6', actual: '7' },
    { field: 'scores', expected: '3,32771,32767,5', actual: '3,32771,32767,6' },
  ]);
});

t.test('the compute loop must read back within 1% on instruction-counting targets', async (t) => {
  const r = deviceAnswer();
  r.values.loop_cycles = 5051; // 202040 instructions: 1.02% over 200000
  const m = selftestVerifier.check({ id: 'c', samples, sampleRate: 16000 }, r, { labels: [], cycleInfo: insn });
  t.match(m, [{ field: 'loop_cycles', expected: '200000 instructions ±1%' }]);
  r.values.loop_cycles = 5049;
  t.same(selftestVerifier.check({ id: 'c', samples, sampleRate: 16000 }, r, { labels: [], cycleInfo: insn }), []);
  r.values.loop_cycles = 1;
  t.same(selftestVerifier.check({ id: 'c', samples, sampleRate: 16000 }, r, { labels: [], cycleInfo: { source: 'host', unit: 'ns', factor: 1 } }), [], 'not checked on the host build');
});

t.test('a recursion request must show in recursed and the stack high-water mark', async (t) => {
  const r = deviceAnswer();
  r.values.recursed = 4096;
  r.stackHwm = 4000;
  const m = selftestVerifier.check({ id: 'c', samples, sampleRate: 16000, args: { recurse_bytes: 4096 } }, r, { labels: [], cycleInfo: insn });
  t.match(m, [{ field: 'stack_hwm', expected: '>= 4096 (the recursion depth)', actual: '4000' }]);
  r.values.recursed = 100;
  r.stackHwm = 5000;
  t.match(selftestVerifier.check({ id: 'c', samples, sampleRate: 16000, args: { recurse_bytes: 4096 } }, r, { labels: [], cycleInfo: insn }), [{ field: 'recursed', expected: '>= 4096' }]);
});
