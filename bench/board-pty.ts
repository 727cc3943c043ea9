/**
 * The board target's throughput through a real serial path, side by side in one
 * run: kws.yaml's clips (1 s, 32 KB of samples each) streamed over the UART path
 * to QEMU's mps2-an386 behind a pseudo-terminal (test/targets/board's pty rig),
 * first unpaced (as fast as the pty and QEMU's UART model go), then through a
 * relay that paces bytes at 921600 and at 115200 baud (8N1). The relay is a model
 * of the link's speed only: no bit errors, FIFOs or flow control. Checks that
 * every variant gave the same predictions.
 *
 *   node --import=@tapjs/typescript/import bench/board-pty.ts [--clips N]
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAll } from '../src/runner/run.js';
import type { RunReport } from '../src/core/types.js';

const ROOT = resolve(import.meta.dirname, '..');
const RIG = join(ROOT, 'test', 'targets', 'board', 'fixtures', 'pty-rig.sh');
const clips = Number(process.argv[process.argv.indexOf('--clips') + 1]) || 12;
const dir = mkdtempSync(join(tmpdir(), 'hil-bench-board-'));
const rig = join(dir, 'rig');
mkdirSync(join(dir, 'platforms'), { recursive: true });
copyFileSync(join(ROOT, 'scenarios', 'kws.yaml'), join(dir, 'kws.yaml'));
const base = readFileSync(join(ROOT, 'platforms', 'mps2-an386.yaml'), 'utf8');

/** The rig's platform file: unpaced (`baud` undefined) or through the pacing relay. */
function platform(baud?: number): void {
  const flash = baud ? [RIG, 'flash-paced', rig, '{elf}', String(baud)] : [RIG, 'flash', rig, '{elf}'];
  writeFileSync(
    join(dir, 'platforms', 'mps2-an386.yaml'),
    `${base}
board:
  name: QEMU mps2-an386 behind a pseudo-terminal${baud ? `, paced at ${baud} baud` : ''} (bench rig)
  port: { path: ${JSON.stringify(join(rig, baud ? 'paced' : 'tty'))} }
  flash: { command: ${JSON.stringify(flash)} }
  reset: { method: command, command: ${JSON.stringify([RIG, 'reset', rig])} }
  emulated: true
  counts: { unit: instructions, factor: 40 }
`,
  );
}

async function once(name: string, baud?: number): Promise<{ name: string; report: RunReport }> {
  platform(baud);
  try {
    const r = await runAll({ scenarios: [join(dir, 'kws.yaml')], target: 'board', sample: clips, seed: 1, out: join(dir, name), reporters: [], stdout: () => undefined, timeoutMultiplier: 4 });
    if (r.exitCode === 3 || r.exitCode === 2) throw new Error(`${name}: exit ${r.exitCode}; see ${r.runDir}`);
    return { name, report: r.reports[0]! };
  } finally {
    execFileSync(RIG, ['stop', rig]);
  }
}

const runs = [await once('unpaced'), await once('921600 baud', 921_600), await once('115200 baud', 115_200)];
// Streaming and computing time: the sum of clip wall times (build, flash and boot excluded).
const rate = (r: RunReport) => (r.clips.length * 1000) / r.clips.reduce((s, c) => s + c.wallMs, 0);
const first = rate(runs[0]!.report);
console.log(`kws through the pty rig, ${clips} clips each (1 s, 32,000 bytes of samples a clip), UART audio path`);
console.log(`link           clips/s   s/clip   vs unpaced`);
for (const { name, report } of runs) {
  const r = rate(report);
  console.log(`${name.padEnd(13)} ${r.toFixed(3).padStart(8)} ${(1 / r).toFixed(2).padStart(8)} ${(r / first).toFixed(2).padStart(11)}x`);
}
const preds = runs.map(({ report }) => report.clips.map((c) => `${c.id}:${c.predicted}`).join('|'));
const same = preds.every((p) => p === preds[0]);
console.log(`same predictions on every link: ${same ? 'yes' : 'NO'}`);
console.log('the paced links are a model of the line rate (a relay pacing bytes at baud/10 per second), not a UART');
if (!same) process.exitCode = 1;
