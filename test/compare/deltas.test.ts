/** Deltas between two runs: figures, changed clips, the confusion change, and what the runs do not share, said plainly. */
import t from 'tap';
import { compareRuns } from '../../src/compare/index.js';
import { base, head, side } from './fixtures.js';

const fig = (c: ReturnType<typeof compareRuns>, name: string) => c.figures.find((f) => f.name === name);

t.test('a run against itself: every figure there, nothing changed, nothing said', async (t) => {
  const c = compareRuns(side(base(), 'a/report.json'), side(base()));
  t.same(c.notes, []);
  t.same(c.figures.map((f) => f.name), ['accuracy', 'recall[_silence_]', 'recall[yes]', 'recall[no]', 'recall[up]', 'latency.p50', 'latency.p95', 'ram.peak', 'flash', 'stack']);
  t.ok(c.figures.every((f) => f.delta === 0), 'no change');
  t.same(c.clips, { common: 8, same: 8, changed: [], onlyBase: [], onlyHead: [] });
  t.ok(c.confusion!.diff.every((row) => row.every((v) => v === 0)));
  t.match(c.base, { file: 'a/report.json', scenario: 'kws', platform: 'mps2-an386', target: 'qemu', status: 'passed', schemaVersion: 1, toolVersion: '0.1.0', sha256: 'b'.repeat(64) });
  t.notOk('file' in c.head, 'the head was not read from a file');
});

t.test('a change: figures with both intervals, units and counts, clips by direction, the confusion change', async (t) => {
  const c = compareRuns(side(base()), side(head()));
  t.same(c.notes, []);
  const acc = fig(c, 'accuracy')!;
  t.match(acc, { unit: 'fraction', base: 0.75, head: 0.625, counts: { base: [6, 8], head: [5, 8] } });
  t.equal(acc.delta, 0.625 - 0.75);
  t.equal(acc.ci95!.base![0].toFixed(4), '0.4093', 'Wilson 6/8');
  t.equal(acc.ci95!.head![1].toFixed(4), '0.8632', 'Wilson 5/8');
  t.match(fig(c, 'recall[yes]'), { base: 1, head: 0.5, delta: -0.5, counts: { base: [2, 2], head: [1, 2] } });
  t.match(fig(c, 'latency.p50'), { unit: 'instructions', base: 2_940_000, head: 3_028_200, delta: 88_200 });
  t.match(fig(c, 'flash'), { unit: 'bytes', base: 57_832, head: 59_368, delta: 1_536 });
  t.same(c.clips!.changed.map((x) => [x.id, x.direction, x.base, x.head]), [
    ['yes/yes-0001.wav', 'right-to-wrong', { status: 'passed', predicted: 'yes' }, { status: 'passed', predicted: 'no' }],
    ['no/no-0001.wav', 'wrong-to-right', { status: 'passed', predicted: 'up' }, { status: 'passed', predicted: 'no' }],
    ['up/up-0001.wav', 'wrong-to-wrong', { status: 'passed', predicted: 'no' }, { status: 'passed', predicted: '_silence_' }],
    ['up/up-0002.wav', 'right-to-wrong', { status: 'passed', predicted: 'up' }, { status: 'timedout' }],
  ]);
  t.match(c.clips, { common: 8, same: 4, onlyBase: [], onlyHead: [] });
  // Rows: true label; columns: predicted, then none. up: one more _silence_, one fewer no, one fewer up, one timed out.
  t.same(c.confusion, {
    labels: ['_silence_', 'yes', 'no', 'up'],
    diff: [[0, 0, 0, 0, 0], [0, -1, 1, 0, 0], [0, 0, 1, -1, 0], [1, 0, -1, -1, 1]],
  });
});

t.test('different clip sets: per-clip over the common clips, said with the counts', async (t) => {
  const h = head();
  h.clips = h.clips.filter((c) => !c.id.startsWith('no/')).concat([{ id: 'go/go-0000.wav', label: 'up', status: 'passed', predicted: 'up', wallMs: 1 }]);
  const c = compareRuns(side(base()), side(h));
  t.same(c.clips!.onlyBase, ['no/no-0000.wav', 'no/no-0001.wav']);
  t.same(c.clips!.onlyHead, ['go/go-0000.wav']);
  t.equal(c.clips!.common, 6);
  t.same(c.notes, ['Different clip sets: 2 clips only in base, 1 only in head, 6 in both. Clip changes are over the 6 common clips; accuracy and recall are each over their own run\'s clips.']);
  h.clips = [{ id: 'other.wav', status: 'passed', wallMs: 1 }];
  t.match(compareRuns(side(base()), side(h)).notes, [/^No clip in common \(base 8, head 1\)/]);
});

t.test('different platforms: latency and memory kept but not compared; accuracy and clips are', async (t) => {
  const h = head();
  h.platform = { ...h.platform, name: 'netduinoplus2', clockHz: 168_000_000 };
  const c = compareRuns(side(base()), side(h));
  t.same(c.notes, ['Different platforms: base mps2-an386, head netduinoplus2. Latency and memory are not compared (other machines, other images); accuracy, recall and clips are.']);
  t.match(fig(c, 'latency.p95'), { base: 2_944_000, head: 3_031_290, delta: null, note: 'not compared: different platforms' });
  t.match(fig(c, 'flash'), { base: 57_832, head: 59_368, delta: null, note: 'not compared: different platforms' });
  t.equal(fig(c, 'accuracy')!.delta, -0.125);
  t.equal(c.clips!.changed.length, 4);
});

t.test('different targets: latency not compared (other counters), memory is; different units alone say so too', async (t) => {
  const h = head();
  h.target = { ...h.target, kind: 'renode' };
  const c = compareRuns(side(base()), side(h));
  t.match(c.notes, [/^Different targets: base qemu, head renode\. Latency is not compared/]);
  t.match(fig(c, 'latency.p50'), { delta: null, note: 'not compared: different targets' });
  t.equal(fig(c, 'flash')!.delta, 1_536);
  const u = head();
  u.metrics.latency = { ...u.metrics.latency!, unit: 'cycles' };
  t.match(fig(compareRuns(side(base()), side(u)), 'latency.p50'), { unit: 'cycles', delta: null, note: 'not compared: different units (base instructions, head cycles)' });
});

t.test('different report schemas: aggregate figures compared by name, clips and confusion not', async (t) => {
  const c = compareRuns(side(base(), 'old/report.json', 2), side(head()));
  t.same(c.notes, ['Different report schemas: base schemaVersion 2 (tinyhil 0.1.0), head 1 (tinyhil 0.1.0). Aggregate figures are compared by name; clips and the confusion matrix are not.']);
  t.equal(c.clips, undefined);
  t.equal(c.confusion, undefined);
  t.equal(fig(c, 'accuracy')!.delta, -0.125);
  t.match(compareRuns(side(base(), 'x', 2), side(head(), 'y', 2)).notes, ['Both reports have schemaVersion 2; this tinyhil knows 1. Figures are read by name where present.']);
});

t.test('different scenarios and labels; a base run that errored', async (t) => {
  const b = base({ status: 'error', reason: 'emulator: qemu exited' });
  const h = head();
  h.scenario = { ...h.scenario, name: 'kws-f32' };
  h.labels = [...h.labels, 'down'];
  const c = compareRuns(side(b), side(h));
  t.same(c.notes, [
    'Different scenarios: base kws, head kws-f32. The figures are compared as they are; they may not measure the same thing.',
    'Different labels: base [_silence_, yes, no, up], head [_silence_, yes, no, up, down]. Recall is compared for the labels both runs have.',
    'The base run ended in an error (emulator: qemu exited): its figures may be partial.',
  ]);
  t.notOk(fig(c, 'recall[down]'), 'a label no clip had on either side has no row');
  const m = head();
  delete m.metrics.stack;
  delete m.metrics.ram;
  t.match(fig(compareRuns(side(base()), side(m)), 'stack'), { base: 1_864, head: null, delta: null });
});
