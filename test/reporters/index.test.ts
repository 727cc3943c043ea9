import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReporters, defaultReporterNames, REPORTER_NAMES, ReporterSet } from '../../src/reporters/index.js';
import { ANSI, capture, context, device, failingBudgetsReport } from './fixtures/reports.js';

t.test('registry names and defaults', async (t) => {
  t.same(REPORTER_NAMES, ['progress', 'jsonl', 'json', 'junit', 'ctrf', 'html', 'console', 'github']);
  t.same(defaultReporterNames({}), ['progress', 'jsonl', 'json', 'junit', 'ctrf', 'html', 'console']);
  t.same(defaultReporterNames({ GITHUB_ACTIONS: 'true' }).at(-1), 'github');
  t.same(defaultReporterNames({ GITHUB_STEP_SUMMARY: '/tmp/s.md' }).at(-1), 'github');
  t.same(createReporters('default', { env: {} }).map((r) => r.name), ['progress', 'jsonl', 'json', 'junit', 'ctrf', 'html', 'console']);
  t.same(createReporters('default', { env: { GITHUB_ACTIONS: 'true' } }).map((r) => r.name).at(-1), 'github');
});

t.test('names in any order, duplicates dropped, canonical order kept', async (t) => {
  t.same(createReporters(['console', 'json', 'json', 'junit']).map((r) => r.name), ['json', 'junit', 'console']);
  t.same(createReporters([]), []);
});

t.test('unknown names are rejected with the list of known ones', async (t) => {
  t.throws(() => createReporters(['json', 'pdf', 'xml']), {
    message: 'unknown reporters "pdf", "xml": must be one of progress, jsonl, json, junit, ctrf, html, console, github',
  });
});

t.test('the default set end to end writes every file and a summary pointing at them', async (t) => {
  const dir = t.testdir();
  const summaryFile = join(dir, 'step-summary.md');
  const stdout = capture();
  const env = { GITHUB_STEP_SUMMARY: summaryFile };
  const set = new ReporterSet(createReporters('default', { env, stdout: stdout.write, isTTY: false }));
  const runDir = join(dir, 'run');
  const ctx = context(runDir);
  const report = failingBudgetsReport();
  await set.onBegin(ctx);
  await set.onBoot({ worker: 0, device: device(), bootMs: 700 });
  // As the harness does: fire-and-forget from synchronous callbacks.
  for (const c of report.clips) void set.onClipEnd(c);
  await set.onEnd(report);
  t.same(set.reporterErrors, []);
  t.same(readdirSync(runDir).sort(), ['ctrf.json', 'index.html', 'junit.xml', 'report.json', 'results.jsonl']);
  t.equal(readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').length, 4);
  t.equal(JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')).status, 'failed');
  const out = stdout.text();
  t.notMatch(out, ANSI);
  t.match(out, /^::error title=Budget ram\.peak\.max failed/m);
  t.match(out, new RegExp(`report\\.json: +${join(runDir, 'report.json').replace(/[.\\/]/g, '\\$&')}\\n`));
  t.match(out, /junit\.xml: +.*junit\.xml\n/);
  t.match(out, /results\.jsonl: +.*results\.jsonl\n/);
  t.ok(out.indexOf('tinyhil run summary') < out.indexOf('::error'), 'console before github');
  t.match(readFileSync(summaryFile, 'utf8'), /^### ❌ tinyhil: kws-smoke/);
  t.match(ctx.lines.join('\n'), /\[hil\] FAILED yes\/2\.wav: predicted no, expected yes/);
});
