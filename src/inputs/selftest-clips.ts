/**
 * The selftest fixture clips (scenarios/clips/selftest/<label>/<label>-<n>.wav).
 *
 * The selftest firmware "classifies" a clip by splitting it into 4 equal segments and
 * predicting the one with the largest Σ|x|, so a `segK` clip is low noise (|x| ≤ 300)
 * with a tone burst (300-3000 Hz, varied amplitude, position and length) inside segment
 * K. Some clips also carry the values that stress the link:
 * - seg0-1: samples 6000..15999 are exactly 0 (long runs of 0x00 bytes for COBS);
 * - seg2-0: outside the burst, samples alternate 256, 1 (bytes 00 01 01 00 ...);
 * - seg3-2: the burst is clipped, so it holds both -32768 and 32767.
 *
 * Only integer PRNG steps and + - * / are used (no Math.sin, whose last bit is not
 * specified), so the bytes are the same on every machine: a test regenerates them and
 * compares with the committed files.
 */
import path from 'node:path';
import { mulberry32 } from './prng.js';
import { writeWav } from './wav.js';

export const SELFTEST_LABELS = ['seg0', 'seg1', 'seg2', 'seg3'];
export const SELFTEST_RATE = 16000;
export const SELFTEST_LENGTH = 16000;
const PER_LABEL = 3;

/** One generated clip; `file` is relative to the clip folder, `/`-separated. */
export interface SelftestClip {
  label: string;
  file: string;
  samples: Int16Array;
}

/** sin(2πp) for p in [0, 1), by Bhaskara I's rational approximation (max error 0.0016). */
function sine(p: number): number {
  const t = p < 0.5 ? 2 * p : 2 * p - 1;
  const s = (16 * t * (1 - t)) / (5 - 4 * t * (1 - t));
  return p < 0.5 ? s : -s;
}

/** All 12 clips, in label then index order. Deterministic. */
export function selftestClips(): SelftestClip[] {
  const seg = SELFTEST_LENGTH / 4;
  const out: SelftestClip[] = [];
  for (let k = 0; k < 4; k++) {
    for (let j = 0; j < PER_LABEL; j++) {
      const c = k * PER_LABEL + j;
      const freq = 300 + 245 * c; // 300 .. 2995 Hz
      const amp = c === 11 ? 45000 : [6000, 12000, 20000][j]!;
      const noise = [300, 150, 60][j]!;
      const start = k * seg + 200 + 300 * j;
      const end = start + 3000 - 500 * j;
      const rand = mulberry32(0x5e1f + c);
      const x = new Int16Array(SELFTEST_LENGTH);
      for (let n = 0; n < x.length; n++) {
        let v = Math.floor(rand() * (2 * noise + 1)) - noise;
        if (c === 1 && n >= 6000) v = 0;
        if (c === 6 && (n < k * seg || n >= (k + 1) * seg)) v = n % 2 === 0 ? 256 : 1;
        if (n >= start && n < end) {
          const env = Math.min(1, (n - start) / 160, (end - 1 - n) / 160);
          v += amp * env * sine(((n * freq) % SELFTEST_RATE) / SELFTEST_RATE);
        }
        x[n] = Math.max(-32768, Math.min(32767, Math.round(v)));
      }
      out.push({ label: SELFTEST_LABELS[k]!, file: `${SELFTEST_LABELS[k]}/${SELFTEST_LABELS[k]}-${j}.wav`, samples: x });
    }
  }
  return out;
}

/** Write the clips under `dir`; returns the files written. */
export async function writeSelftestClips(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const clip of selftestClips()) {
    const file = path.join(dir, ...clip.file.split('/'));
    await writeWav(file, clip.samples, SELFTEST_RATE);
    files.push(file);
  }
  return files;
}
