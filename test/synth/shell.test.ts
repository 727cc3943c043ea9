/** The per-worker shell the synth engines run through. */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { CommandShell } from '../../src/synth/shell.js';
import { alive } from '../helpers/proc.js';

t.test('runs commands in order, exit codes, output in the log; a timeout kills the shell and the next command gets a new one', async (t) => {
  const dir = t.testdir({});
  const sh = new CommandShell({ name: 'w0', logDir: dir });
  t.same(await sh.run('/bin/echo', ['hello world', "it's"], 5000), { code: 0, timedOut: false });
  t.same(await sh.run('/bin/sh', ['-c', 'echo oops >&2; exit 3'], 5000), { code: 3, timedOut: false });
  const t0 = Date.now();
  t.same(await sh.run('/bin/sleep', ['30'], 300), { code: -1, timedOut: true });
  t.ok(Date.now() - t0 < 5000, 'the timeout returns promptly');
  t.same(await sh.run('/bin/true', [], 5000), { code: 0, timedOut: false }, 'a new shell after the timeout');
  await sh.close();
  await sh.close();
  // Counted after close: each shell's log stream is flushed when its process has exited.
  const closed = readFileSync(sh.logPath, 'utf8');
  // The log is a stream written as the shell's output arrives, and a command's stderr may reach it after
  // its exit code does (two pipes): what the commands printed is there once the shell has closed.
  t.match(closed, /\$ \/bin\/echo 'hello world' 'it'\\''s'\nhello world it's\n/);
  t.match(closed, /oops/);
  const shells = (closed.match(/\$ \/bin\/sh -c 'while/g) ?? []).length;
  t.equal(shells, 2, 'two shells were started');
  // No sleep 30 is left behind: its process group was killed with the shell.
  const sleeping = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && alive(Number(d)) && cmdline(d) === '/bin/sleep 30');
  t.same(sleeping, [], 'nothing left running');
});

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}
