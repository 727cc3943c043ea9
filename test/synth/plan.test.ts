/** The parts of synth that need no speech engine: definition, split, plans, noise, mixing, hashes. */
import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDataset, DEFAULT_DATASET, SILENCE, UNKNOWN } from '../../src/synth/dataset.js';
import { resolveSpec, SynthOptionError } from '../../src/synth/generate.js';
import { audioParams, planClips } from '../../src/synth/plan.js';
import { compose, quantise, snrDb, speechSpan, CLIP_SAMPLES } from '../../src/synth/audio.js';
import { makeNoise, rmsOf, NOISE_KINDS } from '../../src/synth/noise.js';
import { checkHashes, formatHashes, hashProblem, readHashes } from '../../src/synth/hashes.js';
import { parseRange } from '../../src/synth/range.js';
import { catalogueVoiceIds, ESPEAK_VARIANTS, selectVoices, spokenText } from '../../src/synth/voices.js';
import type { ClipPlan } from '../../src/synth/plan.js';
import type { SynthClip } from '../../src/synth/generate.js';

t.test('speaker split: disjoint by person, complete over every voice synth can use', async (t) => {
  const ds = await loadDataset();
  const ids = ds.voices.map((v) => v.id);
  t.same(ids, [...new Set(ids)], 'no voice is listed twice');
  t.same(ids, catalogueVoiceIds(), 'every espeak-ng accent × variant, flite and festival voice has a person and a split');
  const splitOf = new Map<string, string>();
  for (const v of ds.voices) {
    const s = splitOf.get(v.person);
    if (s !== undefined) t.equal(v.split, s, `${v.person} is in one split only`);
    splitOf.set(v.person, v.split);
  }
  const persons = (split: string) => new Set(ds.voices.filter((v) => v.split === split).map((v) => v.person));
  const [train, val, test] = ['train', 'val', 'test'].map(persons) as [Set<string>, Set<string>, Set<string>];
  for (const p of test) t.notOk(train.has(p) || val.has(p), `test person ${p} is not in train or val`);
  for (const p of val) t.notOk(train.has(p), `val person ${p} is not in train`);
  // The same real person behind several Debian voices is one person.
  const personOf = (id: string) => ds.voices.find((v) => v.id === id)?.person;
  t.equal(personOf('flite:slt'), personOf('festival:cmu_us_slt_arctic_hts'));
  t.equal(personOf('flite:kal'), personOf('festival:kal_diphone'));
  t.equal(personOf('flite:kal16'), personOf('flite:kal'));
  // espeak-ng: the variant is the person, whatever the accent; caleb renders bit-identical to klatt6.
  t.equal(personOf('espeak-ng:en-us+m3'), personOf('espeak-ng:en-gb-scotland+m3'));
  t.equal(personOf('espeak-ng:en-us+caleb'), personOf('espeak-ng:en-us+klatt6'));
  const recordedTest = ds.voices.filter((v) => v.split === 'test' && v.kind === 'recorded');
  t.ok(recordedTest.length >= 1, 'at least one recorded person is held out for test');
  const recordedTrain = new Set(ds.voices.filter((v) => v.split === 'train' && v.kind === 'recorded').map((v) => v.person));
  t.ok(recordedTrain.size >= 3, 'training keeps several recorded persons');
  t.ok(ds.voices.some((v) => v.split === 'val'), 'val has persons of its own');
});

t.test('non-English recorded voices say the keywords respelt; English ones say the word', async (t) => {
  t.equal(spokenText('festival:czech_dita', 'right'), 'rajt', 'Czech: "rajt"');
  t.equal(spokenText('festival:pc_diphone', 'yes'), 'ies', 'Italian: "ies"');
  t.equal(spokenText('festival:czech_dita', 'marvin'), 'marvin', 'an _unknown_ word keeps its spelling');
  t.equal(spokenText('festival:ked_diphone', 'right'), 'right', 'English voices say the word');
  const plan = { label: 'right', index: 0, name: '', seed: 1, word: 'right', speed: 1, pitch: 0, levelDb: -20, snrDb: 20, noise: { kind: 'white', seed: 1 } };
  const en = audioParams({ ...plan, voice: { id: 'festival:ked_diphone', engine: 'festival', name: 'ked_diphone', person: 'ked', speedBy: 'engine', pitchBy: 'sox' } } as ClipPlan);
  const cs = audioParams({ ...plan, voice: { id: 'festival:czech_dita', engine: 'festival', name: 'czech_dita', person: 'dita', speedBy: 'engine', pitchBy: 'sox' } } as ClipPlan);
  t.notOk('text' in (en.voice as object), 'no text key for English voices (their clip names and cache stay as they were)');
  t.equal((cs.voice as { text?: string }).text, 'rajt', 'the respelling is part of the clip\'s identity');
});

t.test('person weights: weighted persons speak in proportion; unweighted splits pick uniformly', async (t) => {
  const ds = await loadDataset();
  const spec = await resolveSpec({ split: 'train', words: ['yes'], perWord: 4000 });
  const plans = planClips(spec).filter((p) => p.voice && spec.voices.find((v) => v.id === p.voice!.id)?.kind === 'recorded');
  const count = (person: string) => plans.filter((p) => p.voice!.person === person).length;
  const weighted = ds.voices.filter((v) => v.split === 'train' && v.kind === 'recorded' && v.weight !== undefined).map((v) => v.person);
  t.ok(weighted.length >= 4, `weighted persons in train (${weighted.join(', ')})`);
  for (const p of weighted) {
    const ratio = count(p) / count('kal');
    t.ok(ratio > 0.15 && ratio < 0.37, `${p} speaks about a quarter as often as kal (${ratio.toFixed(2)})`);
  }
  const share = plans.length / planClips(spec).length;
  t.ok(Math.abs(share - (ds.def.splits.train.recorded_share ?? 0)) < 0.03, `train's own recorded share (${share.toFixed(3)})`);
});

const VARIANTS_DIR = '/usr/lib/x86_64-linux-gnu/espeak-ng-data/voices/!v';
t.test('the variant list matches the installed espeak-ng data', { skip: existsSync(VARIANTS_DIR) ? false : 'espeak-ng-data not installed here' }, async (t) => {
  t.same(readdirSync(VARIANTS_DIR).sort(), [...ESPEAK_VARIANTS].sort());
});

t.test('the dataset: 10 keywords, no keyword homophones among the unknown words', async (t) => {
  const ds = await loadDataset();
  t.same(ds.def.keywords, ['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go']);
  t.same(ds.labels.slice(-2), [SILENCE, UNKNOWN]);
  for (const w of ['know', 'now', 'own', 'write', 'of', 'top', 'goal', 'one', 'yet', 'so']) t.notOk(ds.def.unknown.words.includes(w), `no "${w}"`);
  t.ok(ds.def.splits.test.per_word >= 40, 'at least 40 clips per class in the test set');
  t.equal(path.basename(ds.hashes.test ?? ''), 'testset.sha256');
});

t.test('plans: a function of (seed, label, index) only', async (t) => {
  const spec = await resolveSpec({ split: 'train', perWord: 5 });
  const all = planClips(spec);
  t.equal(all.length, 5 * 10 + 5 + 10, '5 per keyword, 5 _silence_, 10 _unknown_');
  const fewer = planClips({ ...spec, perWord: 3 });
  const byName = new Set(all.map((p) => p.name));
  t.ok(fewer.every((p) => byName.has(p.name)), 'a smaller per_word is a subset');
  const one = planClips({ ...spec, labels: ['stop'] });
  t.same(one, all.filter((p) => p.label === 'stop'), 'one label alone plans the same clips');
  t.same(planClips(spec), all, 'the same spec plans the same clips');
  const other = planClips({ ...spec, seed: spec.seed + 1 });
  t.notOk(other.some((p) => byName.has(p.name)), 'another seed plans other clips');
  t.equal(new Set(all.map((p) => p.name)).size, all.length, 'names are unique');
  const speaking = all.filter((p) => p.voice);
  t.ok(speaking.every((p) => p.voice && spec.voices.some((v) => v.id === p.voice!.id && v.split === 'train')), 'train clips use train voices only');
  for (const p of all) {
    t.ok(/^[a-z_]+-\d{4}-[0-9a-f]{8}$/.test(p.name), p.name);
    if (p.label === SILENCE) t.notOk(p.voice);
    else if (p.label === UNKNOWN) t.ok(spec.dataset.def.unknown.words.includes(p.word!));
    else t.equal(p.word, p.label);
  }
});

t.test('request errors name the option', async (t) => {
  const err = async (req: Parameters<typeof resolveSpec>[0]) => {
    try {
      await resolveSpec(req);
    } catch (e) {
      t.type(e, SynthOptionError);
      return e as SynthOptionError;
    }
    throw new Error('no error');
  };
  t.match(await err({ split: 'train', voices: ['m3'] }), { key: 'voices', message: /"m3" is in the test split, not train/ });
  t.match(await err({ split: 'train', voices: ['flite:kall'] }), { key: 'voices', message: /matches no voice/ });
  t.match(await err({ split: 'train', words: ['yess'] }), { key: 'words', message: /did you mean "yes"/ });
  t.match(await err({ split: 'train', words: ['bird'] }), { key: 'words', message: /one of the _unknown_ words/ });
  t.match(await err({}), { key: 'split' });
  t.match(await err({ voices: ['m1'] }), { key: 'per_word' });
  const picked = selectVoices((await loadDataset()).voices, ['espeak-ng:*+f2', 'festival']);
  t.equal(picked.voices.filter((v) => v.engine === 'espeak-ng').length, 8, 'a pattern matches f2 in every accent');
  t.equal(picked.voices.filter((v) => v.engine === 'festival').length, 11, 'festival: 3 English and 8 Czech, Italian, Finnish voices');
});

t.test('a broken dataset definition is a located error', async (t) => {
  const dir = t.testdir({
    'dataset.yaml': (await import('node:fs')).readFileSync(DEFAULT_DATASET, 'utf8'),
    'speakers.yaml': 'accents: [en-us]\npersons:\n  a: { split: train, variants: [m1] }\n  b: { split: test, variants: [m1] }\n',
  });
  await t.rejects(loadDataset(path.join(dir, 'dataset.yaml')), { message: /speakers\.yaml:4:32: variant "m1" is listed twice: by a and by b/ });
  const dir2 = t.testdir({ 'dataset.yaml': 'keywords: [yes]\n' });
  await t.rejects(loadDataset(path.join(dir2, 'dataset.yaml')), { message: /dataset\.yaml:1:1: missing required key "unknown"/ });
});

t.test('ranges', async (t) => {
  t.same(parseRange('5..30'), { min: 5, max: 30 });
  t.same(parseRange(' -3 .. 3 '), { min: -3, max: 3 });
  t.same(parseRange(20), { min: 20, max: 20 });
  t.same(parseRange([1, 2]), { min: 1, max: 2 });
  t.match(parseRange('30..5'), /low to high/);
  t.match(parseRange('5-30'), /range like/);
});

t.test('noise: deterministic, RMS 1, different kinds differ', async (t) => {
  for (const k of NOISE_KINDS) {
    const bytes = (x: Float64Array) => Buffer.from(x.buffer);
    const a = makeNoise(k, 42, CLIP_SAMPLES);
    // Compare bytes: tap's deep comparison of 16000-element arrays is very slow.
    t.ok(bytes(a).equals(bytes(makeNoise(k, 42, CLIP_SAMPLES))), `${k} is deterministic`);
    t.notOk(bytes(a).equals(bytes(makeNoise(k, 43, CLIP_SAMPLES))), `${k} depends on the seed`);
    t.ok(Math.abs(rmsOf(a) - 1) < 1e-9, `${k} has RMS 1`);
  }
});

/** A voiced-speech-like test word: harmonics of 120 Hz under a syllable envelope. */
function word(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const env = Math.sin((Math.PI * i) / n) ** 2;
    let s = 0;
    for (let h = 1; h <= 12; h++) s += Math.sin((2 * Math.PI * 120 * h * i) / 16000) / h;
    return env * s;
  });
}

t.test('SNR mixing hits the requested SNR within 0.5 dB, after 16-bit quantisation', async (t) => {
  const speech = word(8000);
  for (const kind of NOISE_KINDS)
    for (const [snr, level] of [[5, -30], [20, -20], [30, -16], [0, -3]] as const) {
      const plan: ClipPlan = { label: 'yes', index: 0, name: 'yes-0000-test', seed: 1, word: 'yes', levelDb: level, snrDb: snr, noise: { kind, seed: 7 }, place: 0.3 };
      const c = compose(plan, speech);
      t.equal(c.samples.length, CLIP_SAMPLES);
      const from = c.offset!;
      const to = from + c.length!;
      // The noise as it is in the file: the quantised mix minus the placed speech.
      const mix = Float64Array.from(c.samples, (v) => v / 32767);
      const noise = mix.map((v, i) => v - c.speech![i]!);
      const got = snrDb(c.speech!, noise, from, to);
      t.ok(Math.abs(got - snr) < 0.5, `${kind} at ${snr} dB, level ${level} dBFS: measured ${got.toFixed(2)} dB`);
      if (level === -3) t.ok(Math.max(...c.samples.map(Math.abs)) <= 32767 * 0.981, 'a loud mix is scaled down, not clipped');
    }
});

t.test('silence clips are noise at the planned level; trimming finds the word', async (t) => {
  const plan: ClipPlan = { label: SILENCE, index: 0, name: 'pink-0000-test', seed: 1, levelDb: -40, noise: { kind: 'pink', seed: 3 } };
  const c = compose(plan);
  const level = 20 * Math.log10(rmsOf(Float64Array.from(c.samples, (v) => v / 32767)));
  t.ok(Math.abs(level + 40) < 0.1, `level ${level.toFixed(2)} dBFS`);
  const x = new Float64Array(16000);
  x.set(word(4000), 6000);
  const span = speechSpan(x);
  t.ok(span.start <= 6000 && span.start >= 5600, `start ${span.start}`);
  t.ok(span.end >= 10000 && span.end <= 10400, `end ${span.end}`);
  t.same([...quantise([1, -1, 2, 0.5 / 32767])], [32767, -32767, 32767, 1]);
});

t.test('hashes: format, check, the problem sentence', async (t) => {
  const clip = (rel: string, sha: string) => ({ rel, sha256: sha }) as SynthClip;
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  const text = formatHashes([clip('yes/y-0001-x.wav', b), clip('no/n-0000-x.wav', a)]);
  t.equal(text, `${a}  no/n-0000-x.wav\n${b}  yes/y-0001-x.wav\n`);
  const dir = t.testdir({ 'h.sha256': text, 'bad.sha256': `${a}  ok.wav\nnot a line\n` });
  const table = await readHashes(path.join(dir, 'h.sha256'));
  t.same(checkHashes([clip('no/n-0000-x.wav', a), clip('yes/y-0001-x.wav', a), clip('up/u.wav', a)], table), { checked: 2, changed: ['yes/y-0001-x.wav'], unlisted: ['up/u.wav'] });
  t.match(hashProblem({ checked: 2, changed: ['yes/y-0001-x.wav'], unlisted: [] }, 'h.sha256', ['espeak-ng 1.51']), /1 of 2 clips differ from h\.sha256: yes\/y-0001-x\.wav\. The speech engine output changed \(espeak-ng 1\.51\)/);
  t.match(hashProblem({ checked: 0, changed: [], unlisted: ['up/u.wav'] }, 'h.sha256', []), /not in h\.sha256.*hashes: false/);
  t.equal(hashProblem({ checked: 2, changed: [], unlisted: [] }, 'h', []), undefined);
  await t.rejects(readHashes(path.join(dir, 'bad.sha256')), { message: /bad\.sha256:2:1: expected/ });
});
