import t from 'tap';
import path from 'node:path';
import { parseCsv } from '../../src/inputs/csv.js';
import { readManifest } from '../../src/inputs/manifest.js';
import { resolveInputs } from '../../src/inputs/resolve.js';
import { opts, shown, wav16 } from './fixtures/index.js';

const w = wav16();
const labels = ['yes', 'no'];

t.test('parseCsv: quotes, escapes, line breaks in quotes, CRLF, BOM, positions', async (t) => {
  const recs = parseCsv('\uFEFFpath,label\r\n"a,b.wav", yes\r\n\r\n"say ""hi""\nthere.wav" ,no\nlast.wav,"" ');
  t.same(
    recs.map((r) => [r.line, r.fields.map((f) => [f.value, f.line, f.col, f.quoted])]),
    [
      [1, [['path', 1, 1, false], ['label', 1, 6, false]]],
      [2, [['a,b.wav', 2, 1, true], ['yes', 2, 12, false]]],
      [4, [['say "hi"\nthere.wav', 4, 1, true], ['no', 5, 13, false]]],
      [6, [['last.wav', 6, 1, false], ['', 6, 10, true]]],
    ],
  );
  t.same(parseCsv(''), []);
  t.same(parseCsv('a\n\n'), [{ line: 1, fields: [{ value: 'a', line: 1, col: 1, quoted: false }] }]);
  t.throws(() => parseCsv('path,label\n"a.wav,yes\n'), { message: 'unterminated quoted field (a " without its closing ")', line: 2, col: 1 });
  t.throws(() => parseCsv('x,"a"b\n'), { message: /text after a closing quote/, line: 1, col: 6 });
  t.throws(() => parseCsv('x,a"b\n'), { message: /a " inside an unquoted field/, line: 1, col: 4 });
});

t.test('CSV manifest: header in any order, extra columns, relative paths, empty label, row order kept', async (t) => {
  const dir = t.testdir({
    lists: { 'm.csv': 'speaker,Label,Path\nbob,no,../clips/z.wav\nann,,../clips/a.wav\nann,yes,"../clips/with,comma.wav"\n' },
    clips: { 'z.wav': w, 'a.wav': w, 'with,comma.wav': w },
  });
  const rows = await readManifest(path.join(dir, 'lists', 'm.csv'), labels);
  const m = shown(dir, 'lists', 'm.csv');
  t.same(rows, [
    { path: path.join(dir, 'clips', 'z.wav'), label: 'no', where: `${m}:2:8` },
    { path: path.join(dir, 'clips', 'a.wav'), where: `${m}:3:6` },
    { path: path.join(dir, 'clips', 'with,comma.wav'), label: 'yes', where: `${m}:4:9` },
  ]);
});

t.test('CSV manifest: CRLF and BOM (as Excel writes it)', async (t) => {
  const dir = t.testdir({ 'm.csv': '\uFEFFpath,label\r\na.wav,yes\r\nb.wav,no\r\n', 'a.wav': w, 'b.wav': w });
  const refs = await resolveInputs([{ manifest: 'm.csv' }], opts(dir, labels));
  t.same(refs.map((r) => [r.id, r.label]), [['a.wav', 'yes'], ['b.wav', 'no']], 'no stray \\r in labels, header found despite the BOM');
});

t.test('CSV manifest: bad rows are located in the manifest', async (t) => {
  const dir = t.testdir({ 'a.wav': w, sub: {} });
  const cases: [string, string][] = [
    ['path,lable\na.wav,yes\n', '1:1: the header has no "label" column (found: path,lable); the first line must name the columns, e.g. path,label'],
    ['file,label\n', '1:1: the header has no "path" column (found: file,label); the first line must name the columns, e.g. path,label'],
    ['path,label\na.wav,yes\na.wav\n', '3:1: the row has 1 field(s) but the header has 2; quote a path that contains a comma'],
    ['path,label\na.wav,yes,extra\n', '2:1: the row has 3 field(s) but the header has 2; quote a path that contains a comma'],
    ['path,label\na.wav, yess\n', '2:8: "yess" is not a label; labels are: yes, no (did you mean "yes"?)'],
    ['path,label\n"b.wav",no\n', `2:1: b.wav does not exist (paths are relative to the manifest's folder, ${shown(dir)})`],
    ['path,label\nsub,no\n', '2:1: sub is not a file'],
    ['path,label\n,no\n', '2:1: the row has no path'],
    ['path,label\n"a.wav,no\n', '2:1: unterminated quoted field (a " without its closing ")'],
  ];
  for (const [text, want] of cases) {
    const dir2 = t.testdir({ 'm.csv': text, 'a.wav': w, sub: {} });
    await t.rejects(readManifest(path.join(dir2, 'm.csv'), labels), { message: `${shown(dir2, 'm.csv')}:${want.replace(shown(dir), shown(dir2))}` }, want);
  }
});

t.test('JSON manifest: rows, unlabelled rows, located errors', async (t) => {
  const dir = t.testdir({
    'm.json': JSON.stringify([{ path: 'a.wav', label: 'yes' }, { path: 'b.wav' }, { path: 'a2.wav', label: null }], null, 2),
    'a.wav': w,
    'b.wav': w,
    'a2.wav': w,
  });
  const refs = await resolveInputs([{ manifest: 'm.json' }], opts(dir, labels));
  t.same(refs.map((r) => [r.id, r.label ?? null]), [['a.wav', 'yes'], ['b.wav', null], ['a2.wav', null]]);

  const cases: [string, string][] = [
    ['[\n  {"path": "a.wav", "label": "yes"},\n  {"path": "a.wav",\n   "label": "Yes"}\n]', '4:13: "Yes" is not a label; labels are: yes, no (did you mean "yes"?)'],
    ['[\n  {"label": "yes"}\n]', '2:3: the row has no path'],
    ['[\n  {"path": "zz.wav"}\n]', `2:12: zz.wav does not exist (paths are relative to the manifest's folder, ${shown(dir)})`],
    ['[\n  "a.wav"\n]', '2:3: row 1 must be an object {"path": ..., "label": ...}, not "a.wav"'],
    ['[{"path": "a.wav", "label": 3}]', '1:29: the label must be a string, not 3'],
    ['{"path": "a.wav"}', '1:1: a JSON manifest must be an array of {"path": ..., "label": ...}'],
  ];
  for (const [text, want] of cases) {
    const dir2 = t.testdir({ 'm.json': text, 'a.wav': w });
    await t.rejects(readManifest(path.join(dir2, 'm.json'), labels), { message: `${shown(dir2, 'm.json')}:${want.replace(shown(dir), shown(dir2))}` }, want);
  }
  const bad = t.testdir({ 'm.json': '[{"path": "a.wav",}]' });
  await t.rejects(readManifest(path.join(bad, 'm.json'), labels), { message: new RegExp(`^${shown(bad, 'm.json')}:\\d+:\\d+: not valid JSON: `) });
});

t.test('a manifest without a known extension is sniffed', async (t) => {
  const dir = t.testdir({ list: '[{"path": "a.wav", "label": "no"}]', list2: 'path,label\na.wav,yes\n', 'a.wav': w });
  t.same((await readManifest(path.join(dir, 'list'), labels)).map((r) => r.label), ['no']);
  t.same((await readManifest(path.join(dir, 'list2'), labels)).map((r) => r.label), ['yes']);
});
