import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import { JunitReporter, junitXml } from '../../src/reporters/junit.js';
import type { RunReport } from '../../src/core/types.js';
import { context, emptyReport, failingBudgetsReport, infraErrorReport, passingReport, timedOutReport } from './fixtures/reports.js';

/** junit.xml parsed back: attributes in `$`, text in `_`, children always arrays. */
async function parse(r: RunReport) {
  const doc = await parseStringPromise(junitXml(r));
  const suites = doc.testsuites;
  const suite = suites.testsuite[0];
  const cases: any[] = suite.testcase ?? [];
  const find = (classname: string, name: string) => cases.find((c) => c.$.classname === classname && c.$.name === name);
  return { suites, suite, cases, find };
}
const counts = (x: any) => ({ tests: +x.$.tests, failures: +x.$.failures, errors: +x.$.errors, skipped: +x.$.skipped });

t.test('written to junit.xml in the run folder', async (t) => {
  const dir = t.testdir();
  const rep = new JunitReporter();
  rep.onBegin(context(dir));
  await rep.onEnd(passingReport());
  const text = readFileSync(join(dir, 'junit.xml'), 'utf8');
  t.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  t.equal(text, `${junitXml(passingReport())}\n`);
});

t.test('passing run: one testcase per budget, no clip cases', async (t) => {
  const { suites, suite, cases } = await parse(passingReport());
  t.equal(suite.$.name, 'kws-smoke');
  t.same(counts(suite), { tests: 3, failures: 0, errors: 0, skipped: 0 });
  t.same(counts(suites), counts(suite));
  t.equal(suite.$.time, '12.345');
  t.equal(suite.$.timestamp, '2025-11-25T11:59:00.000Z');
  t.same(cases.map((c) => `${c.$.classname}/${c.$.name}`), ['budgets/latency.p95.max', 'budgets/ram.peak.max', 'budgets/recall.min[yes]']);
  t.same(cases[0]['system-out'], ['measured 1300000 cycles <= allowed 2000000 cycles\nmeasured 1,300,000 cycles, allowed <= 2,000,000 cycles (max)\nsource: DWT cycle counter']);
  const props = Object.fromEntries(suite.properties[0].property.map((p: any) => [p.$.name, p.$.value]));
  t.match(props, { status: 'passed', platform: 'stm32f746-renode', 'clips.total': '4', 'clips.passed': '4', device: 'kws 1.2.0' });
});

t.test('failing budgets: failure quotes measured vs allowed, error and skipped verdicts', async (t) => {
  const { suite, cases, find } = await parse(failingBudgetsReport());
  t.same(counts(suite), { tests: 5, failures: 2, errors: 1, skipped: 1 });
  const ram = find('budgets', 'ram.peak.max');
  t.equal(ram.failure[0].$.message, 'measured 61,234 B, allowed <= 60,000 B');
  t.equal(ram.failure[0].$.type, 'budget-failed');
  t.match(ram.failure[0]._, /measured 61234 B > allowed 60000 B\n.*\nsource: stack painting \+ linker regions/);
  const recall = find('budgets', 'recall.min[yes]');
  t.equal(recall.error[0].$.message, 'no labelled clip for "yes" was classified');
  t.same(find('budgets', 'energy.max').skipped[0].$, { message: 'no energy probe on this target', type: 'budget-skipped' });
  t.notOk(find('budgets', 'latency.p95.max').failure);
  const bad = find('clips', 'yes/2.wav');
  t.equal(bad.failure[0].$.message, 'predicted no, expected yes; mismatches: scores[0] expected 230 got 229');
  t.equal(bad.$.time, '0.412');
  t.match(bad.failure[0]._, /file: \/data\/kws\/yes\/2\.wav\nlabel: yes\npredicted: no\nworker: 0/);
  t.equal(cases.filter((c) => c.$.classname === 'clips').length, 1, 'passing clips are not listed');
});

t.test('a timed-out clip is a failure of type timedout', async (t) => {
  const { suite, find } = await parse(timedOutReport());
  t.same(counts(suite), { tests: 4, failures: 1, errors: 0, skipped: 0 });
  const c = find('clips', 'unknown/1.wav');
  t.same(c.failure[0].$, { message: 'no RESULT within 5000 ms', type: 'timedout' });
  t.equal(c.$.time, '5.003');
});

t.test('infrastructure errors are error testcases of their own; control characters stripped', async (t) => {
  const { suite, find, cases } = await parse(infraErrorReport());
  t.same(counts(suite), { tests: 6, failures: 0, errors: 3, skipped: 0 });
  t.equal(find('clips', 'no/1.wav').error[0].$.message, 'link lost');
  const link = find('infrastructure', 'link (clip no/1.wav)');
  t.same(link.error[0].$, { message: 'CRC mismatch in RESULT frame frame 12: 0xdeadbeef != 0x0badf00d', type: 'link' });
  t.match(link.error[0]._, /logs: logs\/worker-1\.log/);
  const emu = find('infrastructure', 'emulator');
  t.equal(emu.error[0].$.message, 'renode exited with code 139 (SIGSEGV)', 'ANSI escapes removed');
  t.equal(cases.length, 6);
});

t.test('an empty run still gives a valid document', async (t) => {
  const { suites, suite, cases } = await parse(emptyReport());
  t.same(counts(suites), { tests: 1, failures: 0, errors: 1, skipped: 0 });
  t.equal(cases[0].$.classname, 'infrastructure');
  t.equal(suite.$.time, '0.85');
});

t.test('XML-hostile text survives the round trip', async (t) => {
  const r = failingBudgetsReport();
  r.scenario.name = 'a<b>&"c"';
  r.budgets[1]!.name = 'ram]]>.peak';
  r.clips[1]!.reason = 'bad byte \x00\x07 <tag> & "quote"';
  const { suite, find } = await parse(r);
  t.equal(suite.$.name, 'a<b>&"c"');
  t.ok(find('budgets', 'ram]]>.peak'));
  t.match(find('clips', 'yes/2.wav').failure[0].$.message, /^bad byte  <tag> & "quote"/);
});
