/**
 * Users add tinyhil to their own firmware repository: install it from the
 * `npm pack` tarball into a scratch project (with npm's defaults, so a newer
 * npm may leave @serialport/bindings-cpp's install script unapproved), then
 * `hil doctor --target board` and a board scenario there, through the pty rig
 * described by the project's own platform file.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../helpers/cli.js';
import { RIG } from './pty-rig.js';

const run = promisify(execFile);

t.test('installed from npm pack into a scratch project: the binding loads, a board scenario runs there', async (t) => {
  t.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'hil-install-'));
  const rig = join(dir, 'rig');
  t.teardown(async () => {
    await run(RIG, ['stop', rig]).catch(() => undefined);
    if (t.passing()) rmSync(dir, { recursive: true, force: true });
  });
  const { stdout: packed } = await run('npm', ['pack', '--pack-destination', dir], { cwd: ROOT });
  const tarball = join(dir, packed.trim().split('\n').at(-1)!);
  const project = join(dir, 'my-firmware');
  mkdirSync(join(project, 'platforms'), { recursive: true });
  mkdirSync(join(project, 'clips', 'seg0'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-firmware', private: true, type: 'module' }));
  const inst = await run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, maxBuffer: 1 << 24 });
  t.pass(`npm install: ${inst.stderr.split('\n').filter((l) => /script|warn/i.test(l)).join(' | ') || 'no warnings'}`);

  const doctor = await run(join(project, 'node_modules', '.bin', 'hil'), ['doctor', '--target', 'board'], { cwd: project }).catch((e: { code: number; stdout: string }) => e);
  t.equal((doctor as { code?: number }).code ?? 0, 0, 'doctor: the board kind is ready');
  t.match(doctor.stdout, /board\s+ready/);

  for (const f of readdirSync(join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0')).slice(0, 2)) copyFileSync(join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', f), join(project, 'clips', 'seg0', f));
  writeFileSync(
    join(project, 'platforms', 'mps2-an386.yaml'),
    `name: mps2-an386
cpu: cortex-m4
fpu: true
clock_hz: 25000000
memory:
  flash: { start: 0x00000000, size: 1MiB }
  ram: { start: 0x20000000, size: 256KiB }
board:
  name: the bench's emulated board (a pty rig)
  port: { path: ${JSON.stringify(join(rig, 'tty'))} }
  flash: { command: ${JSON.stringify([RIG, 'flash', rig, '{elf}'])} }
  reset: { method: command, command: ${JSON.stringify([RIG, 'reset', rig])} }
  emulated: true
  counts: { unit: instructions, factor: 40 }
`,
  );
  writeFileSync(
    join(project, 'bench.yaml'),
    `name: bench
platform: mps2-an386
firmware: { app: selftest }
labels: [seg0, seg1, seg2, seg3]
inputs: [{ files: "clips/seg0/*.wav" }]
verify: selftest
budgets: { accuracy: { min: 100% } }
target: { kind: board }
`,
  );
  const r = await run(join(project, 'node_modules', '.bin', 'hil'), ['run', 'bench.yaml', '--out', 'out'], { cwd: project }).catch((e: { code: number; stdout: string }) => e);
  t.equal((r as { code?: number }).code ?? 0, 0, r.stdout);
  t.match(r.stdout, /Target:\s+board, 1 worker, audio path uart/);
  t.match(r.stdout, /2 passed, 0 failed/);
});
