/**
 * A bench for the board target's tests without a board: a project folder whose
 * platforms/mps2-an386.yaml adds a `board:` section for the pty rig
 * (fixtures/pty-rig.sh: QEMU's UART on a pseudo-terminal, flashed and reset by
 * the script), with the repository's scenarios copied in unchanged. It is what
 * a user's own repository with its own platform file looks like.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Test } from 'tap';
import { ROOT } from '../../helpers/cli.js';

export const RIG = join(ROOT, 'test', 'targets', 'board', 'fixtures', 'pty-rig.sh');

export interface Rig {
  /** The project folder: scenarios here, platforms/ below it. */
  dir: string;
  /** The rig's own folder: tty (the port), qemu.pid, mon.sock. */
  rig: string;
  port: string;
  /** Unplugs the emulated board: the port vanishes, and flashing it again fails as with no probe. */
  unplug(): void;
}

/** Extra lines for the board section, or a whole flash command in place of the rig's. */
export interface RigOptions {
  /** The flash command, given the rig's folder. */
  flash?: (rig: string) => string[];
  port?: string;
}

const yamlList = (a: string[]) => `[${a.map((x) => JSON.stringify(x)).join(', ')}]`;

export function makeRig(t: Test, o: RigOptions = {}): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'hil-rig-'));
  const rig = join(dir, 'rig');
  const port = o.port ?? join(rig, 'tty');
  execFileSync('mkdir', ['-p', join(dir, 'platforms'), rig]);
  const base = readFileSync(join(ROOT, 'platforms', 'mps2-an386.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'platforms', 'mps2-an386.yaml'),
    `${base}
# The test rig: QEMU mps2-an386 behind a pseudo-terminal, as a board would be behind a USB serial port.
board:
  name: QEMU mps2-an386 behind a pseudo-terminal (test rig)
  port: { path: ${JSON.stringify(port)} }
  flash: { command: ${yamlList(o.flash?.(rig) ?? [RIG, 'flash', rig, '{elf}'])}, timeout: 30s }
  reset: { method: command, command: ${yamlList([RIG, 'reset', rig])} }
  reappear: 2s
  emulated: true
  counts: { unit: instructions, factor: 40 }
`,
  );
  for (const s of ['kws.yaml', 'selftest.yaml']) copyFileSync(join(ROOT, 'scenarios', s), join(dir, s));
  symlinkSync(join(ROOT, 'scenarios', 'clips'), join(dir, 'clips'));
  const unplug = () => execFileSync(RIG, ['unplug', rig]);
  // The board first (its pid file is in the folder), then the folder, kept if the test failed.
  t.teardown(() => {
    execFileSync(RIG, ['stop', rig]);
    if (t.passing()) rmSync(dir, { recursive: true, force: true });
  });
  return { dir, rig, port, unplug };
}
