/**
 * `matrix.target`: one scenario on several targets of one platform, side by
 * side. On the pty rig's mps2-an386: QEMU and the board (QEMU behind a
 * pseudo-terminal) compared clip by clip, and Renode skipped with a note
 * because the platform has no renode: section.
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MatrixRow } from '../../src/reporters/matrix.js';
import { runCli } from '../helpers/cli.js';
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
