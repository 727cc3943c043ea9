/** A run compared with its baseline (--baseline): the deltas and flagged regressions reach every reporter. */
import t from 'tap';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { compare } from '../../src/compare/index.js';
import { consoleSummary } from '../../src/reporters/console.js';
import { ctrfDocument } from '../../src/reporters/ctrf.js';
import { GithubReporter, githubAnnotations, githubSummary } from '../../src/reporters/github.js';
import { junitXml } from '../../src/reporters/junit.js';
import { runStatus } from '../../src/metrics/index.js';
import type { RunReport } from '../../src/core/types.js';
import { base, head, side } from '../compare/fixtures.js';
import { capture } from './fixtures/reports.js';

/** The head run as `hil run --baseline` ends it: compared, its status decided by the flagged regression. */
function compared(): RunReport {
  const r = head();
  r.clips = r.clips.filter((c) => c.status === 'passed');
  r.comparison = compare(side(base(), 'main/kws/report.json'), side(r), { flash: { max_increase: { bytes: 1024 } }, ram: { max_increase: { bytes: 512 } } }, {
    clockHz: 25_000_000, locate: (p) => ({ file: 'scenarios/kws.yaml', line: p[1] === 'flash' ? 33 : 32, col: 10 }),
  });
  const o = runStatus({ clips: r.clips, budgets: [], errors: [], regressions: r.comparison.regressions });
  r.status = o.status;
  r.reason = o.reason!;
  return r;
}

t.test('console: a "Compared with the baseline" section, and the regression as the verdict', async (t) => {
  const text = consoleSummary(compared(), undefined, false);
  t.match(text, /\nCompared with the baseline \(main\/kws\/report\.json\)\n {2}base: main\/kws\/report\.json: kws on mps2-an386 \(qemu\), passed/);
  t.match(text, /\n {2}flash +57,832 B \(56\.5 KiB\) +59,368 B \(58 KiB\) +\+1,536 B \(\+2\.66%\)\n/);
  t.match(text, /\nRegression thresholds \(1 of 2 flagged\)\n {2}\[PASS\] regression\.ram\.max_increase: .*\n {2}\[FAIL\] regression\.flash\.max_increase: flash grew 1,536 B \(57,832 -> 59,368 B\) > allowed 1,024 B \(1 KiB\)\n/);
  t.ok(text.endsWith('\nkws FAILED: regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) > allowed 1,024 B (1 KiB)\n'));
  t.notMatch(consoleSummary(head(), undefined, false), /Compared with/, 'no baseline, no section');
});

t.test('GitHub: the deltas in the job summary, an annotation on the threshold\'s line', async (t) => {
  const r = compared();
  const md = githubSummary(r);
  t.match(md, /\n#### ❌ tinyhil compare: kws: 1 regression flagged\n/);
  t.notMatch(md, /<!-- tinyhil-compare/, 'the job summary is not a PR comment: no marker');
  t.match(md, /\n\| `flash` \| 57,832 B \(56\.5 KiB\) \| 59,368 B \(58 KiB\) \| \+1,536 B \(\+2\.66%\) \|\n/);
  t.same(githubAnnotations(r, process.cwd()), [
    '::error file=scenarios/kws.yaml,line=33,col=10,title=Regression flash.max_increase flagged (kws)::regression.flash.max_increase: flash grew 1,536 B (57,832 → 59,368 B) > allowed 1,024 B (1 KiB) [this run against the baseline run main/kws/report.json]\n',
  ]);
  const dir = t.testdir({ 'summary.md': '' });
  const out = capture();
  await new GithubReporter({ env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_WORKSPACE: process.cwd() }, write: out.write }).onEnd(r);
  t.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /\| ❌ \| `regression\.flash\.max_increase` \| 1,536 B \| ≤ 1,024 B \|/);
  t.match(out.text(), /^::error file=scenarios\/kws\.yaml,line=33/);
});

t.test('junit and ctrf: each threshold a test, the flagged one failing', async (t) => {
  const r = compared();
  const xml = junitXml(r);
  t.match(xml, /<testcase classname="regression" name="regression\.flash\.max_increase" time="0">\s*<failure message="regression\.flash\.max_increase: flash grew 1,536 B \(57,832 → 59,368 B\) > allowed 1,024 B \(1 KiB\)" type="regression-failed">/);
  t.match(xml, /<testcase classname="regression" name="regression\.ram\.max_increase" time="0">/);
  t.match(xml, /<testsuite name="kws" tests="2" failures="1"/);
  const tests = (ctrfDocument(r).results as { tests: { name: string; status: string; suite?: string[]; filePath?: string; line?: number }[] }).tests;
  t.match(tests.find((x) => x.name === 'kws: regression.flash.max_increase'), { status: 'failed', suite: ['kws', 'regression'], filePath: 'scenarios/kws.yaml', line: 33 });
  t.match(tests.find((x) => x.name === 'kws: regression.ram.max_increase'), { status: 'passed' });
});
