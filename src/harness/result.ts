/** Turns a device RESULT into a {@link ClipResult}: labels, converted cycles, latency at the platform clock. */
import type { Clip, ClipResult, CycleInfo } from '../core/types.js';
import type { DeviceResult, Hello } from '../protocol/messages.js';

export function toClipResult(clip: Clip, r: DeviceResult, hello: Hello, ci: CycleInfo, clockHz: number, wallMs: number): ClipResult {
  const conv = (raw: number | undefined) => (raw === undefined ? undefined : Math.round(raw * ci.factor));
  const out: ClipResult = { id: clip.id, status: 'passed', wallMs, values: r.values };
  if (clip.path) out.path = clip.path;
  if (clip.label !== undefined) out.label = clip.label;
  if (clip.group !== undefined) out.group = clip.group;
  out.predictedIndex = r.predicted ?? -1;
  out.predicted = r.predicted === null ? null : (hello.labels[r.predicted] ?? null);
  if (r.scores.length) out.scores = r.scores.map((s) => s * hello.scoreScale);
  const cycles = conv(r.cycles);
  if (cycles !== undefined) {
    out.rawCycles = r.cycles!;
    out.cycles = cycles;
    // ns from the host build are already time; cycles and instruction-equivalents run at the platform clock.
    out.latencyMs = ci.unit === 'ns' ? cycles / 1e6 : (cycles / clockHz) * 1000;
  }
  const fe = conv(r.cyclesFe);
  const inf = conv(r.cyclesInf);
  if (fe !== undefined) out.cyclesFrontend = fe;
  if (inf !== undefined) out.cyclesInference = inf;
  if (r.stackHwm !== undefined) out.stackHwm = r.stackHwm;
  if (r.stacks.length) out.stacks = r.stacks;
  if (r.heapUsed !== undefined) out.heapUsed = r.heapUsed;
  if (r.status !== 0) {
    out.status = 'failed';
    out.reason = `the app reported status ${r.status}`;
  }
  return out;
}
