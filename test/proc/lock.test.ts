/**
 * Exclusive locks: one holder at a time across processes, a dead owner's lock
 * reclaimed (by pid and start time, not age), a lock from another host left
 * alone, a wait that ends when the holder lets go.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireLock, listLocks, LockBusyError, processStart, tryLock, type LockOwner } from '../../src/proc/lock.js';
import { tempDir } from '../helpers/tmp.js';

const LOCK = resolve(import.meta.dirname, '../../src/proc/lock.ts');
const nodeArgs = ['--import=@tapjs/typescript/import', '--input-type=module', '-e'];

t.test('one holder; the file names it; released, it is free', async (t) => {
  const dir = tempDir(t, 'hil-lock-');
  const a = await acquireLock('board:f4-1', { dir, purpose: 'hil run kws.yaml' });
  t.match(JSON.parse(readFileSync(a.path, 'utf8')), { pid: process.pid, host: hostname(), purpose: 'hil run kws.yaml' });
  const again = await tryLock('board:f4-1', { dir, purpose: 'second' });
  t.notOk('release' in again, 'held: the holder comes back');
  t.equal((again as LockOwner).pid, process.pid);
  await t.rejects(acquireLock('board:f4-1', { dir, purpose: 'x' }), { name: 'LockBusyError', message: /^board:f4-1 is in use by pid \d+ on .* since .* \(hil run kws\.yaml\)$/ });
  t.same(listLocks(dir).map((l) => [l.name, l.alive]), [['board:f4-1', true]]);
  await a.release();
  t.notOk(existsSync(a.path));
  const b = await acquireLock('board:f4-1', { dir, purpose: 'third' });
  await b.release();
});

t.test("a SIGKILLed owner's lock is reclaimed", async (t) => {
  const dir = tempDir(t, 'hil-lock-');
  const child = spawn(process.execPath, [...nodeArgs, `import { acquireLock } from ${JSON.stringify(LOCK)}; await acquireLock('board:x', { dir: ${JSON.stringify(dir)}, purpose: 'the dead one' }); console.log('held'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res) => child.stdout!.on('data', (d) => String(d).includes('held') && res()));
  t.notOk('release' in (await tryLock('board:x', { dir, purpose: 'early' })), 'held while it lives');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const dead: LockOwner[] = [];
  const l = await acquireLock('board:x', { dir, purpose: 'after', onReclaim: (o) => dead.push(o) });
  t.same(dead.map((o) => [o.pid, o.purpose]), [[child.pid, 'the dead one']]);
  await l.release();
});

t.test('a pid now used by another process is not the owner: reclaimed; another host is never reclaimed', async (t) => {
  const dir = tempDir(t, 'hil-lock-');
  const reused: LockOwner = { pid: process.pid, start: (processStart(process.pid) ?? 0) - 1, host: hostname(), since: '2026-01-01T00:00:00Z', purpose: 'long ago' };
  writeFileSync(join(dir, 'board%3Ay.lock'), JSON.stringify(reused));
  const dead: LockOwner[] = [];
  const l = await acquireLock('board:y', { dir, purpose: 'now', onReclaim: (o) => dead.push(o) });
  t.equal(dead[0]?.purpose, 'long ago', 'same pid, another start time: reclaimed');
  await l.release();
  writeFileSync(join(dir, 'board%3Az.lock'), JSON.stringify({ ...reused, host: 'another-bench' }));
  const e = await acquireLock('board:z', { dir, purpose: 'now' }).catch((x: unknown) => x);
  t.type(e, LockBusyError);
  t.match((e as Error).message, /in use by pid \d+ on another-bench/);
});

t.test('waiting: one line when the wait begins, and the lock once the holder lets go', async (t) => {
  const dir = tempDir(t, 'hil-lock-');
  const a = await acquireLock('board:w', { dir, purpose: 'first' });
  const waits: LockOwner[] = [];
  const p = acquireLock('board:w', { dir, purpose: 'second', waitMs: 60_000, everyMs: 5, onWait: (o) => waits.push(o) });
  setTimeout(() => void a.release(), 50);
  const b = await p;
  t.same(waits.map((w) => w.purpose), ['first'], 'said once what it waits for');
  t.equal(b.owner.purpose, 'second');
  await b.release();
});

t.test('two processes contending 40 times each: never both inside', async (t) => {
  const dir = tempDir(t, 'hil-lock-');
  const log = join(dir, 'log');
  writeFileSync(log, '');
  const body = (id: string) =>
    `import { acquireLock } from ${JSON.stringify(LOCK)}; import { appendFileSync } from 'node:fs';
     for (let i = 0; i < 40; i++) {
       const l = await acquireLock('board:shared', { dir: ${JSON.stringify(dir)}, purpose: '${id}', waitMs: 120000, everyMs: 1 });
       appendFileSync(${JSON.stringify(log)}, '${id}+\\n');
       await new Promise((r) => setTimeout(r, 1));
       appendFileSync(${JSON.stringify(log)}, '${id}-\\n');
       await l.release();
     }`;
  const runs = ['A', 'B'].map((id) => spawn(process.execPath, [...nodeArgs, body(id)], { stdio: 'inherit' }));
  const codes = await Promise.all(runs.map((c) => new Promise((r) => c.on('exit', r))));
  t.same(codes, [0, 0]);
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  t.equal(lines.length, 160);
  let inside: string | undefined;
  let overlaps = 0;
  for (const l of lines) {
    if (l.endsWith('+')) {
      if (inside) overlaps++;
      inside = l[0];
    } else inside = undefined;
  }
  t.equal(overlaps, 0, 'every enter followed by its own leave');
  t.same(listLocks(dir), [], 'nothing left behind');
});
