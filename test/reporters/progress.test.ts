import t from 'tap';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProgressReporter } from '../../src/reporters/progress.js';
import { ReporterSet } from '../../src/reporters/reporter.js';
import { ANSI, clip, context, device, passingReport } from './fixtures/reports.js';

t.test('plain mode: failures, a status line per 10%, and after 30 s of silence', async (t) => {
  let now = 1_000_000;
  const rep = new ProgressReporter({ now: () => now });
  const ctx = context('/tmp/run', { totalClips: 50 });
  rep.onBegin(ctx);
  rep.onBoot({ worker: 1, device: device(), bootMs: 812 });
  for (let i = 1; i <= 50; i++) {
    now += i === 13 ? 31_000 : 100; // one slow clip: the time rule fires between deciles
    const status = i === 3 ? 'failed' : i === 7 ? 'timedout' : i === 9 ? 'skipped' : 'passed';
    rep.onClipEnd(clip(`yes/${i}.wav`, { status, reason: status === 'passed' ? undefined : `reason ${i}` }));
  }
  rep.onError({ kind: 'link', message: 'CRC\nmismatch', clip: 'yes/20.wav' });
  rep.onEnd();
  t.notOk(ctx.lines.some((l) => ANSI.test(l)), 'no escape codes');
  t.equal(ctx.lines[0], '[hil] kws-smoke on stm32f746-renode: 50 clips, 2 workers');
  t.equal(ctx.lines[1], '[hil] worker 1 booted kws 1.2.0 (nucleo-f746) in 812 ms');
  t.equal(ctx.lines[2], '[hil] FAILED yes/3.wav: reason 3');
  t.equal(ctx.lines[3], '[hil] 5/50 clips (10%): 4 passed, 1 failed, 10 clips/s, ETA 4.5 s, elapsed 500 ms');
  t.equal(ctx.lines[4], '[hil] TIMEDOUT yes/7.wav: reason 7');
  const status = ctx.lines.filter((l) => / clips \(\d+%\)/.test(l));
  t.same(status.map((l) => l.match(/\] (\d+)\//)?.[1]), ['5', '10', '13', '15', '20', '25', '30', '35', '40', '45', '50']);
  t.match(status[2], /^\[hil\] 13\/50 clips \(26%\): 10 passed, 2 failed, 0\.4 clips\/s, ETA /);
  t.match(status.at(-1), /^\[hil\] 50\/50 clips \(100%\): 47 passed, 2 failed, .*elapsed 35\.9 s$/);
  t.equal(ctx.lines.at(-1), '[hil] infrastructure error (link, clip yes/20.wav): CRC mismatch', 'no extra line at the end when 100% was shown');
});

t.test('plain mode: an interrupted run ends with a status line', async (t) => {
  let now = 0;
  const rep = new ProgressReporter({ now: () => now });
  const ctx = context('/tmp/run', { totalClips: 4 });
  rep.onBegin(ctx);
  now = 2000;
  rep.onClipEnd(clip('yes/1.wav'));
  rep.onEnd();
  t.equal(ctx.lines.at(-1), '[hil] 1/4 clips (25%): 1 passed, 0 failed, 0.5 clips/s, ETA 6 s, elapsed 2 s');
});

t.test('plain mode: a timer shows the run is alive when no clip ends', async (t) => {
  const rep = new ProgressReporter({ statusEveryMs: 40 });
  const ctx = context('/tmp/run', { totalClips: 3 });
  rep.onBegin(ctx);
  const alive = () => ctx.lines.filter((l) => l.startsWith('[hil] 0/3 clips (0%)')).length;
  // Bounded wait rather than a fixed sleep: a loaded machine delays timers.
  for (let waited = 0; alive() < 2 && waited < 5000; waited += 10) await sleep(10);
  rep.onEnd();
  t.ok(alive() >= 2, `status lines while waiting: ${alive()}`);
  const count = ctx.lines.length;
  await sleep(100);
  t.equal(ctx.lines.length, count, 'the timer stops at the end');
});

t.test('TTY mode: a live bar, and log lines printed above it', async (t) => {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let drawn = '';
  stream.on('data', (d: Buffer) => (drawn += d.toString()));
  const set = new ReporterSet([new ProgressReporter({ stream })]);
  const ctx = context('/tmp/run', { totalClips: 4, isTTY: true });
  await set.onBegin(ctx);
  await set.onClipEnd(clip('yes/1.wav'));
  await set.onClipEnd(clip('no/1.wav', { status: 'failed', reason: 'predicted yes' }));
  set.log('runner: worker 1 restarted');
  await sleep(250); // cli-progress redraws at 10 fps
  t.match(drawn, /2\/4 clips \| 1 passed, 1 failed \| [\d.,]+ clips\/s \| ETA /);
  t.match(drawn, /runner: worker 1 restarted\n/);
  t.match(drawn, /\[hil\] FAILED no\/1\.wav: predicted yes\n/);
  t.same(ctx.lines, [], 'nothing bypassed the bar');
  set.log('last words');
  await set.onEnd(passingReport());
  t.match(drawn, /last words\n/, 'lines buffered for the next redraw are flushed at the end');
  set.log('after the end');
  t.same(ctx.lines, ['after the end'], 'once the bar is gone lines go straight out');
});
