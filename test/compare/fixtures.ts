/**
 * Realistic runs to compare: a keyword spotter on QEMU mps2-an386, its metrics
 * computed from its clips by the real metrics code (as `hil run` does), so the
 * figures, confusion matrix and clips always agree. `head()` is `base()` after a
 * change that broke one clip, fixed another, confused a third and hung a fourth,
 * and made the firmware bigger and slower.
 */
import type { ClipResult, Footprint, RunReport } from '../../src/core/types.js';
import { computeMetrics } from '../../src/metrics/index.js';

export const LABELS = ['_silence_', 'yes', 'no', 'up'];

/** `[id, label, predicted, cycles]`: passed clips; a prediction of `timedout` is a clip that timed out. */
type Row = [string, string, string, number];

const BASE_ROWS: Row[] = [
  ['_silence_/pink-0000.wav', '_silence_', '_silence_', 2_931_000],
  ['yes/yes-0000.wav', 'yes', 'yes', 2_940_000],
  ['yes/yes-0001.wav', 'yes', 'yes', 2_941_000],
  ['no/no-0000.wav', 'no', 'no', 2_938_000],
  ['no/no-0001.wav', 'no', 'up', 2_939_000],
  ['up/up-0000.wav', 'up', 'up', 2_942_000],
  ['up/up-0001.wav', 'up', 'no', 2_943_000],
  ['up/up-0002.wav', 'up', 'up', 2_944_000],
];

function clips(rows: Row[]): ClipResult[] {
  return rows.map(([id, label, predicted, cycles], i) =>
    predicted === 'timedout'
      ? { id, label, status: 'timedout', reason: 'no answer from the device for 20 s', wallMs: 20_000, worker: i % 2 }
      : { id, path: `/work/.cache/synth/${id}`, label, status: 'passed', predicted, predictedIndex: LABELS.indexOf(predicted), cycles, stackHwm: 1_864, heapUsed: 0, wallMs: 30, worker: i % 2 },
  );
}

/** A RunReport as `hil run` writes it, from rows of clips and a flash size. */
export function report(rows: Row[], flash: number, over: Partial<RunReport> = {}): RunReport {
  const footprint: Footprint = { flash, ramStatic: 10_368, stackReserved: 8_192, sections: [{ name: '.text', size: flash, addr: 0, region: 'flash' }] };
  const cycleInfo = { source: 'systick', unit: 'instructions' as const, factor: 40, caveat: 'QEMU icount, not cycle-accurate' };
  const cs = clips(rows);
  return {
    schemaVersion: 1,
    tool: { name: 'tinyhil', version: '0.1.0' },
    scenario: { name: 'kws', file: 'scenarios/kws.yaml' },
    platform: { name: 'mps2-an386', cpu: 'cortex-m4', clockHz: 25_000_000, ramSize: 262_144, flashSize: 1_048_576 },
    target: { kind: 'qemu', audioPath: 'memory', workers: 2, settings: {} },
    firmware: { elf: 'firmware/build/kws.elf', sha256: 'b'.repeat(64), footprint },
    status: 'passed',
    startedAt: '2026-11-25T11:59:00.000Z',
    durationMs: 12_345,
    labels: LABELS,
    clips: cs,
    metrics: computeMetrics({ clips: cs, labels: LABELS, footprint, platform: { clock_hz: 25_000_000 }, cycleInfo }),
    budgets: [],
    errors: [],
    provenance: { tools: { qemu: '7.2.0' }, host: 'ci', node: 'v20.19.0', command: ['hil', 'run', 'scenarios/kws.yaml'], cycleInfo },
    ...over,
  };
}

export const base = (over: Partial<RunReport> = {}) => report(BASE_ROWS, 57_832, over);

/** +3% cycles, +1,536 B flash; yes-0001 right → wrong, no-0001 wrong → right, up-0001 wrong → other wrong, up-0002 timed out. */
export function head(over: Partial<RunReport> = {}): RunReport {
  const rows = BASE_ROWS.map(([id, label, predicted, cycles]): Row => {
    const p = { 'yes/yes-0001.wav': 'no', 'no/no-0001.wav': 'no', 'up/up-0001.wav': '_silence_', 'up/up-0002.wav': 'timedout' }[id] ?? predicted;
    return [id, label, p, Math.round(cycles * 1.03)];
  });
  const r = report(rows, 57_832 + 1_536, { startedAt: '2026-11-26T08:00:00.000Z', ...over });
  r.firmware.sha256 = 'c'.repeat(64);
  return r;
}

/** A side as compare() takes it. */
export const side = (report: RunReport, file?: string, schemaVersion = 1) => ({ report, schemaVersion, ...(file ? { file } : {}) });
