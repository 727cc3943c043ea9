/** synth with the real engines (espeak-ng, flite, festival, sox), on tiny specs. */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadScenario } from '../../src/config/index.js';
import { decodeWav } from '../../src/inputs/wav.js';
import { resolveInputs } from '../../src/inputs/resolve.js';
import { planClips, resolveSpec, synthesize, type SynthRequest } from '../../src/synth/index.js';
import { rmsOf } from '../../src/synth/noise.js';
import { ROOT } from '../helpers/cli.js';

const tiny: SynthRequest = { split: 'train', words: ['yes', 'no'], voices: ['flite:awb', 'espeak-ng:en-us+m1'], perWord: 2 };

t.test('two empty caches, same seed: identical bytes; another seed: other clips', async (t) => {
  const dir = t.testdir({});
  const spec = await resolveSpec(tiny);
  const [a, b, c] = await Promise.all([
    synthesize(spec, { cacheDir: path.join(dir, 'a') }),
    synthesize(spec, { cacheDir: path.join(dir, 'b') }),
    synthesize(await resolveSpec({ ...tiny, seed: 99 }), { cacheDir: path.join(dir, 'c') }),
  ]);
  t.equal(a.generated, 4);
  t.equal(b.generated, 4);
  t.same(a.clips.map((x) => [x.rel, x.sha256]), b.clips.map((x) => [x.rel, x.sha256]));
  for (const [i, x] of a.clips.entries()) t.ok(readFileSync(x.file).equals(readFileSync(b.clips[i]!.file)), `${x.rel} bytes`);
  const seen = new Set(a.clips.map((x) => x.sha256));
  t.notOk(c.clips.some((x) => seen.has(x.sha256)), 'seed 99 gives other clips');
  t.notOk(c.clips.some((x) => a.clips.some((y) => y.rel === x.rel)), 'with other names');
  const warm = await synthesize(spec, { cacheDir: path.join(dir, 'a') });
  t.equal(warm.generated, 0, 'a warm cache generates nothing');
  t.equal(warm.cached, 4);
  t.same(warm.clips.map((x) => x.sha256), a.clips.map((x) => x.sha256));
});

t.test('every engine gives a 16000-sample clip with the word inside the window', async (t) => {
  const dir = t.testdir({});
  const voices = ['espeak-ng:en-us+m1', 'espeak-ng:en-gb-scotland+whisper', 'flite:kal', 'flite:slt', 'festival:kal_diphone', 'festival:cmu_us_slt_arctic_hts', 'festival:czech_dita', 'festival:hy_fi_mv_diphone', 'festival:pc_diphone'];
  const results = await Promise.all(
    voices.map(async (v) => synthesize(await resolveSpec({ voices: [v], words: ['left', '_unknown_'], perWord: 1, snrDb: { min: 30, max: 30 } }), { cacheDir: dir, workers: 1 })),
  );
  for (const [i, r] of results.entries()) {
    for (const c of r.clips) {
      const what = `${voices[i]} ${c.rel}`;
      t.equal(c.plan.voice?.id, voices[i], `${what}: spoken by the voice asked for`);
      const x = decodeWav(readFileSync(c.file), c.file, 16000);
      t.equal(x.length, 16000, `${what}: exactly 1 s at 16 kHz`);
      const [from, to] = c.span!;
      t.ok(from >= 0 && to <= 16000 && to - from > 1600, `${what}: the word (${from}..${to}) is inside the window`);
      t.equal(c.offsetMs, Math.round(from / 16));
      const f = Float64Array.from(x, (v) => v / 32768);
      const inside = rmsOf(f, from, to);
      const outside = Math.sqrt((rmsOf(f, 0, from) ** 2 * from + rmsOf(f, to, 16000) ** 2 * (16000 - to)) / (16000 - (to - from)));
      t.ok(20 * Math.log10(inside / outside) > 20, `${what}: the word is ${(20 * Math.log10(inside / outside)).toFixed(1)} dB above the noise floor`);
    }
  }
});

t.test('band-limiting and reverb work at every voice\'s rate (flite kal is 8 kHz, the HTS voice 32 kHz)', async (t) => {
  const text = readFileSync(path.join(ROOT, 'scenarios', 'kws', 'dataset.yaml'), 'utf8').replace(/bandlimit: [\d.]+/, 'bandlimit: 1').replace(/reverb: [\d.]+/, 'reverb: 1');
  const dir = t.testdir({ 'dataset.yaml': text, 'speakers.yaml': readFileSync(path.join(ROOT, 'scenarios', 'kws', 'speakers.yaml'), 'utf8') });
  const spec = await resolveSpec({ dataset: path.join(dir, 'dataset.yaml'), voices: ['flite:kal', 'festival:cmu_us_slt_arctic_hts', 'espeak-ng:en-us+m1'], words: ['go', 'stop', 'off'], perWord: 3 });
  const r = await synthesize(spec, { cacheDir: path.join(dir, 'cache') });
  t.equal(r.clips.length, 9);
  t.same([...new Set(r.clips.map((c) => c.plan.voice!.id))].sort(), ['espeak-ng:en-us+m1', 'festival:cmu_us_slt_arctic_hts', 'flite:kal'], 'every voice used');
  for (const c of r.clips) {
    t.ok(c.plan.bandlimit && c.plan.reverb !== undefined, `${c.rel}: band-limited and reverberant`);
    t.equal(decodeWav(readFileSync(c.file), c.file, 16000).length, 16000);
  }
});

const scenario = (inputs: string, labels = '[yes, no, up, down, left, right, on, off, stop, go, _silence_, _unknown_]') => `name: kws-synth
platform: mps2-an386
firmware: { app: selftest }
labels: ${labels}
inputs:
${inputs}
`;

async function resolveScenario(file: string, cache: string) {
  const loaded = await loadScenario(file, { platformDirs: [path.join(ROOT, 'platforms')] });
  return resolveInputs(loaded.scenario.inputs, { baseDir: loaded.dir, labels: loaded.scenario.labels, errorAt: loaded.errorAt, synthCache: cache, synthProgress: false });
}

t.test('the committed test set regenerates to its committed hashes (a subset of it)', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario('  - synth: { split: test, per_word: 1 }\n    args: { gain: 1 }') });
  const refs = await resolveScenario(path.join(dir, 's.yaml'), path.join(dir, 'cache'));
  t.equal(refs.length, 13, '10 keywords, 1 _silence_, 2 _unknown_');
  t.ok(refs.every((r) => /^synth\/[a-z_]+\/[a-z_]+-\d{4}-[0-9a-f]{8}\.wav$/.test(r.id)), 'ids synth/<label>/<name>.wav');
  t.same(refs[0]!.args, { gain: 1 });
  t.same([...new Set(refs.map((r) => r.label))].sort(), ['_silence_', '_unknown_', 'down', 'go', 'left', 'no', 'off', 'on', 'right', 'stop', 'up', 'yes']);
});

t.test('a clip that no longer matches its hash is a located bad-input error', async (t) => {
  const spec = await resolveSpec({ split: 'test', words: ['yes'], perWord: 1 });
  const [plan] = planClips(spec);
  const dir = t.testdir({
    's.yaml': scenario('  - synth:\n      split: test\n      words: [yes]\n      per_word: 1\n      hashes: recorded.sha256'),
    'recorded.sha256': `${'0'.repeat(64)}  yes/${plan!.name}.wav\n`,
    'nolabel.yaml': scenario('  - synth: { split: test, per_word: 1 }', '[yes, no, up, down, left, right, on, off, stop, go, _unknown_]'),
    'badvoice.yaml': scenario('  - synth: { split: test, voices: [kal], per_word: 1 }'),
  });
  await t.rejects(resolveScenario(path.join(dir, 's.yaml'), path.join(dir, 'cache')), {
    message: new RegExp(`s\\.yaml:10:15: inputs\\[0\\]\\.synth: 1 of 1 clips differ from .*recorded\\.sha256: yes/${plan!.name}\\.wav\\. The speech engine output changed \\(espeak-ng 1\\.51`),
  });
  writeFileSync(path.join(dir, 'recorded.sha256'), `${'0'.repeat(64)}  yes/other.wav\n`);
  await t.rejects(resolveScenario(path.join(dir, 's.yaml'), path.join(dir, 'cache')), { message: /s\.yaml:10:15: inputs\[0\]\.synth: 1 clips are not in/ });
  await t.rejects(resolveScenario(path.join(dir, 'nolabel.yaml'), path.join(dir, 'cache')), {
    message: /nolabel\.yaml:6:12: inputs\[0\]\.synth generates "_silence_" clips, but "_silence_" is not one of the scenario's labels/,
  });
  await t.rejects(resolveScenario(path.join(dir, 'badvoice.yaml'), path.join(dir, 'cache')), {
    message: /badvoice\.yaml:6:35: inputs\[0\]\.synth\.voices: "kal" is in the train split, not test/,
  });
});
