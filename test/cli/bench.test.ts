/**
 * `hil flash` and `hil monitor` on the pty rig (test/targets/board/pty-rig.ts):
 * flash a scenario's firmware, watch the board say HELLO after its reset, and
 * the errors a bench user meets (no platform, a board someone else holds).
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from '../../src/proc/lock.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { makeRig } from '../targets/board/pty-rig.js';

t.test('flash a scenario onto the board, then monitor it: its HELLO, decoded', async (t) => {
  const rig = makeRig(t);
  const env = { TINYHIL_LOCKS: tempDir(t, 'hil-locks-') };
  const f = await runCli(['flash', join(rig.dir, 'selftest.yaml')], { env });
  t.equal(f.code, 0, f.stdout + f.stderr);
  t.match(f.stdout, /^built .*selftest\.elf$/m);
  t.match(f.stdout, /^flashed .*selftest\.elf onto QEMU mps2-an386 behind a pseudo-terminal \(test rig\)$/m);
  t.ok(existsSync(join(rig.rig, 'qemu.pid')), 'the board runs what was flashed');
  const m = await runCli(['monitor', join(rig.dir, 'selftest.yaml'), '--for', '3s'], { env });
  t.equal(m.code, 0, m.stdout + m.stderr);
  t.match(m.stdout, /^monitoring serial port .*tty at 115200 baud \(QEMU mps2-an386 behind a pseudo-terminal \(test rig\)\); Ctrl-C ends$/m);
  t.match(m.stdout, /^HELLO #\d+ selftest 1\.0\.0 on mps2-an386, 25000000 Hz, protocol 1, cycles by systick, labels \[seg0, seg1, seg2, seg3\]$/m);
});

t.test('what a bench user gets wrong: an ELF without a platform (exit 2), a board in use (exit 3, naming the holder)', async (t) => {
  const rig = makeRig(t);
  const locks = tempDir(t, 'hil-locks-');
  const env = { TINYHIL_LOCKS: locks };
  const noPlatform = await runCli(['flash', join(rig.dir, 'fw.elf')], { env });
  t.equal(noPlatform.code, 2);
  t.match(noPlatform.stderr, /which board\? give a scenario file, or --platform <name> with an ELF/);
  const held = await acquireLock(`port:path ${rig.port}`, { dir: locks, purpose: 'hil run kws.yaml (another user)' });
  t.teardown(() => held.release());
  const busy = await runCli(['monitor', join(rig.dir, 'selftest.yaml'), '--for', '1s'], { env });
  t.equal(busy.code, 3, busy.stdout);
  t.match(busy.stdout, new RegExp(`no free mps2-an386 board: port:path .*tty in use by pid ${process.pid} on .* \\(hil run kws\\.yaml \\(another user\\)\\)`));
});
