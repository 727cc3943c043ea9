/**
 * ctrf.json: valid against the JSON Schema the `ctrf` package publishes, with
 * every budget (and the line it is written on), clip, infrastructure error and
 * failed conformance check as a test, and a summary that adds up.
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ctrfDocument, CtrfReporter, type CtrfTest } from '../../src/reporters/ctrf.js';
import { clip, context, failingBudgetsReport, infraErrorReport, passingReport } from './fixtures/reports.js';

const schemaFile = join(createRequire(import.meta.url).resolve('ctrf').replace(/[/\\]index\.c?js$/, ''), 'ctrf-schema-0.0.json');
const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

for (const [name, r] of [['passing', passingReport()], ['failing budgets', failingBudgetsReport()], ['infrastructure errors', infraErrorReport()]] as const) {
  t.test(`${name}: valid CTRF, the summary adds up`, async (t) => {
    const doc = ctrfDocument(r) as { results: { summary: Record<string, number>; tests: CtrfTest[] } };
    t.ok(validate(doc), JSON.stringify(validate.errors));
    const { summary, tests } = doc.results;
    t.equal(summary.tests, tests.length);
    t.equal(summary.passed! + summary.failed! + summary.skipped! + summary.pending! + summary.other!, tests.length);
    t.equal(tests.filter((x) => x.suite?.[1] === 'budgets').length, r.budgets.length, 'one test per budget');
    t.equal(tests.filter((x) => x.suite?.[1] === 'clips').length, r.clips.length, 'one test per clip');
    t.equal(tests.filter((x) => x.suite?.[1] === 'infrastructure').length, r.errors.length);
  });
}

t.test('a budget carries its scenario line; a clip name cannot break a line; the reporter writes ctrf.json', async (t) => {
  const r = failingBudgetsReport();
  const failed = r.budgets.find((b) => b.status === 'failed')!;
  failed.location = { file: 'scenarios/kws.yaml', line: 23, col: 3 };
  r.clips = [clip('yes/a\nb.wav', { status: 'failed', reason: 'x' })];
  const doc = ctrfDocument(r) as { results: { tests: CtrfTest[] } };
  t.match(doc.results.tests.find((x) => x.name.endsWith(`budget ${failed.name}`)), { suite: ['kws-smoke', 'budgets'], status: 'failed', filePath: 'scenarios/kws.yaml', line: 23 });
  t.match(doc.results.tests.find((x) => x.suite?.[1] === 'clips'), { name: /clip yes\/a b\.wav$/, status: 'failed', message: 'x' });
  const dir = t.testdir({});
  const rep = new CtrfReporter();
  rep.onBegin(context(dir));
  await rep.onEnd(r);
  t.ok(validate(JSON.parse(readFileSync(join(dir, 'ctrf.json'), 'utf8'))));
});
