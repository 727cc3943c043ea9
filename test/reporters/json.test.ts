import t from 'tap';
import { linkSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JsonReporter, stableJson, writeFileAtomic } from '../../src/reporters/json.js';
import { context, failingBudgetsReport, passingReport } from './fixtures/reports.js';

t.test('report.json holds the report, pretty, with the outcome first and clips last', async (t) => {
  const dir = t.testdir();
  const rep = new JsonReporter();
  rep.onBegin(context(dir));
  const report = failingBudgetsReport();
  await rep.onEnd(report);
  const text = readFileSync(join(dir, 'report.json'), 'utf8');
  t.same(JSON.parse(text), JSON.parse(JSON.stringify(report)));
  t.same(Object.keys(JSON.parse(text)).slice(0, 4), ['schemaVersion', 'tool', 'status', 'reason']);
  t.equal(Object.keys(JSON.parse(text)).at(-1), 'clips');
  t.match(text, /^\{\n  "schemaVersion": 1,\n  "tool": \{\n    "name": "tinyhil",/);
  t.match(text, /"scores": \[230, 20, 6\]/, 'number arrays stay on one line');
  t.match(text, /\{\n\s+"name": "latency\.p95\.max",\n\s+"kind": "max",\n\s+"status": "passed",\n\s+"reason": /);
  t.ok(text.endsWith('}\n'));
  t.equal(rep.path, join(dir, 'report.json'));
});

t.test('the key order does not depend on how the report was built', async (t) => {
  const a = passingReport();
  const shuffled = Object.fromEntries(Object.entries(passingReport()).reverse());
  shuffled['metrics'] = Object.fromEntries(Object.entries(a.metrics).reverse());
  t.equal(stableJson(shuffled, 2), stableJson(a, 2));
  t.not(JSON.stringify(shuffled, null, 2), JSON.stringify(a, null, 2), 'the shuffle did change insertion order');
});

t.test('stableJson keeps JSON.stringify value semantics', async (t) => {
  t.equal(stableJson({ b: 1, a: undefined, c: NaN, d: [undefined, Infinity], e: {} }), '{"b":1,"c":null,"d":[null,null],"e":{}}');
  t.equal(stableJson({ x: [] , y: [{ z: 1 }] }, 2), '{\n  "x": [],\n  "y": [\n    {\n      "z": 1\n    }\n  ]\n}');
});

t.test('writes are atomic: no temp file left, an old report replaced whole', async (t) => {
  const dir = t.testdir({ 'report.json': '{"old": true}' });
  const rep = new JsonReporter();
  rep.onBegin(context(dir));
  await rep.onEnd(passingReport());
  t.same(readdirSync(dir), ['report.json']);
  t.equal(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).status, 'passed');
});

t.test('the report is replaced by rename, never rewritten in place', async (t) => {
  // A reader holding the old file (here: a hard link to its inode) must keep seeing a
  // whole old report; an in-place rewrite would change it under the reader.
  const dir = t.testdir({ 'report.json': '{"old": true}' });
  linkSync(join(dir, 'report.json'), join(dir, 'reader'));
  const rep = new JsonReporter();
  rep.onBegin(context(dir));
  await rep.onEnd(passingReport());
  t.equal(readFileSync(join(dir, 'reader'), 'utf8'), '{"old": true}');
  t.not(statSync(join(dir, 'report.json')).ino, statSync(join(dir, 'reader')).ino);
});

t.test('a failed write leaves the previous file and no temp file', async (t) => {
  const dir = t.testdir({ 'report.json': 'previous', sub: {} });
  // Renaming a file onto a directory fails after the temp file was written.
  await t.rejects(writeFileAtomic(join(dir, 'sub'), 'new'));
  t.same(readdirSync(dir).sort(), ['report.json', 'sub']);
  t.equal(readFileSync(join(dir, 'report.json'), 'utf8'), 'previous');
});

t.test('the run folder is created if missing; onEnd without onBegin fails', async (t) => {
  const dir = join(t.testdir(), 'runs', 'new');
  const rep = new JsonReporter();
  rep.onBegin(context(dir));
  await rep.onEnd(passingReport());
  t.ok(readFileSync(join(dir, 'report.json'), 'utf8').length > 100);
  await t.rejects(new JsonReporter().onEnd(passingReport()), /before onBegin/);
});
