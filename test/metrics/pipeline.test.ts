import t from 'tap';
import { fileURLToPath } from 'node:url';
import { footprint } from '../../src/build/footprint.js';
import { BudgetsSchema, PlatformSchema } from '../../src/config/schema.js';
import type { ClipResult } from '../../src/core/types.js';
import { checkBudgets, computeMetrics, EXIT, runStatus } from '../../src/metrics/index.js';

const TINY_ELF = fileURLToPath(new URL('../build/fixtures/tiny.elf', import.meta.url));

t.test('footprint → metrics → verdicts → status', async (t) => {
  const platform = PlatformSchema.parse({
    name: 'tiny', cpu: 'cortex-m3', clock_hz: 25_000_000,
    memory: { flash: { start: 0, size: '16KiB' }, ram: { start: 0x20000000, size: '8KiB' } },
    qemu: { machine: 'mps2-an385', instructions_per_tick: 40 },
  });
  const fp = await footprint(TINY_ELF, platform.memory);
  const clips: ClipResult[] = Array.from({ length: 12 }, (_, i) => ({
    id: `clip${i}.wav`, label: i % 2 ? 'no' : 'yes', predicted: i === 11 ? 'yes' : i % 2 ? 'no' : 'yes',
    status: 'passed', wallMs: 5, cycles: (i + 1) * 100_000, stackHwm: 600 + i, heapUsed: 0,
  }));
  // What the QEMU target says of its counts (qemu.test.ts).
  const cycleInfo = { source: 'systick', unit: 'instructions' as const, factor: 40, description: 'QEMU -icount shift=0: instruction-equivalent, not cycle-accurate', caveat: 'QEMU icount, not cycle-accurate' };
  const metrics = computeMetrics({ clips, labels: ['yes', 'no'], footprint: fp, platform, cycleInfo });
  const budgets = BudgetsSchema.parse({
    accuracy: { min: '95%' }, recall: { min: 0.8 }, latency: { p95: { max: '48ms' } }, ram: { peak: { max: '1KiB' } }, flash: { max: '1KiB' },
  });
  const verdicts = checkBudgets(budgets, metrics, { labels: ['yes', 'no'], clockHz: platform.clock_hz, latencyUnit: cycleInfo.unit, caveat: cycleInfo.caveat });
  t.same(verdicts.map((v) => [v.name, v.status, v.reason]), [
    ['accuracy.min', 'failed', 'accuracy.min: measured 91.7% (11/12) < allowed 95.0%'],
    ['recall.min[yes]', 'passed', 'recall.min[yes]: measured 100.0% (6/6) >= allowed 80.0%'],
    ['recall.min[no]', 'passed', 'recall.min[no]: measured 83.3% (5/6) >= allowed 80.0%'],
    // p95 of 100 000..1 200 000 is rank ⌈0.95 × 12⌉ = 12.
    ['latency.p95.max', 'passed', 'latency.p95.max: measured 48.0 ms <= allowed 48.0 ms (1200000 instruction-equivalent cycles <= 1200000 cycles at 25 MHz; QEMU icount, not cycle-accurate)'],
    ['ram.peak.max', 'passed', 'ram.peak.max: measured 963 B <= allowed 1,024 B (1 KiB); static 352 B + stack 611 B + heap 0 B'],
    ['flash.max', 'passed', 'flash.max: measured 476 B <= allowed 1,024 B (1 KiB)'],
  ]);
  t.equal(metrics.latency?.source, 'SysTick ticks × 40 (QEMU -icount shift=0: instruction-equivalent, not cycle-accurate)');
  t.same(runStatus({ clips, budgets: verdicts, errors: [] }), {
    status: 'failed', exitCode: EXIT.FAIL, reason: 'accuracy.min: measured 91.7% (11/12) < allowed 95.0%',
  });
});
