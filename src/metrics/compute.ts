/** Aggregates clip results, the firmware footprint and the cycle source into {@link Metrics}. */
import type { ClipResult, CycleInfo, Footprint, Metrics } from '../core/types.js';
import { classify } from './classification.js';
import { mean, percentile } from './stats.js';

/** What {@link computeMetrics} needs. `Platform` from the scenario loader fits `platform`. */
export interface MetricsInput {
  clips: ClipResult[];
  /** The scenario's labels, in device order. */
  labels: string[];
  /** The firmware footprint; without it there is no flash or peak RAM figure. */
  footprint?: Footprint;
  platform: { clock_hz: number };
  /** How the cycle counts were obtained; without it they are taken as CPU cycles of unknown source. */
  cycleInfo?: CycleInfo;
}

export const SOURCES = {
  flash: 'linker regions (ELF): sections loaded into the flash region',
  stack: 'stack painting on the device (main stack high-water mark since boot)',
  ram: 'linker regions (ELF) + stack painting on the device',
  classification: 'device predictions vs clip labels (a labelled clip without a prediction counts as wrong)',
} as const;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Milliseconds for a latency figure: at the platform clock, or straight from nanoseconds for the host build. */
export function toMs(value: number, unit: string, clockHz: number): number {
  // value × 1000 first: an integer product, so 1 200 000 cycles at 25 MHz is exactly 48 ms.
  return unit === 'ns' ? value / 1e6 : (value * 1000) / clockHz;
}

/** Says where latency figures came from and whether they are real cycles. */
export function latencySource(ci: CycleInfo | undefined): string {
  if (!ci) return 'device cycle counts (counter source not recorded)';
  if (ci.unit === 'ns') return 'host clock in ns (host build: not device timing)';
  const counter = ci.source === 'dwt' ? 'DWT CYCCNT' : ci.source === 'systick' ? 'SysTick' : ci.source;
  const ticks = ci.factor === 1 ? counter : `${counter} ticks × ${ci.factor}`;
  const step = ci.resolution !== undefined && ci.resolution > 1 ? `; resolution ${ci.resolution} ${ci.unit}` : '';
  if (ci.description) return `${ticks} (${ci.description}${step})`;
  if (ci.unit === 'instructions') return `${ticks} (instruction-equivalent, not cycle-accurate)`;
  return `${ticks} (CPU cycles)`;
}

/**
 * Clip counts by status, classification metrics (see `classify`), latency over
 * passed clips with nearest-rank percentiles (see `percentile`), and memory:
 * peak RAM = static RAM (linker) + max stack high-water + max heap use over all
 * clips that reported them (whatever their status: a high-water mark is real
 * even if the answer was wrong). A figure that cannot be computed is left out,
 * so a budget on it becomes an `error` verdict rather than a silent pass.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const { clips, labels, footprint, platform, cycleInfo } = input;
  const count = (s: ClipResult['status']) => clips.filter((c) => c.status === s).length;
  const metrics: Metrics = {
    clips: { total: clips.length, passed: count('passed'), failed: count('failed'), error: count('error'), timedout: count('timedout'), skipped: count('skipped') },
    ...classify(clips, labels),
  };

  const cycles = clips.filter((c) => c.status === 'passed' && isNum(c.cycles)).map((c) => c.cycles!);
  if (cycles.length > 0) {
    const unit = cycleInfo?.unit ?? 'cycles';
    const [p50, p95, max] = [percentile(cycles, 50)!, percentile(cycles, 95)!, Math.max(...cycles)];
    const ms = (v: number) => toMs(v, unit, platform.clock_hz);
    metrics.latency = {
      unit, p50, p95, max, mean: mean(cycles)!, p50Ms: ms(p50), p95Ms: ms(p95), maxMs: ms(max),
      ...(cycleInfo?.resolution !== undefined && cycleInfo.resolution > 1 ? { resolution: cycleInfo.resolution } : {}),
      source: latencySource(cycleInfo),
    };
  }

  const hwms = clips.map((c) => c.stackHwm).filter(isNum);
  const heaps = clips.map((c) => c.heapUsed).filter(isNum);
  const stackHwm = hwms.length > 0 ? Math.max(...hwms) : undefined;
  const heap = heaps.length > 0 ? Math.max(...heaps) : 0;
  if (stackHwm !== undefined) metrics.stack = { value: stackHwm, source: SOURCES.stack };
  if (footprint) {
    metrics.flash = { value: footprint.flash, source: SOURCES.flash };
    // Without a stack measurement the peak would be understated, so there is none.
    if (stackHwm !== undefined)
      metrics.ram = {
        peak: footprint.ramStatic + stackHwm + heap, static: footprint.ramStatic, stackHwm, heap,
        source: heaps.length > 0 ? `${SOURCES.ram} + heap use reported by the device` : SOURCES.ram,
      };
  }
  return metrics;
}
