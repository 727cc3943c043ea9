/**
 * The lab file and board locks, through the pty rig: two runs contending for
 * one board (the second waits, says for whom, and runs after), a run that will
 * not wait (exit 3 naming the holder), a dead owner's lock taken over, and bad
 * lab input refused before anything is built (exit 2).
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../src/core/types.js';
import { runCli, startCli, waitFor } from '../../helpers/cli.js';
import { makeRig, RIG } from './pty-rig.js';
import { tempDir } from '../../helpers/tmp.js';
import { acquireLock } from '../../../src/proc/lock.js';

const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
const runLog = (dir: string) => readFileSync(join(dir, 'run.log'), 'utf8');

/** A lab with the rig as its one mps2-an386 board, and a locks folder of the test's own. */
function lab(t: Parameters<typeof makeRig>[0]) {
  const rig = makeRig(t);
  const locks = tempDir(t, 'hil-locks-');
  writeFileSync(join(rig.dir, 'lab.yaml'), `boards:\n  - id: rig-1\n    platform: mps2-an386\n    port: { path: ${JSON.stringify(rig.port)} }\n    labels: [hil-mps2]\n    emulated: true\n`);
  const env = { TINYHIL_LOCKS: locks };
  const args = (out: string, ...more: string[]) => ['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--lab', join(rig.dir, 'lab.yaml'), '--limit', '3', '--out', join(rig.dir, out), ...more];
  return { rig, locks, env, args };
}

t.test('two runs, one board: the second waits, saying for whom, then runs; a third that will not wait exits 3 naming the holder', async (t) => {
  const { rig, env, args } = lab(t);
  const first = startCli(args('a'), { env });
  await waitFor('the first run on the board', () => {
    try {
      return /board rig-1/.test(runLog(join(rig.dir, 'a')));
    } catch {
      return false;
    }
  }, 120_000);
  const [second, third] = await Promise.all([runCli(args('b', '--board-wait', '10m'), { env }), runCli(args('c'), { env })]);
  const a = await first.done;
  t.equal(a.code, 0, a.stdout);
  t.equal(second.code, 0, second.stdout);
  t.match(runLog(join(rig.dir, 'b')), new RegExp(`waiting up to 600 s for a free mps2-an386 board: board:rig-1 in use by pid ${first.child.pid} on `));
  t.equal(third.code, 3, third.stdout);
  t.match(third.stdout, new RegExp(`no free mps2-an386 board: board:rig-1 in use by pid ${first.child.pid} on .* \\(--board-wait <duration> waits for one\\)`));
  t.match(report(join(rig.dir, 'a')).target.settings, { unit: 'rig-1', labels: ['hil-mps2'], emulated: true });
  // The second began only after the first let go: its clips all passed on a board nobody else was talking to.
  t.same(report(join(rig.dir, 'b')).clips.map((c) => c.status), ['passed', 'passed', 'passed']);
});

t.test("a lock whose owner is dead is taken over, and the run says so", async (t) => {
  const { rig, locks, env, args } = lab(t);
  // pid 2^22 - 1 is above Linux's default pid_max: no process has it.
  writeFileSync(join(locks, 'board%3Arig-1.lock'), JSON.stringify({ pid: 4194303, start: 1, host: hostname(), since: '2026-12-01T00:00:00Z', purpose: 'a run killed with SIGKILL' }));
  const r = await runCli(args('out'), { env });
  t.equal(r.code, 0, r.stdout);
  t.match(runLog(join(rig.dir, 'out')), /board:rig-1 was held by pid 4194303 .* \(a run killed with SIGKILL\), which is gone: taken over/);
});

t.test('bad lab input is refused before anything is built: exit 2', async (t) => {
  const { rig, env, args } = lab(t);
  const unknown = await runCli(args('x', '--board', 'rig-9'), { env });
  t.equal(unknown.code, 2, unknown.stdout);
  t.match(unknown.stderr + unknown.stdout, /--board rig-9: no such board in .*lab\.yaml; it has rig-1 \(mps2-an386\)/);
  t.notMatch(unknown.stdout + unknown.stderr, /flashing|build/i, 'nothing built or flashed');
  writeFileSync(join(rig.dir, 'lab.yaml'), 'boards:\n  - id: a\n    platform: mps2-an386\n    port: { path: /dev/x }\n  - id: a\n    platform: mps2-an386\n    port: { path: /dev/y }\n');
  const dup = await runCli(args('y'), { env });
  t.equal(dup.code, 2, dup.stdout);
  t.match(dup.stderr + dup.stdout, /lab\.yaml:5:9: boards\[1\]\.id id "a" is given twice/);
  const wait = await runCli(args('z', '--board-wait', 'soon'), { env });
  t.equal(wait.code, 2);
  t.match(wait.stderr + wait.stdout, /--board-wait soon: /);
});

t.test('hil boards: the lab, what is present, and who holds which board; exit 0 where ports cannot be listed', async (t) => {
  const { rig, locks, env } = lab(t);
  const held = await acquireLock('board:rig-1', { dir: locks, purpose: 'hil run scenarios/kws.yaml' });
  t.teardown(() => held.release());
  const r = await runCli(['boards', '--lab', join(rig.dir, 'lab.yaml')], { env });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^serial ports:\n  (cannot list them here: listing serial ports needs udevadm.*|none|\/dev\/.*)\n/);
  t.match(r.stdout, new RegExp(`rig-1  mps2-an386  path .*tty  absent  locked by pid ${process.pid} on .* \\(hil run scenarios/kws\\.yaml\\)  \\[hil-mps2\\]  \\(emulated\\)`));
  await held.release();
  const free = await runCli(['boards', '--lab', join(rig.dir, 'lab.yaml')], { env });
  t.match(free.stdout, /rig-1  mps2-an386  path .*tty  absent  free/);
});

t.test('--workers 2 takes two boards of the platform: each worker its own unit, per-unit flash and reset from the lab', async (t) => {
  const rig = makeRig(t);
  const second = join(rig.dir, 'rig2');
  t.teardown(() => execFileSync(RIG, ['stop', second]));
  const locks = tempDir(t, 'hil-locks-');
  const y = (a: string[]) => JSON.stringify(a);
  writeFileSync(
    join(rig.dir, 'lab.yaml'),
    `boards:
  - { id: rig-1, platform: mps2-an386, port: { path: ${JSON.stringify(rig.port)} }, emulated: true }
  - id: rig-2
    platform: mps2-an386
    port: { path: ${JSON.stringify(join(second, 'tty'))} }
    emulated: true
    board:
      flash: { command: ${y([RIG, 'flash', second, '{elf}'])} }
      reset: { method: command, command: ${y([RIG, 'reset', second])} }
`,
  );
  const out = join(rig.dir, 'out');
  const r = await runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--lab', join(rig.dir, 'lab.yaml'), '--workers', '2', '--limit', '6', '--out', out], { env: { TINYHIL_LOCKS: locks } });
  t.equal(r.code, 0, r.stdout);
  const rep = report(out);
  t.equal(rep.target.workers, 2);
  t.same([...new Set(rep.clips.map((c) => c.worker))].sort(), [0, 1], 'both boards ran clips');
  t.ok(rep.clips.every((c) => c.status === 'passed'));
  t.match(runLog(out), /worker \d: board rig-1 /);
  t.match(runLog(out), /worker \d: board rig-2 /);
  t.ok(existsSync(join(second, 'qemu.pid')), 'the second unit was flashed by its own command');
  const three = await runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--lab', join(rig.dir, 'lab.yaml'), '--workers', '3', '--limit', '2', '--out', join(rig.dir, 'o3')], { env: { TINYHIL_LOCKS: locks } });
  t.equal(three.code, 0, three.stdout);
  t.match(runLog(join(rig.dir, 'o3')), /board runs 2 workers on mps2-an386 at once; 3 asked/);
});
