/** Reading the sides of a comparison: report.json or run folders, untrusted and checked; pairing their scenarios. */
import t from 'tap';
import { join } from 'node:path';
import { fromJson, loadRuns, pairRuns, baselineFor } from '../../src/compare/index.js';
import { InputError } from '../../src/runner/prepare.js';
import { base, head } from './fixtures.js';

const json = (v: unknown) => JSON.stringify(v, null, 2);
const named = (name: string) => {
  const r = base();
  r.scenario.name = name;
  return json(r);
};

async function inputError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

t.test('a report.json, a run folder, a folder of scenario folders', async (t) => {
  const dir = t.testdir({
    one: { 'report.json': json(base()), 'junit.xml': '<x/>', reference: { 'report.json': '{}' } },
    several: { kws: { 'report.json': named('kws') }, selftest: { 'report.json': named('selftest') }, logs: {}, 'matrix.json': '{}' },
  });
  const file = await loadRuns(join(dir, 'one', 'report.json'), 'base');
  t.equal(file.length, 1);
  t.equal(file[0]!.file, join(dir, 'one', 'report.json'));
  t.equal(file[0]!.report.metrics.accuracy?.value, 0.75);
  t.same((await loadRuns(join(dir, 'one'), 'base')).map((r) => r.file), [join(dir, 'one', 'report.json')], 'the folder\'s own report, not its reference run\'s');
  t.same((await loadRuns(join(dir, 'several'), 'head')).map((r) => [r.report.scenario.name, r.file]), [
    ['kws', join(dir, 'several', 'kws', 'report.json')],
    ['selftest', join(dir, 'several', 'selftest', 'report.json')],
  ]);
});

t.test('bad input: one line naming the side and the file', async (t) => {
  const dir = t.testdir({
    'cut.json': json(base()).slice(0, 200), 'list.json': '[1, 2]', 'nover.json': json({ ...base(), schemaVersion: 'one' }), empty: {},
  });
  t.equal(await inputError(loadRuns(join(dir, 'nope'), 'base')), `base ${join(dir, 'nope')}: no such file or folder (give a report.json or a run folder)`);
  t.equal(await inputError(loadRuns(join(dir, 'empty'), '--baseline')), `--baseline ${join(dir, 'empty')}: no report.json in this folder or its sub-folders; is it a run folder?`);
  t.match(await inputError(loadRuns(join(dir, 'cut.json'), 'head')), new RegExp(`^head ${join(dir, 'cut.json')}: cannot read it as JSON \\(.*\\); is the file complete\\?$`));
  t.equal(await inputError(loadRuns(join(dir, 'list.json'), 'head')), `head ${join(dir, 'list.json')}: not a tinyhil report.json (it needs "scenario.name", "clips" and "metrics")`);
  t.equal(await inputError(loadRuns(join(dir, 'nover.json'), 'head')), `head ${join(dir, 'nover.json')}: not a tinyhil report.json (no numeric "schemaVersion")`);
});

t.test('what a report says is read field by field: malformed parts are left out, not trusted', async (t) => {
  const raw = JSON.parse(json(head())) as Record<string, any>;
  raw.schemaVersion = 2;
  raw.metrics.accuracy.value = 'high';
  raw.metrics.latency.p95 = null;
  raw.metrics.recall.yes = { value: 0.5 };
  raw.metrics.confusion.matrix[1][1] = 'x';
  raw.clips[0] = { id: 7 };
  raw.clips[1].status = 'splendid';
  raw.status = { not: 'a status' };
  const { schemaVersion, report } = fromJson(raw, 'head x');
  t.equal(schemaVersion, 2);
  t.equal(report.metrics.accuracy, undefined);
  t.equal(report.metrics.latency, undefined);
  t.equal(report.metrics.recall?.yes, undefined);
  t.ok(report.metrics.recall?.no);
  t.equal(report.metrics.confusion, undefined);
  t.equal(report.clips.length, 7, 'a clip without an id is dropped');
  t.equal(report.clips[0]!.status, 'error', 'an unknown status reads as error');
  t.equal(report.status, 'error');
  t.equal(report.metrics.flash?.value, 59_368);
});

t.test('pairing: one and one always, otherwise by scenario name; the rest said per side', async (t) => {
  const run = (name: string, file = `${name}/report.json`) => {
    const r = base();
    r.scenario.name = name;
    return { file, schemaVersion: 1, report: r };
  };
  const one = pairRuns([run('kws')], [run('kws-f32')]);
  t.same(one.pairs.map((p) => [p.base.report.scenario.name, p.head.report.scenario.name]), [['kws', 'kws-f32']]);
  const p = pairRuns([run('kws'), run('selftest'), run('gone')], [run('selftest'), run('kws'), run('new')]);
  t.same(p.pairs.map((x) => [x.base.report.scenario.name, x.head.report.scenario.name]), [['selftest', 'selftest'], ['kws', 'kws']]);
  t.same(p.onlyBase.map((r) => r.report.scenario.name), ['gone']);
  t.same(p.onlyHead.map((r) => r.report.scenario.name), ['new']);
  const twice = pairRuns([run('a', 'a/report.json'), run('a', 'a-2/report.json')], [run('a', 'x/report.json'), run('a', 'y/report.json')]);
  t.same(twice.pairs.map((x) => [x.base.file, x.head.file]), [['a/report.json', 'x/report.json'], ['a-2/report.json', 'y/report.json']], 'a scenario run twice pairs in order');
  t.equal(baselineFor([run('kws')], 'renamed', 1)?.report.scenario.name, 'kws', 'one baseline, one run: whatever the names');
  t.equal(baselineFor([run('kws')], 'selftest', 2), undefined);
  t.equal(baselineFor([run('kws'), run('selftest')], 'selftest', 2)?.file, 'selftest/report.json');
});
