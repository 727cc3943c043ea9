import t from 'tap';
import path from 'node:path';
import { resolveInputs } from '../../src/inputs/resolve.js';
import { opts, wav16 } from './fixtures/index.js';

const w = wav16();

t.test('folder: sub-folders are labels, .wav at any depth, hidden and other files skipped, sorted', async (t) => {
  const dir = t.testdir({
    clips: {
      'notes.md': 'not a clip',
      '.DS_Store': 'x',
      '.cache': { 'z.wav': w },
      yes: { 'a.wav': w, '.x.wav': w, 'readme.txt': 'x', sub: { 'b.wav': w } },
      no: { 'c.wav': w, 'D.WAV': w },
    },
  });
  const refs = await resolveInputs([{ folder: 'clips', args: { gain: 2 } }], opts(dir));
  t.same(
    refs.map((r) => [r.id, r.label, r.entry]),
    [
      ['clips/no/D.WAV', 'no', 0],
      ['clips/no/c.wav', 'no', 0],
      ['clips/yes/a.wav', 'yes', 0],
      ['clips/yes/sub/b.wav', 'yes', 0],
    ],
  );
  t.equal(refs[2]!.path, path.join(dir, 'clips', 'yes', 'a.wav'));
  t.same(refs[0]!.args, { gain: 2 });
  t.not(refs[0]!.args, refs[1]!.args, 'each ref gets its own args object');
});

t.test('folder: a symlinked label folder is followed', async (t) => {
  const dir = t.testdir({ data: { yes: { 'a.wav': w } }, clips: { yes: t.fixture('symlink', '../data/yes') } });
  const refs = await resolveInputs([{ folder: 'clips' }], opts(dir));
  t.same(refs.map((r) => [r.id, r.label]), [['clips/yes/a.wav', 'yes']]);
});

t.test('a bare folder is a folder entry; a bare file and a bare glob are files', async (t) => {
  const dir = t.testdir({ clips: { yes: { 'a.wav': w }, no: { 'b.wav': w } }, misc: { 'm1.wav': w, 'm2.wav': w }, 'top.wav': w });
  const refs = await resolveInputs(['clips', 'top.wav', 'misc/*.wav'], opts(dir));
  t.same(
    refs.map((r) => [r.id, r.label ?? null, r.entry, r.args ?? null]),
    [
      ['clips/no/b.wav', 'no', 0, null],
      ['clips/yes/a.wav', 'yes', 0, null],
      ['top.wav', null, 1, null],
      ['misc/m1.wav', null, 2, null],
      ['misc/m2.wav', null, 2, null],
    ],
  );
});

t.test('folder label errors name the allowed labels and suggest one', async (t) => {
  const cases: [string, string][] = [
    ['yess', '(did you mean "yes"?)'],
    ['Up', '(did you mean "up"?)'],
    ['banana', ''],
  ];
  for (const [name, hint] of cases) {
    const dir = t.testdir({ clips: { yes: { 'a.wav': w }, [name]: { 'b.wav': w } } });
    await t.rejects(resolveInputs([{ folder: 'clips' }], opts(dir)), {
      message: `inputs[0].folder "clips": sub-folder "${name}" is not a label; labels are: yes, no, up${hint ? ' ' + hint : ''}`,
      yamlPath: ['inputs', 0, 'folder'],
    });
  }
  const dir = t.testdir({ clips: { nope: { 'a.wav': w } } });
  await t.rejects(resolveInputs(['x.wav', 'clips'], opts(dir, ['no'])), { message: 'inputs[0] "x.wav" does not exist', yamlPath: ['inputs', 0] }, 'entries resolve in order');
  await t.rejects(resolveInputs(['clips'], opts(dir, ['no'])), {
    message: 'inputs[0] "clips": sub-folder "nope" is not a label; labels are: no',
    yamlPath: ['inputs', 0],
  });
});

t.test('folder: loose files, missing, not a folder, nothing inside', async (t) => {
  const dir = t.testdir({ clips: { 'loose.wav': w, yes: { 'a.wav': w } }, empty: { yes: {}, no: { 'x.txt': '' } }, 'f.wav': w });
  await t.rejects(resolveInputs([{ folder: 'clips' }], opts(dir)), {
    message: 'inputs[0].folder "clips": loose.wav is not in a label sub-folder; move it to clips/<label>/ or list it under `files:`',
  });
  await t.rejects(resolveInputs([{ folder: 'gone' }], opts(dir)), { message: 'inputs[0].folder "gone" does not exist' });
  await t.rejects(resolveInputs([{ folder: 'f.wav' }], opts(dir)), { message: 'inputs[0].folder "f.wav" is not a folder' });
  await t.rejects(resolveInputs([{ folder: 'empty' }], opts(dir)), {
    message: 'inputs[0].folder "empty" has no .wav files in label sub-folders',
    yamlPath: ['inputs', 0, 'folder'],
  });
});

t.test('files: label from `label:`, else from a parent folder that is a label, else none', async (t) => {
  const dir = t.testdir({ clips: { yes: { 'a.wav': w }, other: { 'b.wav': w } } });
  const a = await resolveInputs([{ files: 'clips/*/*.wav' }], opts(dir));
  t.same(a.map((r) => [r.id, r.label ?? null]), [['clips/other/b.wav', null], ['clips/yes/a.wav', 'yes']]);
  const b = await resolveInputs([{ files: ['clips/other/b.wav', 'clips/yes/a.wav'], label: 'up', args: { k: 1 } }], opts(dir));
  t.same(b.map((r) => [r.id, r.label, r.args]), [['clips/other/b.wav', 'up', { k: 1 }], ['clips/yes/a.wav', 'up', { k: 1 }]]);
  await t.rejects(resolveInputs([{ files: 'clips/yes/a.wav', label: 'noo' }], opts(dir)), {
    message: 'inputs[0].label: "noo" is not a label; labels are: yes, no, up (did you mean "no"?)',
    yamlPath: ['inputs', 0, 'label'],
  });
  await t.rejects(resolveInputs([{ folder: 'clips', label: 'yes' }], opts(dir)), {
    message: 'inputs[0].label only applies to `files`; folder and manifest entries give each clip its own label',
  });
});

t.test('globs and names that match nothing are located errors', async (t) => {
  const dir = t.testdir({ clips: { 'a.txt': '', 'b.wav': w }, 'take[1].wav': w });
  await t.rejects(resolveInputs(['clips/b.wav', { files: 'clips/*.flac' }], opts(dir)), {
    message: 'inputs[1].files "clips/*.flac" matched no files',
    yamlPath: ['inputs', 1, 'files'],
  });
  await t.rejects(resolveInputs([{ files: ['clips/b.wav', 'clips/*.txt'] }], opts(dir)), {
    message: 'inputs[0].files[1] "clips/*.txt" matched no .wav files',
    yamlPath: ['inputs', 0, 'files', 1],
  });
  await t.rejects(resolveInputs(['nope/*.wav'], opts(dir)), { message: 'inputs[0] "nope/*.wav" matched no files', yamlPath: ['inputs', 0] });
  await t.rejects(resolveInputs([{ files: 'clips/c.wav' }], opts(dir)), { message: 'inputs[0].files "clips/c.wav" does not exist' });
  await t.rejects(resolveInputs([{ files: 'clips' }], opts(dir)), {
    message: 'inputs[0].files "clips" is a folder; use `folder:` for labelled sub-folders or a glob like "clips/*.wav"',
  });
  const lit = await resolveInputs(['take[1].wav'], opts(dir));
  t.same(lit.map((r) => r.id), ['take[1].wav'], 'an existing file is taken literally');
  const any = await resolveInputs([{ files: 'clips/*' }], opts(dir));
  t.same(any.map((r) => r.id), ['clips/b.wav'], 'globs keep .wav files only');
});

t.test('the same file twice is an error naming both entries', async (t) => {
  const dir = t.testdir({ clips: { yes: { 'a.wav': w } }, 'm.csv': 'path,label\nclips/yes/a.wav,yes\n' });
  await t.rejects(resolveInputs(['clips/yes/a.wav', { files: ['./clips/yes/../yes/a.wav'] }], opts(dir)), {
    message: 'clips/yes/a.wav is listed twice: by inputs[0] and by inputs[1].files[0]',
    yamlPath: ['inputs', 1, 'files', 0],
  });
  await t.rejects(resolveInputs([{ files: ['clips/yes/*.wav', 'clips/*/a.wav'] }], opts(dir)), {
    message: 'clips/yes/a.wav is listed twice: by inputs[0].files[0] and by inputs[0].files[1]',
  });
  const e = (await resolveInputs([{ folder: 'clips' }, { manifest: 'm.csv' }], opts(dir)).catch((x: Error) => x)) as Error & { yamlPath?: unknown };
  const m = path.relative(process.cwd(), path.join(dir, 'm.csv'));
  t.equal(e.message, `${m}:2:1: clips/yes/a.wav is listed twice: by inputs[0].folder and by inputs[1].manifest (${m}:2:1)`);
  t.equal(e.yamlPath, undefined, 'located in the manifest, not the scenario');
});

t.test('ids are relative to the scenario folder and sorted by code unit, whatever the file system says', async (t) => {
  const names = ['b.wav', 'a10.wav', 'B.wav', 'a9.wav', 'a.wav'];
  const dir = t.testdir({ scen: {}, clips: Object.fromEntries(names.map((n) => [n, w])) });
  const refs = await resolveInputs(['../clips/*.wav'], opts(path.join(dir, 'scen')));
  t.same(refs.map((r) => r.id), ['../clips/B.wav', '../clips/a.wav', '../clips/a10.wav', '../clips/a9.wav', '../clips/b.wav']);
  const again = await resolveInputs([{ files: [...names].reverse().map((n) => `../clips/${n}`) }], opts(path.join(dir, 'scen')));
  t.same(again.map((r) => r.id), refs.map((r) => r.id), 'listing order does not matter');
});

t.test('manifest entries: missing, empty, rows keep their order', async (t) => {
  const dir = t.testdir({
    lists: { 'm.csv': 'path,label\n../clips/b.wav,no\n../clips/a.wav,\n', 'empty.csv': 'path,label\n' },
    clips: { 'a.wav': w, 'b.wav': w },
  });
  const refs = await resolveInputs([{ manifest: 'lists/m.csv', args: { x: 3 } }], opts(dir));
  t.same(refs.map((r) => [r.id, r.label ?? null, r.args]), [['clips/b.wav', 'no', { x: 3 }], ['clips/a.wav', null, { x: 3 }]]);
  await t.rejects(resolveInputs([{ manifest: 'lists/nope.csv' }], opts(dir)), {
    message: 'inputs[0].manifest "lists/nope.csv" does not exist',
    yamlPath: ['inputs', 0, 'manifest'],
  });
  await t.rejects(resolveInputs([{ manifest: 'lists/empty.csv' }], opts(dir)), { message: 'inputs[0].manifest "lists/empty.csv" lists no clips' });
});
