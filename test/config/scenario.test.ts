import t from 'tap';
import path from 'node:path';
import { loadScenario } from '../../src/config/load.js';
import { BASE, configError, project } from './fixtures/helpers.js';

const HEAD4 = BASE.split('\n').slice(0, 4).join('\n') + '\n'; // BASE without `inputs:`, line 5 is free

t.test('the example scenario loads with every unit converted', async (t) => {
  const dir = project(t, {
    'scenarios/selftest.yaml': `name: selftest
platform: p1
firmware: { app: selftest }
labels: [seg0, seg1, seg2, seg3]
inputs:
  - folder: clips/selftest
  - files: ["clips/extra/*.wav"]
    label: seg1
    args: { recurse_bytes: 4096 }
verify: selftest
budgets:
  accuracy: { min: 100% }
  recall: { min: 0.5, classes: { seg0: 90% } }
  latency: { p50: { max: 40ms }, p95: { max: 2000000 } }
  ram: { peak: { max: 24KiB } }
  flash: { max: 64KiB }
  stack: { max: 4096 }
timeouts: { clip: 10s, boot: 1.5s, build: 2m, run: 300us }
target: { kind: qemu, audio_path: uart, workers: 2 }
`,
  });
  const file = path.join(dir, 'scenarios/selftest.yaml');
  const r = await loadScenario(file);
  t.equal(r.file, file);
  t.equal(r.dir, path.join(dir, 'scenarios'));
  t.equal(r.platformFile, path.join(dir, 'platforms/p1.yaml'));
  t.equal(r.platform.name, 'p1');
  t.same(r.scenario, {
    name: 'selftest',
    platform: 'p1',
    firmware: { app: 'selftest' },
    labels: ['seg0', 'seg1', 'seg2', 'seg3'],
    inputs: [{ folder: 'clips/selftest' }, { files: ['clips/extra/*.wav'], label: 'seg1', args: { recurse_bytes: 4096 } }],
    verify: 'selftest',
    budgets: {
      accuracy: { min: 1 },
      recall: { min: 0.5, classes: { seg0: 0.9 } },
      latency: { p50: { max: { ms: 40 } }, p95: { max: { cycles: 2000000 } } },
      ram: { peak: { max: 24576 } },
      flash: { max: 65536 },
      stack: { max: 4096 },
    },
    timeouts: { clip: 10000, boot: 1500, build: 120000, run: 0.3 },
    target: { kind: 'qemu', audio_path: 'uart', workers: 2 },
  });
});

t.test('errorAt locates later-stage errors in the scenario file', async (t) => {
  const dir = project(t, { 's.yaml': `${HEAD4}inputs:\n  - folder: clips/x\n` });
  const r = await loadScenario(path.join(dir, 's.yaml'));
  const e = r.errorAt(['inputs', 0, 'folder'], 'inputs[0].folder: no such folder');
  t.equal(e.message, `${path.join(dir, 's.yaml')}:6:13: inputs[0].folder: no such folder`);
  t.same([e.line, e.col, e.path], [6, 13, ['inputs', 0, 'folder']]);
  // A path that is not all there: the deepest node that is (the entry's mapping).
  t.same([r.errorAt(['inputs', 0, 'nope'], 'x').line, r.errorAt(['inputs', 0, 'nope'], 'x').col], [6, 5]);
  t.match(r.errorAt(['labels', 1], 'device says "yes", "maybe"').message, /:4:15: device says/);
});

interface Case {
  name: string;
  /** Appended to BASE (lines from 6), unless `text` is given. */
  add?: string;
  text?: string;
  at: [number, number];
  detail: string;
  path?: (string | number)[];
}

const ALLOWED_ROOT = '$schema, name, description, platform, firmware, labels, inputs, verify, budgets, regression, timeouts, target, matrix';
const ALLOWED_BUDGETS = 'accuracy, recall, latency, ram, flash, stack, parity';
const SIZE = 'must be a number of bytes or a size like "64KiB", "60.4KB", "1MiB"';

const cases: Case[] = [
  { name: 'negative latency', add: 'budgets:\n  latency:\n    p95: { max: -3 }\n', at: [8, 17], path: ['budgets', 'latency', 'p95', 'max'], detail: 'budgets.latency.p95.max must be a positive number of cycles or a duration like "40ms"; got -3' },
  { name: 'latency as a string', add: 'budgets:\n  latency:\n    p95: { max: "-3" }\n', at: [8, 17], detail: 'budgets.latency.p95.max must be a positive number of cycles or a duration like "40ms"; got "-3"' },
  { name: 'unknown top-level key', add: 'budget: {}\n', at: [6, 1], path: ['budget'], detail: `unknown key "budget"; did you mean "budgets"? allowed: ${ALLOWED_ROOT}` },
  { name: 'unknown nested key (transposed letters)', add: 'budgets:\n  latncy: { p95: { max: 1 } }\n', at: [7, 3], path: ['budgets', 'latncy'], detail: `unknown key "latncy" in budgets; did you mean "latency"? allowed: ${ALLOWED_BUDGETS}` },
  { name: 'unknown key with nothing close', add: 'budgets: { zzz: 1 }\n', at: [6, 12], detail: `unknown key "zzz" in budgets; allowed: ${ALLOWED_BUDGETS}` },
  { name: 'unknown key spelled with dashes', add: 'target: { audio-path: uart }\n', at: [6, 11], detail: 'unknown key "audio-path" in target; did you mean "audio_path"? allowed: kind, audio_path, workers, optional, conformance' },
  { name: 'unknown key with a newline in it', add: '"bad\\nkey": 1\n', at: [6, 1], detail: `unknown key "bad\\nkey"; allowed: ${ALLOWED_ROOT}` },
  { name: 'missing required key', text: '# a scenario\nname: s\nplatform: p1\nlabels: [a]\ninputs: [x]\n', at: [2, 1], path: ['firmware'], detail: 'missing required key "firmware" (the firmware under test: one of `app`, `path` + `build` + `elf`, or `elf`)' },
  { name: 'missing nested key', add: 'budgets:\n  ram: {}\n', at: [7, 8], path: ['budgets', 'ram', 'peak'], detail: 'budgets.ram is missing required key "peak" (static RAM + stack high-water + heap)' },
  { name: 'enum typo', add: 'verify: selftst\n', at: [6, 9], detail: 'verify must be "selftest"; got "selftst"; did you mean "selftest"?' },
  { name: 'enum of the wrong type', add: 'target: { kind: 3 }\n', at: [6, 17], detail: 'target.kind must be one of "qemu", "host", "renode", "board"; got 3' },
  { name: 'fraction instead of a whole number', add: 'target: { workers: 1.5 }\n', at: [6, 20], detail: 'target.workers must be a whole number; got 1.5' },
  { name: 'number as a string', add: 'target: { workers: "2" }\n', at: [6, 20], detail: 'target.workers must be a number; got "2"' },
  { name: 'number too small', add: 'target: { workers: 0 }\n', at: [6, 20], detail: 'target.workers must be at least 1; got 0' },
  { name: 'number too large', add: 'target: { workers: 100 }\n', at: [6, 20], detail: 'target.workers must be at most 64; got 100' },
  { name: 'list instead of mapping', add: 'timeouts: [1, 2]\n', at: [6, 11], detail: 'timeouts must be a mapping; got a list of 2 items' },
  { name: 'empty value', add: 'budgets:\n  ram:\n', at: [7, 3], detail: 'budgets.ram must be a mapping; got an empty value' },
  { name: 'boolean size', add: 'budgets: { flash: { max: true } }\n', at: [6, 26], detail: `budgets.flash.max ${SIZE}; got true` },
  { name: 'unknown size unit', add: 'budgets: { flash: { max: 64kbit } }\n', at: [6, 26], detail: 'budgets.flash.max has an unknown size unit "kbit" (allowed: B, KiB, MiB, GiB, KB, MB, GB, K (KiB), M (MiB)); got "64kbit"' },
  { name: 'negative size', add: 'budgets: { stack: { max: -1 } }\n', at: [6, 26], detail: `budgets.stack.max ${SIZE}, not negative; got -1` },
  { name: 'duration without a unit', add: 'timeouts: { clip: 10 }\n', at: [6, 19], detail: 'timeouts.clip must be a duration like "40ms", "1.5s" or "300us"; got 10' },
  { name: 'zero duration', add: 'timeouts: { clip: 0s }\n', at: [6, 19], detail: 'timeouts.clip must be a positive duration like "10s"; got "0s"' },
  { name: 'unknown time unit', add: 'timeouts: { clip: 3 days }\n', at: [6, 19], detail: 'timeouts.clip has an unknown time unit "days" (allowed: ns, us, ms, s, m (or min), h); got "3 days"' },
  { name: 'percentage over 100', add: 'budgets: { accuracy: { min: 120% } }\n', at: [6, 29], detail: 'budgets.accuracy.min must be between 0 and 1 (or 0% and 100%); got "120%"' },
  { name: 'name with a space', text: BASE.replace('name: s', 'name: my scenario'), at: [1, 7], detail: 'name must be a name of letters, digits, ".", "_" or "-" (starting with a letter or digit); got "my scenario"' },
  { name: 'no labels', text: BASE.replace('[yes, no]', '[]'), at: [4, 9], detail: 'labels must have at least 1 item; got an empty list' },
  { name: 'empty label', text: BASE.replace('[yes, no]', '[yes, ""]'), at: [4, 15], detail: 'labels[1] must not be empty; got ""' },
  { name: 'repeated label', text: BASE.replace('[yes, no]', '[yes, no, yes]'), at: [4, 19], path: ['labels', 2], detail: 'labels[2] repeats "yes" (already labels[0]); labels must be unique' },
  { name: 'recall class not in labels', add: 'budgets:\n  recall:\n    classes: { yess: 90% }\n', at: [8, 16], path: ['budgets', 'recall', 'classes', 'yess'], detail: 'budgets.recall.classes.yess is not one of the scenario\'s labels (yes, no); did you mean "yes"?' },
  { name: 'input label not in labels', text: `${HEAD4}inputs:\n  - { files: a.wav, label: noo }\n`, at: [6, 28], detail: 'inputs[0].label must be one of the scenario\'s labels (yes, no); got "noo"; did you mean "no"?' },
  { name: 'input of the wrong type', text: `${HEAD4}inputs:\n  - 3\n  - { folder: x, file: y }\n`, at: [6, 5], detail: 'inputs[0] must be a file, glob or folder (a string), or a mapping with one of `folder`, `files`, `manifest` or `synth`; got 3' },
  { name: 'unknown key in an input entry', text: `${HEAD4}inputs:\n  - { folder: x, file: y }\n`, at: [6, 18], detail: 'unknown key "file" in inputs[0]; did you mean "files"? allowed: folder, files, manifest, synth, label, args' },
  { name: 'files of the wrong type', text: `${HEAD4}inputs:\n  - files: 3\n`, at: [6, 12], detail: 'inputs[0].files must be a WAV file or glob, or a list of them; got 3' },
  { name: 'empty files list', text: `${HEAD4}inputs:\n  - files: []\n`, at: [6, 12], detail: 'inputs[0].files must have at least 1 item; got an empty list' },
  { name: 'input entry without a source', text: `${HEAD4}inputs:\n  - { label: yes }\n`, at: [6, 5], detail: 'inputs[0] must have exactly one of `folder`, `files`, `manifest` or `synth`; got a mapping with keys label' },
  { name: 'app argument not an integer', text: `${HEAD4}inputs:\n  - { folder: x, args: { n: 1.5 } }\n`, at: [6, 29], detail: 'inputs[0].args.n must be a whole number; got 1.5' },
  { name: 'two firmware kinds', text: BASE.replace('{ app: selftest }', '{ app: a, elf: b.elf }'), at: [3, 11], detail: 'firmware must name exactly one of `app` (firmware/apps/<app>), `path` with `build` and `elf` (external firmware), or `elf` (prebuilt); got a mapping with keys app, elf' },
  { name: 'build without path', text: BASE.replace('{ app: selftest }', '{ elf: x.elf, build: make }'), at: [3, 32], path: ['firmware', 'build'], detail: 'firmware.build is only allowed with `path` (external firmware); got "make"' },
  { name: 'variable of the wrong type', text: BASE.replace('{ app: selftest }', '{ app: a, variables: { X: [1] } }'), at: [3, 37], detail: 'firmware.variables.X must be a string, a number or true or false; got a list of 1 item' },
  // zod reports `verify` before unknown keys; the loader reports the first problem in the file.
  { name: 'first problem in document order', add: 'budgets: { zzz: 1 }\nverify: x\n', at: [6, 12], detail: `unknown key "zzz" in budgets; allowed: ${ALLOWED_BUDGETS}` },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const dir = project(t, { 's.yaml': c.text ?? BASE + (c.add ?? '') });
    const file = path.join(dir, 's.yaml');
    const e = await configError(loadScenario(file));
    t.equal(e.message, `${file}:${c.at[0]}:${c.at[1]}: ${c.detail}`);
    t.same([e.file, e.line, e.col, e.detail], [file, c.at[0], c.at[1], c.detail]);
    if (c.path) t.same(e.path, c.path);
    t.notOk(e.message.includes('\n'), 'one line');
  });
}
