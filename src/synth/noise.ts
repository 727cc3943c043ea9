/**
 * Background noise, generated in TypeScript from the seeded PRNG so it is the
 * same on every machine: white, pink, brown, mains hum and a babble-like mix of
 * speech-shaped, syllable-modulated noise. Every generator returns `n` samples
 * with an RMS of exactly 1 (the caller scales to the wanted level).
 */
import { mulberry32 } from '../inputs/prng.js';
import type { NoiseKind } from './plan.js';

export const NOISE_KINDS: readonly NoiseKind[] = ['white', 'pink', 'brown', 'hum', 'babble'];

/** Standard normal samples (Box-Muller) from a mulberry32 stream. */
function gaussian(rand: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** `n` samples of `kind` noise at `rate` Hz, RMS 1, from `seed`. */
export function makeNoise(kind: NoiseKind, seed: number, n: number, rate = 16000): Float64Array {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  let x: Float64Array;
  switch (kind) {
    case 'white':
      x = Float64Array.from({ length: n }, g);
      break;
    case 'pink':
      x = pink(g, n);
      break;
    case 'brown': {
      x = new Float64Array(n);
      let b = 0;
      // Leaky integration: -6 dB/octave above ~8 Hz, no drift.
      for (let i = 0; i < n; i++) x[i] = b = 0.997 * b + 0.05 * g();
      break;
    }
    case 'hum': {
      x = new Float64Array(n);
      const f0 = rand() < 0.5 ? 50 : 60;
      const parts = Array.from({ length: 8 }, (_, k) => ({ f: f0 * (k + 1), a: (0.3 + rand()) / (k + 1), ph: 2 * Math.PI * rand() }));
      const floor = pink(g, n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (const p of parts) s += p.a * Math.sin((2 * Math.PI * p.f * i) / rate + p.ph);
        x[i] = s + 0.03 * floor[i]!;
      }
      break;
    }
    case 'babble':
      x = babble(rand, g, n, rate);
      break;
  }
  removeDc(x);
  return normalise(x);
}

/** Paul Kellet's pink filter (-3 dB/octave within 0.05 dB above 10 Hz at 16 kHz... close enough for noise). */
function pink(g: () => number, n: number): Float64Array {
  const x = new Float64Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (let i = 0; i < n; i++) {
    const w = g();
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  return x;
}

/**
 * Several "talkers": pink noise through two formant-like resonators whose centres
 * drift, switched on and off in syllable-length bursts (3-7 per second).
 */
function babble(rand: () => number, g: () => number, n: number, rate: number): Float64Array {
  const out = new Float64Array(n);
  const talkers = 3 + Math.floor(rand() * 5);
  for (let t = 0; t < talkers; t++) {
    const src = pink(g, n);
    const f1 = 300 + rand() * 500;
    const f2 = 900 + rand() * 1600;
    const y = resonate(resonate(src, f1, 80 + rand() * 80, rate, rand), f2, 120 + rand() * 150, rate, rand);
    // Syllable envelope: raised-cosine bursts of 80-250 ms separated by 20-200 ms gaps.
    const env = new Float64Array(n);
    let i = Math.floor(rand() * rate * 0.2);
    while (i < n) {
      const len = Math.floor((0.08 + rand() * 0.17) * rate);
      const amp = 0.4 + rand() * 0.6;
      for (let k = 0; k < len && i + k < n; k++) env[i + k] = amp * 0.5 * (1 - Math.cos((2 * Math.PI * k) / len));
      i += len + Math.floor((0.02 + rand() * 0.18) * rate);
    }
    const gain = (0.5 + rand()) / Math.max(1e-9, rmsOf(y));
    for (let k = 0; k < n; k++) out[k]! += gain * env[k]! * y[k]!;
  }
  return out;
}

/** A two-pole resonator at `f` Hz with bandwidth `bw`, its centre wandering by up to ±15%. */
function resonate(x: Float64Array, f: number, bw: number, rate: number, rand: () => number): Float64Array {
  const y = new Float64Array(x.length);
  const r = Math.exp((-Math.PI * bw) / rate);
  const drift = 0.5 + rand() * 2;
  const phase = 2 * Math.PI * rand();
  let y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const fc = f * (1 + 0.15 * Math.sin((2 * Math.PI * drift * i) / rate + phase));
    const c = 2 * r * Math.cos((2 * Math.PI * fc) / rate);
    const v = x[i]! + c * y1 - r * r * y2;
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}

function removeDc(x: Float64Array): void {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length || 1;
  for (let i = 0; i < x.length; i++) x[i]! -= m;
}

export function rmsOf(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return to > from ? Math.sqrt(s / (to - from)) : 0;
}

function normalise(x: Float64Array): Float64Array {
  const r = rmsOf(x);
  if (r > 0) for (let i = 0; i < x.length; i++) x[i]! /= r;
  return x;
}
