/**
 * From rendered speech to the final 1 s clip: trim the silence the engine put
 * around the word, scale it to the planned level, place it in the window, add the
 * background noise at the planned SNR, and quantise to 16 bits.
 *
 * SNR here is the speech's mean power over the spoken span (the trimmed word)
 * against the noise's mean power over the whole window, in dB.
 */
import { makeNoise, rmsOf } from './noise.js';
import type { ClipPlan } from './plan.js';

export const RATE = 16000;
/** Samples in a clip: exactly 1 s. */
export const CLIP_SAMPLES = 16000;
/** The longest a spoken word may be (longer words are sped up to fit): 0.95 s leaves room to move it. */
export const MAX_SPEECH = 15200;
/** What a too-long word is sped up to. */
export const TARGET_SPEECH = 14400;

const FRAME = 160; // 10 ms
/** Frames quieter than this far below the loudest frame are silence. */
const TRIM_DB = 40;
/** Kept around the spoken part so onsets and releases are not cut. */
const PAD = 160;

/** The spoken span of `x`: first to last frame within 40 dB of the loudest, plus 10 ms each side. */
export function speechSpan(x: ArrayLike<number>): { start: number; end: number } {
  const frames = Math.ceil(x.length / FRAME);
  const e: number[] = [];
  for (let f = 0; f < frames; f++) e.push(rmsOf(x, f * FRAME, Math.min(x.length, (f + 1) * FRAME)));
  const peak = Math.max(0, ...e);
  if (peak <= 1e-6) return { start: 0, end: 0 };
  const thr = peak * 10 ** (-TRIM_DB / 20);
  const first = e.findIndex((v) => v >= thr);
  let last = frames - 1;
  while (last > first && e[last]! < thr) last--;
  return { start: Math.max(0, first * FRAME - PAD), end: Math.min(x.length, (last + 1) * FRAME + PAD) };
}

/** The clip and its parts (for tests and the manifest). */
export interface Composed {
  samples: Int16Array;
  /** First sample of the word in the window (absent for _silence_). */
  offset?: number;
  /** Length of the word, samples. */
  length?: number;
  /** The scaled speech and noise as placed in the window, before quantisation (float, full scale 1). */
  speech?: Float64Array;
  noise: Float64Array;
}

/**
 * Builds the clip of `plan` from its trimmed `speech` (16 kHz, at most
 * {@link MAX_SPEECH} samples; absent for _silence_).
 */
export function compose(plan: ClipPlan, speech?: ArrayLike<number>): Composed {
  const noise = makeNoise(plan.noise.kind, plan.noise.seed, CLIP_SAMPLES);
  if (!speech) {
    const g = 10 ** (plan.levelDb / 20);
    for (let i = 0; i < noise.length; i++) noise[i]! *= g;
    return { samples: quantise(noise), noise };
  }
  if (speech.length > CLIP_SAMPLES) throw new Error(`${plan.name}: the word is ${speech.length} samples, longer than the clip`);
  const srms = rmsOf(speech);
  if (!(srms > 0)) throw new Error(`${plan.name}: the engine produced silence for ${JSON.stringify(plan.word)}`);
  const target = 10 ** (plan.levelDb / 20);
  const offset = Math.round((plan.place ?? 0.5) * (CLIP_SAMPLES - speech.length));
  const s = new Float64Array(CLIP_SAMPLES);
  for (let i = 0; i < speech.length; i++) s[offset + i] = (speech[i]! * target) / srms;
  const ng = target / 10 ** ((plan.snrDb ?? 100) / 20);
  for (let i = 0; i < noise.length; i++) noise[i]! *= ng;
  let peak = 0;
  for (let i = 0; i < CLIP_SAMPLES; i++) peak = Math.max(peak, Math.abs(s[i]! + noise[i]!));
  // Too loud for 16 bits: lower both together, so the SNR stays as planned.
  if (peak > 0.98) {
    const k = 0.98 / peak;
    for (let i = 0; i < CLIP_SAMPLES; i++) {
      s[i]! *= k;
      noise[i]! *= k;
    }
  }
  const mix = new Float64Array(CLIP_SAMPLES);
  for (let i = 0; i < CLIP_SAMPLES; i++) mix[i] = s[i]! + noise[i]!;
  return { samples: quantise(mix), offset, length: speech.length, speech: s, noise };
}

/** Float (full scale 1) → int16, rounding to nearest, clamped. */
export function quantise(x: ArrayLike<number>): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(x[i]! * 32767)));
  return out;
}

/** SNR in dB of `speech` over [from, to) against `noise` over all of it. */
export function snrDb(speech: ArrayLike<number>, noise: ArrayLike<number>, from: number, to: number): number {
  return 20 * Math.log10(rmsOf(speech, from, to) / rmsOf(noise));
}
