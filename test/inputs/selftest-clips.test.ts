import t from 'tap';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveInputs } from '../../src/inputs/resolve.js';
import { SELFTEST_LABELS, selftestClips, writeSelftestClips } from '../../src/inputs/selftest-clips.js';
import { encodeWav, loadClip } from '../../src/inputs/wav.js';
import { errorAt } from './fixtures/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'scenarios', 'clips', 'selftest');

/** The selftest firmware's rule, re-implemented: Σ|x| of each quarter. */
function segmentSums(x: Int16Array): number[] {
  const n = x.length;
  return [0, 1, 2, 3].map((k) => {
    let s = 0;
    for (let i = Math.floor((k * n) / 4); i < Math.floor(((k + 1) * n) / 4); i++) s += Math.abs(x[i]!);
    return s;
  });
}

t.test('the committed clips are exactly what the generator makes, and nothing else', async (t) => {
  const gen = selftestClips();
  t.equal(gen.length, 12);
  const onDisk = (await readdir(committed, { recursive: true })).filter((f) => f.endsWith('.wav')).map((f) => f.split(path.sep).join('/')).sort();
  t.same(onDisk, gen.map((c) => c.file).sort());
  for (const c of gen) {
    const bytes = await readFile(path.join(committed, c.file));
    t.ok(Buffer.from(encodeWav(c.samples, 16000)).equals(bytes), `${c.file} matches the generator (regenerate: scripts/gen-selftest-clips.ts)`);
  }
  const tmp = t.testdir({});
  const written = await writeSelftestClips(tmp);
  for (const f of written) t.ok((await readFile(f)).equals(await readFile(path.join(committed, path.relative(tmp, f)))), `writeSelftestClips: ${path.relative(tmp, f)}`);
});

t.test('every committed clip loads and is classified as its label by the segment rule', async (t) => {
  const refs = await resolveInputs([{ folder: 'clips/selftest' }], { baseDir: path.join(root, 'scenarios'), labels: SELFTEST_LABELS, errorAt });
  t.equal(refs.length, 12);
  for (const ref of refs) {
    const clip = await loadClip(ref, { sampleRate: 16000 });
    t.equal(clip.samples.length, 16000);
    const sums = segmentSums(clip.samples);
    const k = Number(ref.label!.slice(3));
    const best = sums.indexOf(Math.max(...sums));
    t.equal(`seg${best}`, ref.label, `${ref.id}: sums ${sums.join(' ')}`);
    const others = sums.filter((_, i) => i !== k);
    t.ok(sums[k]! > 4 * Math.max(...others), `${ref.id}: clear margin`);
    const seg = clip.samples.length / 4;
    const quiet = clip.samples.filter((_, i) => Math.floor(i / seg) !== k);
    t.ok(quiet.every((v) => Math.abs(v) <= 300), `${ref.id}: only low noise outside segment ${k}`);
  }
});

t.test('together the clips carry the edge values the link must survive', async (t) => {
  const clips = selftestClips();
  const extremes = clips.filter((c) => c.samples.includes(-32768) && c.samples.includes(32767));
  t.ok(extremes.length >= 1, `both -32768 and 32767 in ${extremes.map((c) => c.file).join()}`);
  const longestZeroRun = (x: Int16Array) => {
    let best = 0;
    let run = 0;
    for (const v of x) best = Math.max(best, (run = v === 0 ? run + 1 : 0));
    return best;
  };
  t.ok(clips.some((c) => longestZeroRun(c.samples) >= 1000), 'a run of 1000+ zero samples');
  const count0001 = (x: Int16Array) => {
    const b = Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    let n = 0;
    for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0 && b[i + 1] === 1) n++;
    return n;
  };
  t.ok(clips.some((c) => count0001(c.samples) >= 1000), 'many 00 01 byte pairs');
  const peaks = new Set(clips.map((c) => Math.max(...Array.from(c.samples, Math.abs))));
  t.ok(peaks.size >= 3, 'amplitudes vary between clips');
});
