import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { liveProcesses, runManaged, spawnManaged, tailFile } from '../../src/proc/spawn.js';
import { Teardowns } from '../../src/proc/teardown.js';
import { alive } from '../helpers/proc.js';

t.test('output goes to <logDir>/<name>.log with the command line and the exit', async (t) => {
  const dir = t.testdir();
  const r = await runManaged('/bin/sh', ['-c', 'echo hello; echo oops >&2; exit 3'], { name: 'child', logDir: dir });
  t.equal(r.code, 3);
  const log = readFileSync(`${dir}/child.log`, 'utf8');
  t.match(log, /^\$ \/bin\/sh -c 'echo hello; echo oops >&2; exit 3'\n/);
  t.match(log, /hello\n/);
  t.match(log, /oops\n/);
  t.match(log, /\[tinyhil\] exited: code=3 signal=null/);
  t.match(r.tail, /hello/);
});

t.test('kill reaches grandchildren: the whole process group goes', async (t) => {
  const dir = t.testdir();
  // The grandchild ignores SIGTERM and would survive a kill of the child alone.
  const p = spawnManaged('/bin/sh', ['-c', "sh -c 'trap \"\" TERM; echo $$ > gc.pid; while :; do sleep 0.05; done' & wait"], { name: 'tree', logDir: dir, cwd: dir, graceMs: 300 });
  for (let i = 0; i < 100 && !existsSync(`${dir}/gc.pid`); i++) await new Promise((r) => setTimeout(r, 20));
  const gc = Number(readFileSync(`${dir}/gc.pid`, 'utf8'));
  t.ok(alive(gc), 'grandchild running');
  t.ok(liveProcesses().includes(p));
  const info = await p.kill('test teardown');
  t.equal(info.killedBy, 'test teardown');
  await new Promise((r) => setTimeout(r, 100));
  t.notOk(alive(gc), 'grandchild killed with the group (SIGKILL after the grace period)');
  t.notOk(liveProcesses().includes(p), 'no longer listed as live');
});

t.test('timeout kills and says so', async (t) => {
  const dir = t.testdir();
  const r = await runManaged('/bin/sleep', ['30'], { name: 'slow', logDir: dir, timeoutMs: 200 });
  t.equal(r.timedOut, true);
  t.equal(r.signal, 'SIGTERM');
  t.match(readFileSync(`${dir}/slow.log`, 'utf8'), /killed: timeout after 200 ms/);
});

t.test('a missing executable is a start error, not a crash', async (t) => {
  const dir = t.testdir();
  const r = await runManaged('/nonexistent/qemu', [], { name: 'missing', logDir: dir });
  t.match(r.startError, /ENOENT/);
  t.match(readFileSync(`${dir}/missing.log`, 'utf8'), /could not start/);
});

t.test('a child that never started signals no process group: not init (pid -1), not everything (kill -1)', async (t) => {
  // Such a handle has pid -1: kill(-pid) would be kill(1, ...), SIGKILL to init.
  const dir = t.testdir();
  const real = process.kill;
  const sent: [number, string | number | undefined][] = [];
  process.kill = ((pid: number, signal?: string | number) => {
    sent.push([pid, signal]);
    return true;
  }) as typeof process.kill;
  try {
    const p = spawnManaged('/nonexistent/qemu', [], { name: 'missing', logDir: dir, graceMs: 10 });
    const info = await p.exited;
    t.match(info.startError, /ENOENT/);
    p.killNow('test');
    await p.kill('test');
  } finally {
    process.kill = real;
  }
  t.same(sent, [], 'no signal sent at all');
});

t.test('tailFile starts at a line boundary', async (t) => {
  const dir = t.testdir({ 'f.log': Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') });
  const tail = tailFile(`${dir}/f.log`, 40);
  t.match(tail, /^line \d+\n/);
  t.match(tail, /line 199$/);
});

t.test('teardowns run in reverse order, all of them, even when one throws', async (t) => {
  const order: string[] = [];
  const td = new Teardowns();
  td.defer('a', () => order.push('a'));
  td.defer('b', () => {
    order.push('b');
    throw new Error('b broke');
  });
  const early = td.defer('c', async () => order.push('c'));
  td.defer('d', () => order.push('d'));
  await early();
  await early();
  await td.runAll();
  t.same(order, ['c', 'd', 'b', 'a']);
  t.equal(td.errors.length, 1);
  t.match(td.errors[0], { name: 'b' });
});
