/**
 * `matrix.target`: one scenario on several targets of one platform, side by
 * side. On the pty rig's mps2-an386: QEMU and the board (QEMU behind a
 * pseudo-terminal) compared clip by clip, and Renode skipped with a note
 * because the platform has no renode: section. And [renode, board] on the
 * stm32f4-discovery: Renode replayed (its recorded robot server, the firmware on
 * QEMU's netduinoplus2), the board the same port's ELF on netduinoplus2 behind
 * a pseudo-terminal.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { MatrixRow } from '../../src/reporters/matrix.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { fakeRenode } from '../targets/renode/fake-renode-bin.js';
import { RIG } from '../targets/board/pty-rig.js';
import { tempDir } from '../helpers/tmp.js';
import { makeRig } from '../targets/board/pty-rig.js';

t.test('[qemu, board, renode] on the rig: two run and agree clip by clip, one is skipped saying why', async (t) => {
  const rig = makeRig(t);
  writeFileSync(
    join(rig.dir, 'side.yaml'),
    `name: side
platform: mps2-an386
firmware: { app: selftest }
labels: [seg0, seg1, seg2, seg3]
inputs: [{ files: "clips/selftest/seg0/*.wav" }]
verify: selftest
matrix: { target: [qemu, board, renode] }
target: { audio_path: uart, workers: 1 }
`,
  );
  const out = join(rig.dir, 'out');
  const r = await runCli(['run', join(rig.dir, 'side.yaml'), '--out', out], { env: { TINYHIL_LOCKS: tempDir(t, 'hil-locks-') } });
  t.equal(r.code, 0, r.stdout + r.stderr);
  const { cells } = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as { cells: MatrixRow[] };
  t.same(cells.map((c) => [c.target, c.status]), [['qemu', 'passed'], ['board', 'passed'], ['renode', 'skipped']]);
  const board = cells[1]!;
  t.match(board.vs, { target: 'qemu', samePredictions: 3, differ: [] });
  t.ok(board.vs?.p50Ratio && Math.abs(board.vs.p50Ratio - 1) < 0.01, `the rig counts what QEMU counts: p50 ratio ${board.vs?.p50Ratio}`);
  t.match(board.cycles, /emulated rig/);
  t.match(cells[0]!.cycles, /QEMU -icount/);
  t.equal(cells[2]!.note, 'platform mps2-an386 has no renode: section');
  t.match(r.stdout, /side-renode: skipped: platform mps2-an386 has no renode: section/);
  t.match(r.stdout, /vs first target/);
  t.match(r.stdout, /board\s+passed .* 3 same, 0 differ; p50 x\d\.\d{3}/);
});

t.test('[renode, board] on stm32f4-discovery: Renode replayed, the board through a pty, compared clip by clip', async (t) => {
  const dir = tempDir(t, 'hil-side-');
  const rig = join(dir, 'rig');
  mkdirSync(join(dir, 'platforms'));
  symlinkSync(join(ROOT, 'scenarios', 'clips'), join(dir, 'clips'));
  const platform = parse(readFileSync(join(ROOT, 'platforms', 'stm32f4-discovery.yaml'), 'utf8')) as Record<string, unknown>;
  platform.board = {
    name: 'QEMU netduinoplus2 behind a pseudo-terminal (test rig for the STM32F4 port)',
    port: { path: join(rig, 'tty') },
    flash: { command: ['env', 'RIG_MACHINE=netduinoplus2', RIG, 'flash', rig, '{elf}'] },
    reset: { method: 'command', command: [RIG, 'reset', rig] },
    emulated: true,
  };
  writeFileSync(join(dir, 'platforms', 'stm32f4-discovery.yaml'), stringify(platform));
  t.teardown(() => execFileSync(RIG, ['stop', rig]));
  writeFileSync(
    join(dir, 'side.yaml'),
    `name: side
platform: stm32f4-discovery
firmware: { app: selftest }
labels: [seg0, seg1, seg2, seg3]
inputs: [{ files: "clips/selftest/seg0/*.wav" }]
verify: selftest
matrix: { target: [renode, board] }
timeouts: { boot: 30s, clip: 30s }
target: { audio_path: uart, workers: 1 }
`,
  );
  const renode = fakeRenode(dir, 'renode', ['--device', 'qemu']);
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 'side.yaml'), '--renode', renode.path, '--out', out], { env: { TINYHIL_LOCKS: tempDir(t, 'hil-locks-'), RENODE: '' } });
  t.equal(r.code, 0, r.stdout + r.stderr);
  const { cells } = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as { cells: MatrixRow[] };
  t.same(cells.map((c) => [c.target, c.status]), [['renode', 'passed'], ['board', 'passed']]);
  t.match(cells[1]!.vs, { target: 'renode', samePredictions: 3, differ: [] });
  t.type(cells[1]!.vs?.p50Ratio, 'number', 'the cycles side by side, as a ratio');
  t.match(cells[0]!.cycles, /Renode virtual time/);
  t.match(cells[1]!.cycles, /emulated rig/);
  t.ok(renode.journal().some((e) => e.keyword === 'ExecuteCommand'), 'the replayed Renode was driven');
});
