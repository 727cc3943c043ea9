/**
 * The reaper after a normal stop: a later child or temp folder in the same
 * process (a second command, a test) must get a working reaper again, not be
 * told to one that has already exited.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { reaperPid, stopReaper, tempFolder } from '../../src/proc/reaper.js';
import { alive } from '../helpers/proc.js';

/** Waits for `pid` to be gone (the reaper exits once its stdin ends). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return !alive(pid);
}

t.test('stopReaper, then a new temp folder: a new reaper starts and does its job', async (t) => {
  const base = t.testdir();
  const first = tempFolder('a-', base);
  const pid1 = reaperPid();
  t.ok(pid1 !== undefined && alive(pid1), 'the first folder started a reaper');
  await stopReaper();
  t.equal(reaperPid(), undefined, 'forgotten once stopped');
  t.ok(await gone(pid1!), 'the first reaper exited');
  t.notOk(existsSync(first), 'and removed the folder it was told of');

  const second = tempFolder('b-', base);
  const pid2 = reaperPid();
  t.ok(pid2 !== undefined && pid2 !== pid1 && alive(pid2), 'a new reaper for the next folder');
  await stopReaper();
  t.ok(await gone(pid2!), 'the second reaper exited');
  t.notOk(existsSync(second), 'the second reaper was told of its folder and removed it');
});
