/** `hil compare`: the console, Markdown and JSON outputs, thresholds from the scenario, exit codes 0, 1 and 2. */
import t from 'tap';
import { join } from 'node:path';
import type { Comparison, RunReport } from '../../src/core/types.js';
import { runCli } from '../helpers/cli.js';
import { base, head } from '../compare/fixtures.js';

const json = (r: RunReport) => JSON.stringify(r, null, 2);
/** The head run's scenario, with the thresholds of kws.yaml (line 7 is `regression:`). */
const SCENARIO = `name: kws
platform: mps2-an386
firmware: { app: kws }
labels: [_silence_, "yes", "no", up]
inputs: [clips]
# thresholds
regression:
  accuracy: { max_drop: 0.5% }
  latency: { max_increase: 5% }
  flash: { max_increase: 1KiB }
`;
const named = (r: RunReport, name: string, file = 'kws.yaml') => {
  r.scenario = { name, file };
  return json(r);
};

t.test('no thresholds anywhere: the deltas, exit 0, and why there are no thresholds', async (t) => {
  const dir = t.testdir({ 'base.json': named(base(), 'kws'), 'head.json': named(head(), 'kws', 'scenarios/elsewhere.yaml') });
  const r = await runCli(['compare', 'base.json', 'head.json'], { cwd: dir });
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '');
  t.match(r.stdout, /^tinyhil compare: kws\n {2}base: base\.json: kws on mps2-an386 \(qemu\), passed, 2026-11-25 11:59 UTC/);
  t.match(r.stdout, /\n {2}note: The head run's scenario file scenarios\/elsewhere\.yaml is not here \(relative to .*\): deltas only \(give --scenario for thresholds\)\.\n/);
  t.match(r.stdout, /\n {2}accuracy +75% \(6\/8\), 95% CI 40\.9%\.\.92\.9% +62\.5% \(5\/8\), 95% CI 30\.6%\.\.86\.3% +-12\.5 points\n/);
  t.match(r.stdout, /\nClips: 8 in both, 4 the same, 4 changed: 2 right -> wrong, 1 wrong -> other wrong, 1 wrong -> right\n/);
  t.ok(r.stdout.endsWith('\nRegression thresholds: none in the scenario (deltas only)\nkws: deltas only (no thresholds)\n'));
});

t.test('the head report\'s scenario has thresholds: budget-style lines and exit 1; within them, exit 0', async (t) => {
  const dir = t.testdir({ 'kws.yaml': SCENARIO, 'base.json': named(base(), 'kws'), 'head.json': named(head(), 'kws'), 'same.json': named(base(), 'kws') });
  const r = await runCli(['compare', 'base.json', 'head.json'], { cwd: dir });
  t.equal(r.code, 1, r.stdout + r.stderr);
  t.match(r.stdout, /\nRegression thresholds \(2 of 4 flagged\)\n {2}\[FAIL\] regression\.accuracy\.max_drop: accuracy fell 12\.5 points \(75\.0% -> 62\.5%\) > allowed 0\.5 points\n {2}\[PASS\] regression\.latency\.max_increase\[p50\]: p50 latency rose 3% \(2,940,000 -> 3,028,200 instructions\) <= allowed 5%\n/);
  t.match(r.stdout, /\n {2}\[FAIL\] regression\.flash\.max_increase: flash grew 1,536 B \(57,832 -> 59,368 B\) > allowed 1,024 B \(1 KiB\)\n/);
  t.ok(r.stdout.endsWith('\nkws: REGRESSION: 2 thresholds flagged\n'));
  const same = await runCli(['compare', 'base.json', 'same.json'], { cwd: dir });
  t.equal(same.code, 0, same.stdout);
  t.ok(same.stdout.endsWith('\nkws: no regression flagged\n'));
});

t.test('--format markdown: the hidden marker first; --format json: the comparison with located verdicts', async (t) => {
  const dir = t.testdir({ 'kws.yaml': SCENARIO, 'base.json': named(base(), 'kws'), 'head.json': named(head(), 'kws') });
  const md = await runCli(['compare', 'base.json', 'head.json', '--format', 'markdown'], { cwd: dir });
  t.equal(md.code, 1);
  t.match(md.stdout, /^<!-- tinyhil-compare: kws -->\n### ❌ tinyhil compare: kws: 2 regressions flagged\n/);
  const js = await runCli(['compare', 'base.json', 'head.json', '--format', 'json'], { cwd: dir });
  t.equal(js.code, 1);
  const doc = JSON.parse(js.stdout) as { schemaVersion: number; comparisons: Comparison[]; onlyBase: unknown[]; onlyHead: unknown[] };
  t.equal(doc.schemaVersion, 1);
  t.same([doc.onlyBase, doc.onlyHead], [[], []]);
  const flash = doc.comparisons[0]!.regressions.find((v) => v.name === 'regression.flash.max_increase');
  t.match(flash, { status: 'failed', measured: 1536, budget: 1024, unit: 'bytes', location: { file: 'kws.yaml', line: 10, col: 12 } });
  t.equal(doc.comparisons[0]!.clips!.changed.length, 4);
});

t.test('--scenario gives the thresholds whatever the report names', async (t) => {
  const dir = t.testdir({ 'gate.yaml': SCENARIO.replace('max_drop: 0.5%', 'max_drop: 15%').replace('1KiB', '2KiB'), 'base.json': named(base(), 'kws'), 'head.json': named(head(), 'kws', 'missing.yaml') });
  const r = await runCli(['compare', 'base.json', 'head.json', '--scenario', 'gate.yaml'], { cwd: dir });
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /\(0 of 4 flagged\)/);
  t.notMatch(r.stdout, /is not here/);
});

t.test('run folders: scenarios paired by name, the ones on one side only said plainly', async (t) => {
  const dir = t.testdir({
    main: { kws: { 'report.json': named(base(), 'kws') }, selftest: { 'report.json': named(base(), 'selftest', '') } },
    pr: { kws: { 'report.json': named(head(), 'kws', '') }, 'kws-f32': { 'report.json': named(head(), 'kws-f32', '') } },
  });
  const r = await runCli(['compare', 'main', 'pr'], { cwd: dir });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^tinyhil compare: kws\n/);
  t.match(r.stdout, /\nonly in head: kws-f32 \(pr\/kws-f32\/report\.json\): no baseline to compare with\nonly in base: selftest \(main\/selftest\/report\.json\): not in the head run\n$/);
  const md = await runCli(['compare', 'main', 'pr', '--format', 'markdown'], { cwd: dir });
  t.same(md.stdout.split('\n').filter((l) => l.startsWith('<!--')), ['<!-- tinyhil-compare: kws -->', '<!-- tinyhil-compare: kws-f32 -->', '<!-- tinyhil-compare: selftest -->'], 'one block per scenario, each with its marker');
  t.match(md.stdout, /\n### ℹ️ tinyhil compare: kws-f32: no baseline: the base run has no report for this scenario \(new, or renamed\)\n/);
});

t.test('bad input: exit 2 with one line, nothing on stdout', async (t) => {
  const dir = t.testdir({
    'base.json': named(base(), 'kws'), 'cut.json': named(head(), 'kws').slice(0, 100), 'bad.yaml': SCENARIO.replace('max_increase: 1KiB', 'max_increase: 1 kilo'),
    'head.json': named(head(), 'kws', 'bad.yaml'),
  });
  const cases: [string[], RegExp][] = [
    [['compare', 'nope', 'base.json'], /^base nope: no such file or folder \(give a report\.json or a run folder\)\n$/],
    [['compare', 'base.json', 'cut.json'], /^head cut\.json: cannot read it as JSON \(.*\); is the file complete\?\n$/],
    [['compare', 'base.json', 'head.json'], /^bad\.yaml:10:26: regression\.flash\.max_increase has an unknown size unit "kilo" \(allowed: .*\); got "1 kilo"\n$/],
    [['compare', 'base.json', 'base.json', '--scenario', 'nope.yaml'], /^nope\.yaml: cannot read: ENOENT/],
    [['compare', 'base.json', 'base.json', '--format', 'html'], /argument 'html' is invalid\. Allowed choices are console, markdown, json/],
  ];
  for (const [args, err] of cases) {
    const r = await runCli(args, { cwd: dir });
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, err, args.join(' '));
    t.equal(r.stdout, '', 'nothing else printed');
  }
});
