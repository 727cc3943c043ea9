/** `hil synth` and a scenario with a synth input, as a user runs them (the built CLI). */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../../src/inputs/wav.js';
import { runCli } from '../helpers/cli.js';

const TINY = ['synth', '--split', 'train', '--words', 'yes,no', '--voices', 'flite:awb,espeak-ng:en-us+m1', '--per-word', '2'];

t.test('hil synth on a tiny spec: clips, manifest, then a warm cache generates nothing', async (t) => {
  const dir = t.testdir({});
  const out = path.join(dir, 'out');
  const cache = path.join(dir, 'cache');
  const r = await runCli([...TINY, '--out', out, '--cache', cache]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, /synth: split train: 2 labels × 2\/word, 2 voices of 2 persons, seed 1001/);
  t.match(r.stderr, /synth: 4 clips: 4 generated, 0 cached/);
  t.match(r.stderr, /synth: 4\/4 clips \(0 cached\) \| [\d.]+ clips\/s \| ETA/, 'plain progress lines when not a terminal');
  t.notMatch(r.stderr, /\x1b/, 'no escape codes when not a terminal');
  t.match(r.stdout, /train: 4 clips in .*out, manifest .*manifest\.csv/);
  const lines = readFileSync(path.join(out, 'manifest.csv'), 'utf8').trim().split('\n');
  t.equal(lines[0], 'path,label,person,engine,voice,speed,pitch,snr_db,offset_ms,seed');
  t.equal(lines.length, 5);
  for (const line of lines.slice(1)) {
    const [rel, label, person, engine, voice, speed, pitch, snr, offset, seed] = line.split(',');
    t.match(rel, new RegExp(`^${label}/${label}-\\d{4}-[0-9a-f]{8}\\.wav$`));
    t.ok(['awb', 'm1'].includes(person!), String(person));
    t.ok(['flite', 'espeak-ng'].includes(engine!));
    t.ok(voice);
    t.ok(Number(speed) >= 0.8 && Number(speed) <= 1.3);
    t.ok(Math.abs(Number(pitch)) <= 3);
    t.ok(Number(snr) >= 5 && Number(snr) <= 30);
    t.ok(Number(offset) >= 0 && Number(offset) < 1000);
    t.equal(seed, '1001');
    t.equal(decodeWav(readFileSync(path.join(out, rel!)), rel!, 16000).length, 16000);
  }
  const again = await runCli([...TINY, '--out', path.join(dir, 'out2'), '--cache', cache]);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stderr, /synth: 4 clips: 0 generated, 4 cached/);
  t.equal(readFileSync(path.join(dir, 'out2', 'manifest.csv'), 'utf8'), readFileSync(path.join(out, 'manifest.csv'), 'utf8'));
});

t.test('bad options exit 2; a missing engine exits 3 naming the install command', async (t) => {
  const dir = t.testdir({});
  const bad = await runCli(['synth', '--split', 'train', '--voices', 'f2', '--out', dir]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /hil synth: --voices: "f2" is in the test split, not train/);
  const range = await runCli(['synth', '--snr-db', '30..5', '--out', dir]);
  t.equal(range.code, 2);
  t.match(range.stderr, /--snr-db.*low to high/);
  const noOut = await runCli(['synth', '--split', 'test']);
  t.equal(noOut.code, 2);
  t.match(noOut.stderr, /--out <dir> is required/);
  const gated = await runCli(['synth', '--split', 'test', '--update-hashes', '--voices', 'ked']);
  t.equal(gated.code, 2);
  t.match(gated.stderr, /records the set as defined .*drop --voices/);
  const missing = await runCli([...TINY, '--out', dir, '--cache', path.join(dir, 'c')], { env: { PATH: path.join(dir, 'empty-path') } });
  t.equal(missing.code, 3, missing.stderr);
  t.match(missing.stderr, /hil synth: missing espeak-ng \(install: sudo apt-get install -y espeak-ng\);.* sox \(install: sudo apt-get install -y sox\)/);
  t.notOk(existsSync(path.join(dir, 'manifest.csv')));
});

t.test('hil validate on a scenario with a synth input', async (t) => {
  const dir = t.testdir({
    's.yaml': `name: kws-synth
platform: mps2-an386
firmware: { app: selftest }
labels: [yes, no, up, down, left, right, on, off, stop, go, _silence_, _unknown_]
inputs:
  - synth: { split: test, words: [yes, _silence_], per_word: 2 }
`,
    'bad.yaml': `name: kws-synth
platform: mps2-an386
firmware: { app: selftest }
labels: [yes, no]
inputs:
  - synth: { split: test, words: [yes], per_word: 0, snr_db: "5...30" }
`,
  });
  const env = { TINYHIL_SYNTH_CACHE: path.join(dir, 'cache') };
  const ok = await runCli(['validate', path.join(dir, 's.yaml')], { env });
  t.equal(ok.code, 0, ok.stdout + ok.stderr);
  t.match(ok.stdout, /ok .*s\.yaml: platform mps2-an386, 4 clips \(4 labelled\), 12 labels/);
  const bad = await runCli(['validate', path.join(dir, 'bad.yaml')], { env });
  t.equal(bad.code, 2);
  t.match(bad.stdout, /bad\.yaml:6:51: inputs\[0\]\.synth\.per_word must be at least 1; got 0/);
});
