import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReporterSet, type Reporter } from '../../src/reporters/reporter.js';
import type { ClipResult } from '../../src/core/types.js';
import { clip, context, passingReport } from './fixtures/reports.js';

/** A reporter that records every event it sees. */
function recorder(name: string, seen: string[], delayMs = 0): Reporter {
  return {
    name,
    onBegin: () => void seen.push(`${name}:begin`),
    onClipEnd: async (r: ClipResult) => {
      // Later clips finish faster: only the set's queue keeps them in order.
      if (delayMs) await sleep(delayMs / (Number(r.id.slice(1)) + 1));
      seen.push(`${name}:${r.id}`);
    },
    onEnd: () => void seen.push(`${name}:end`),
  };
}

t.test('a throwing and a rejecting reporter cannot stop the others', async (t) => {
  const seen: string[] = [];
  const thrower: Reporter = { name: 'thrower', onClipEnd: () => { throw new Error('sync boom'); }, onEnd: () => { throw new Error('end boom'); } };
  const rejecter: Reporter = { name: 'rejecter', onBegin: async () => { throw new Error('async boom'); }, onEnd: () => Promise.reject(new Error('nope')) };
  const set = new ReporterSet([thrower, recorder('a', seen), rejecter, recorder('b', seen)]);
  const ctx = context('/tmp/x');
  await set.onBegin(ctx);
  await set.onClipEnd(clip('c0'));
  await set.onClipEnd(clip('c1'));
  await set.onEnd(passingReport());
  t.same(seen, ['a:begin', 'b:begin', 'a:c0', 'b:c0', 'a:c1', 'b:c1', 'a:end', 'b:end']);
  t.same(
    set.reporterErrors.map((e) => `${e.reporter}.${e.hook}: ${(e.error as Error).message}`),
    ['rejecter.onBegin: async boom', 'thrower.onClipEnd: sync boom', 'thrower.onClipEnd: sync boom', 'thrower.onEnd: end boom', 'rejecter.onEnd: nope'],
  );
  // One warning per broken reporter, naming it, however often it fails.
  const warnings = ctx.lines.filter((l) => l.startsWith('warning:'));
  t.equal(warnings.length, 2);
  t.match(warnings[0], /^warning: reporter "rejecter" failed in onBegin: async boom/);
  t.match(warnings[1], /^warning: reporter "thrower" failed in onClipEnd: sync boom/);
});

t.test('async onClipEnd keeps clip order per reporter', async (t) => {
  const seen: string[] = [];
  const set = new ReporterSet([recorder('slow', seen, 40)]);
  await set.onBegin(context('/tmp/x'));
  // Not awaited one by one: the runner may fire clip events from parallel workers.
  await Promise.all(['c0', 'c1', 'c2', 'c3'].map((id) => set.onClipEnd(clip(id))));
  await set.onEnd(passingReport());
  t.same(seen, ['slow:begin', 'slow:c0', 'slow:c1', 'slow:c2', 'slow:c3', 'slow:end']);
});

t.test('a slow reporter does not hold back a fast one', async (t) => {
  const seen: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow: Reporter = { name: 'slow', onClipEnd: async (r) => { await gate; seen.push(`slow:${r.id}`); } };
  const set = new ReporterSet([slow, recorder('fast', seen)]);
  await set.onBegin(context('/tmp/x'));
  const slowDone = set.onClipEnd(clip('c0'));
  void set.onClipEnd(clip('c1'));
  while (seen.length < 3) await sleep(1);
  t.same(seen, ['fast:begin', 'fast:c0', 'fast:c1'], 'the fast reporter handled both clips while the slow one is stuck');
  open();
  await slowDone;
  await set.onEnd(passingReport());
  t.same(seen, ['fast:begin', 'fast:c0', 'fast:c1', 'slow:c0', 'slow:c1', 'fast:end']);
});

t.test('onEnd runs reporters one after another, in set order', async (t) => {
  const order: string[] = [];
  const mk = (name: string, ms: number): Reporter => ({ name, onEnd: async () => { await sleep(ms); order.push(name); } });
  const set = new ReporterSet([mk('files', 30), mk('summary', 0)]);
  await set.onBegin(context('/tmp/x'));
  await set.onEnd(passingReport());
  t.same(order, ['files', 'summary']);
});

t.test('a hung hook times out once; the reporter is then left out', async (t) => {
  const seen: string[] = [];
  const hung: Reporter = { name: 'hung', onClipEnd: () => new Promise(() => {}), onEnd: () => void seen.push('hung:end') };
  const set = new ReporterSet([hung, recorder('ok', seen)], { hookTimeoutMs: 30 });
  const ctx = context('/tmp/x');
  await set.onBegin(ctx);
  const started = Date.now();
  await Promise.all(['c0', 'c1', 'c2', 'c3', 'c4'].map((id) => set.onClipEnd(clip(id))));
  await set.onEnd(passingReport());
  t.ok(Date.now() - started < 5 * 30, 'one timeout, not one per clip');
  t.same(seen, ['ok:begin', 'ok:c0', 'ok:c1', 'ok:c2', 'ok:c3', 'ok:c4', 'ok:end']);
  t.equal(set.reporterErrors.length, 1);
  t.match((set.reporterErrors[0]?.error as Error).message, /^onClipEnd did not settle within 30 ms; the reporter gets no further events$/);
  t.same(ctx.lines.map((l) => l.slice(0, 47)), ['warning: reporter "hung" failed in onClipEnd: o']);
});

t.test('log lines go to a reporter that claims them, else to the sink', async (t) => {
  const claimed: string[] = [];
  let claim = false;
  const live: Reporter = { name: 'live', onLog: (l) => (claim ? (claimed.push(l), true) : false) };
  let reporterLog: ((l: string) => void) | undefined;
  const spy: Reporter = { name: 'spy', onBegin: (c) => { reporterLog = c.log; } };
  const early: string[] = [];
  const set = new ReporterSet([spy, live], { log: (l) => void early.push(l) });
  set.log('before begin');
  const ctx = context('/tmp/x');
  await set.onBegin(ctx);
  claim = true;
  reporterLog?.('from a reporter');
  set.log('from the runner');
  claim = false;
  reporterLog?.('after the bar');
  t.same(early, ['before begin']);
  t.same(claimed, ['from a reporter', 'from the runner']);
  t.same(ctx.lines, ['after the bar']);
});

t.test('a throwing onLog is isolated and the line still printed', async (t) => {
  const broken: Reporter = { name: 'broken', onLog: () => { throw new Error('bad log'); } };
  const set = new ReporterSet([broken]);
  const ctx = context('/tmp/x');
  await set.onBegin(ctx);
  set.log('one');
  set.log('two');
  t.same(ctx.lines.filter((l) => !l.startsWith('warning')), ['one', 'two']);
  t.equal(ctx.lines.filter((l) => l.startsWith('warning: reporter "broken" failed in onLog: bad log')).length, 1);
  // Every failure is kept, including the one while printing the warning itself.
  t.ok(set.reporterErrors.length >= 2);
  t.ok(set.reporterErrors.every((e) => e.reporter === 'broken' && e.hook === 'onLog'));
});
