/**
 * UART vs memory audio path on QEMU, measured side by side in one run: the same
 * 12 selftest clips through both paths, wall time and clips/s, and the ratio.
 * Also checks the two paths gave the same predictions (a benchmark of a wrong
 * answer is worthless).
 *
 *   node --import=@tapjs/typescript/import bench/audio-paths.ts [--repeat N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAll } from '../src/runner/run.js';
import type { RunReport } from '../src/core/types.js';

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 1;
const out = mkdtempSync(join(tmpdir(), 'hil-bench-'));

async function once(path: 'uart' | 'memory', i: number): Promise<RunReport> {
  const r = await runAll({ scenarios: ['scenarios/selftest.yaml'], audioPath: path, out: join(out, `${path}-${i}`), reporters: [], stdout: () => undefined });
  if (r.exitCode !== 0) throw new Error(`${path} run ${i} failed (exit ${r.exitCode}); see ${r.runDir}`);
  return r.reports[0]!;
}

const rows: { path: string; clips: number; ms: number }[] = [];
const preds: Record<string, string> = {};
for (let i = 0; i < repeat; i++) {
  for (const path of ['uart', 'memory'] as const) {
    const rep = await once(path, i);
    // Time spent streaming and computing: the sum of clip wall times (build and boot excluded).
    const ms = rep.clips.reduce((s, c) => s + c.wallMs, 0);
    rows.push({ path, clips: rep.clips.length, ms });
    preds[path] = rep.clips.map((c) => `${c.id}:${c.predicted}:${c.scores?.join(',')}`).join('|');
  }
}
const agg = (p: string) => {
  const rs = rows.filter((r) => r.path === p);
  const clips = rs.reduce((s, r) => s + r.clips, 0);
  const ms = rs.reduce((s, r) => s + r.ms, 0);
  return { clips, ms, perClip: ms / clips, rate: (clips * 1000) / ms };
};
const u = agg('uart');
const m = agg('memory');
console.log(`audio path   clips   total ms   ms/clip   clips/s`);
for (const [name, a] of [['uart', u], ['memory', m]] as const)
  console.log(`${name.padEnd(11)} ${String(a.clips).padStart(6)} ${a.ms.toFixed(0).padStart(10)} ${a.perClip.toFixed(1).padStart(9)} ${a.rate.toFixed(2).padStart(9)}`);
console.log(`memory path is ${(u.perClip / m.perClip).toFixed(1)}x faster per clip (QEMU mps2-an386, selftest, 1 s clips)`);
console.log(`same predictions and scores on both paths: ${preds.uart === preds.memory ? 'yes' : 'NO'}`);
if (preds.uart !== preds.memory) process.exitCode = 1;
