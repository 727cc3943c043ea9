/**
 * The selftest verifier: recomputes what firmware/lib/hil/src/hil_selftest.c
 * answers for each clip (docs/porting.md) and reports every differing field.
 */
import type { CheckMismatch, Clip } from '../core/types.js';
import type { DeviceResult } from '../protocol/messages.js';
import { crc32 } from '../protocol/crc32.js';
import type { Verifier, VerifyContext } from './verify.js';

/** Relative tolerance of the compute-loop read-back on instruction-counting targets. */
export const LOOP_TOLERANCE = 0.01;
/** Instructions per iteration of the selftest's subs/bne loop. */
export const LOOP_INSNS_PER_ITER = 2;

/** What the selftest must answer for a clip. */
export function selftestExpected(samples: Int16Array): { values: Record<string, number>; scores: number[]; predicted: number | null } {
  const n = samples.length;
  let sum = 0n;
  let energy = 0n;
  let min = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    sum += BigInt(x);
    energy += BigInt(x * x);
    if (i === 0 || x < min) min = x;
    if (i === 0 || x > max) max = x;
  }
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const scores: number[] = [];
  for (let k = 0; k < 4; k++) {
    let s = 0;
    for (let i = Math.floor((k * n) / 4); i < Math.floor(((k + 1) * n) / 4); i++) s += Math.abs(samples[i]!);
    scores.push(Math.min(s, 0x7fffffff));
  }
  let predicted: number | null = null;
  if (n > 0) {
    predicted = 0;
    for (let k = 1; k < 4; k++) if (scores[k]! > scores[predicted]!) predicted = k;
  }
  return { values: { n, crc32: crc32(bytes), sum: Number(sum), energy: Number(energy), min, max }, scores, predicted };
}

export const selftestVerifier: Verifier = {
  name: 'selftest',
  argNames: ['recurse_bytes', 'hang'],
  check(clip: Clip, r: DeviceResult, ctx: VerifyContext): CheckMismatch[] {
    const out: CheckMismatch[] = [];
    const diff = (field: string, expected: unknown, actual: unknown) => {
      if (String(expected) !== String(actual)) out.push({ field, expected: String(expected), actual: String(actual) });
    };
    const exp = selftestExpected(clip.samples);
    for (const [k, v] of Object.entries(exp.values)) diff(k, v, r.values[k] ?? 'missing');
    diff('samples', clip.samples.length, r.samples ?? 'missing');
    diff('scores', exp.scores.join(','), r.scores.join(','));
    diff('predicted', exp.predicted ?? 'none', r.predicted ?? 'none');
    diff('status', 0, r.status);
    const want = clip.args?.recurse_bytes ?? 0;
    const recursed = r.values.recursed ?? 0;
    if (recursed < want) out.push({ field: 'recursed', expected: `>= ${want}`, actual: String(recursed) });
    if (want > 0 && (r.stackHwm ?? 0) < recursed)
      out.push({ field: 'stack_hwm', expected: `>= ${recursed} (the recursion depth)`, actual: String(r.stackHwm ?? 'missing') });
    const iters = r.values.loop_iters;
    const ticks = r.values.loop_cycles;
    if (iters === undefined || ticks === undefined) out.push({ field: 'loop_cycles', expected: 'present', actual: 'missing' });
    else if (ctx.cycleInfo.unit === 'instructions') {
      // Instruction-counting targets must read the known loop back within 1%.
      const want = iters * LOOP_INSNS_PER_ITER;
      const got = ticks * ctx.cycleInfo.factor;
      if (Math.abs(got - want) > want * LOOP_TOLERANCE)
        out.push({ field: 'loop_cycles', expected: `${want} instructions ±${LOOP_TOLERANCE * 100}%`, actual: `${Math.round(got)} (${ticks} ticks × ${ctx.cycleInfo.factor})` });
    }
    return out;
  },
};
