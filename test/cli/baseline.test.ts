/**
 * `hil run --baseline` end to end on QEMU with the selftest firmware: the baseline
 * checked before anything is built, the comparison in report.json and every report,
 * a flagged regression failing the run (exit 1), an unflagged one not.
 */
import t from 'tap';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { ROOT, runCli } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');
/** A fast selftest scenario with thresholds; `regression:` is on line 9. */
const SCENARIO = `name: e2e
platform: mps2-an386
firmware: { app: selftest }
labels: [seg0, seg1, seg2, seg3]
inputs:
  - folder: ${CLIPS}
verify: selftest
target: { audio_path: uart }
regression:
  latency: { max_increase: 2% }
  flash: { max_increase: 1KiB }
  stack: { max_increase: 64 }
`;
const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;

t.test('a missing baseline is bad input: exit 2 before any folder is made', async (t) => {
  const dir = t.testdir({ 's.yaml': SCENARIO });
  const r = await runCli(['run', join(dir, 's.yaml'), '--baseline', join(dir, 'nope'), '--out', join(dir, 'out')]);
  t.equal(r.code, 2, r.stdout);
  t.equal(r.stderr, `--baseline ${join(dir, 'nope')}: no such file or folder (give a report.json or a run folder)\n`);
  t.notOk(existsSync(join(dir, 'out')), 'no run folder');
});

t.test('against a run of the same firmware: compared, nothing flagged; against a doctored one: exit 1 on the threshold\'s line', async (t) => {
  const dir = t.testdir({ gates: { 's.yaml': SCENARIO } });
  const scenario = join(dir, 'gates', 's.yaml');
  const first = await runCli(['run', scenario, '--limit', '2', '--out', join(dir, 'base')]);
  t.equal(first.code, 0, first.stdout + first.stderr);
  const base = report(join(dir, 'base'));
  t.notOk(base.comparison, 'no baseline, no comparison');

  const again = await runCli(['run', scenario, '--limit', '2', '--baseline', join(dir, 'base'), '--out', join(dir, 'again'), '--reporter', 'json,junit,console']);
  t.equal(again.code, 0, again.stdout + again.stderr);
  const c = report(join(dir, 'again')).comparison!;
  t.ok(c, 'report.json has the comparison');
  t.match(c.base, { file: join(dir, 'base', 'report.json'), scenario: 'e2e', status: 'passed', sha256: base.firmware.sha256 });
  t.match(c.head, { scenario: 'e2e', status: 'passed', schemaVersion: 1 });
  t.same(c.notes, []);
  t.same(c.clips, { common: 2, same: 2, changed: [], onlyBase: [], onlyHead: [] });
  // Latency and the stack high-water mark (hence peak RAM) move a little run to run on the UART path:
  // the receive interrupts land at different points. The rest must not move.
  const steady = c.figures.filter((f) => !/^(latency\.|stack$|ram\.peak$)/.test(f.name));
  t.ok(steady.length >= 3 && steady.every((f) => f.delta === 0), `same firmware, same clips: same figures (${steady.map((f) => `${f.name} ${f.delta}`).join(', ')})`);
  t.same(c.regressions.map((v) => v.status), ['passed', 'passed', 'passed', 'passed'], 'QEMU icount: the same instructions, run to run');
  t.match(again.stdout, /\nCompared with the baseline \(.*base\/report\.json\)\n/);
  t.match(again.stdout, /\nRegression thresholds \(0 of 4 flagged\)\n/);

  // The baseline as a smaller, faster firmware would have left it: the real run now regressed.
  const doctored = report(join(dir, 'base'));
  doctored.metrics.flash!.value -= 2048;
  doctored.metrics.latency!.p50 = Math.round(doctored.metrics.latency!.p50 * 0.9);
  mkdirSync(join(dir, 'doctored'));
  writeFileSync(join(dir, 'doctored', 'report.json'), JSON.stringify(doctored));
  const bad = await runCli(['run', scenario, '--limit', '2', '--baseline', join(dir, 'doctored', 'report.json'), '--out', join(dir, 'bad'), '--reporter', 'json,junit,ctrf,console,github'], { env: { GITHUB_WORKSPACE: dir } });
  t.equal(bad.code, 1, bad.stdout + bad.stderr);
  const rep = report(join(dir, 'bad'));
  t.equal(rep.status, 'failed');
  t.match(rep.reason, /^regression\.latency\.max_increase\[p50\]: p50 latency rose 11\.\d+% \([\d,]+ → [\d,]+ instructions\) > allowed 2% \(and [12] more regressions\)$/, 'p50 first; flash too, and the stack when its high-water mark moved (UART interrupts land at different points, by a few bytes)');
  t.equal(rep.comparison!.head.status, 'failed', 'the comparison says how the run ended');
  const flash = rep.comparison!.regressions.find((v) => v.name === 'regression.flash.max_increase')!;
  t.match(flash, { status: 'failed', measured: 2048, budget: 1024, location: { line: 11, col: 12 } });
  t.match(bad.stdout, /^::error file=gates\/s\.yaml,line=11,col=12,title=Regression flash\.max_increase flagged \(e2e\)::regression\.flash\.max_increase: flash grew 2,048 B \([\d,]+ → [\d,]+ B\) > allowed 1,024 B \(1 KiB\)/m);
  t.match(bad.stdout, /^::error file=gates\/s\.yaml,line=10,col=14,title=Regression latency\.max_increase\[p50\] flagged \(e2e\)::/m);
  t.match(bad.stdout, /\n {2}\[FAIL\] regression\.flash\.max_increase: flash grew 2,048 B \([\d,]+ -> [\d,]+ B\) > allowed 1,024 B \(1 KiB\)\n/);
  t.match(bad.stdout, /\ne2e FAILED: regression\.latency\.max_increase\[p50\]: /);
  t.match(readFileSync(join(dir, 'bad', 'junit.xml'), 'utf8'), /<testcase classname="regression" name="regression\.flash\.max_increase" time="0">\s*<failure /);
  t.match(readFileSync(join(dir, 'bad', 'ctrf.json'), 'utf8'), /"name": "e2e: regression\.flash\.max_increase",\s*"status": "failed"/);
});
