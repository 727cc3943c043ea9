/**
 * The shipped KWS scenarios, run as a user runs them: `scenarios/kws.yaml` (the
 * README's main command) passes on the gated test set through the memory path;
 * `scenarios/kws-uart.yaml` gives the same per-clip predictions and scores over
 * the UART as the same clips through the memory path; `scenarios/kws-quant.yaml`
 * runs both variants and tables them side by side.
 */
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Clip {
  id: string;
  status: string;
  label: string;
  predicted?: string;
  scores?: number[];
  group?: string;
  parityDiff?: number | null;
}
interface Report {
  status: string;
  target: { kind: string; audioPath: string };
  metrics: { accuracy: number; accuracyByGroup?: Record<string, { accuracy: number; n: number }> };
  budgets: { name: string; status: string }[];
  clips: Clip[];
}

const tmp = (t: Test, name: string) => tempDir(t, `kws-scn-${name}-`);
const report = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const scenario = (name: string) => join(ROOT, 'scenarios', `${name}.yaml`);

let gate: Report | undefined;

t.test('scenarios/kws.yaml: 520 held-out clips on the memory path, every budget holds', async (t) => {
  const out = tmp(t, 'gate');
  const r = await runCli(['run', scenario('kws'), '--out', out]);
  t.equal(r.code, 0, `exit 0\n${r.stdout}${r.stderr}`);
  const rep = report(out);
  gate = rep;
  t.equal(rep.target.audioPath, 'memory', 'the report says the memory path ran');
  t.equal(rep.clips.length, 520, 'the whole gated test set ran');
  t.ok(rep.clips.every((c) => c.status === 'passed' && c.parityDiff === 0), 'every clip passed, bit-identical to the host build');
  const names = rep.budgets.map((b) => b.name);
  for (const b of ['accuracy.min', 'recall.min', 'latency.p50.max', 'latency.p95.max', 'ram.peak.max', 'flash.max', 'stack.max', 'parity']) {
    t.ok(names.some((n) => n === b || n.startsWith(`${b}`)), `budget ${b} checked`);
  }
  t.ok(rep.budgets.every((b) => b.status === 'passed'), 'all budgets passed');
  const groups = rep.metrics.accuracyByGroup ?? {};
  t.same(Object.keys(groups).sort(), ['espeak-ng', 'noise', 'recorded'], 'accuracy reported per voice group');
  t.match(r.stdout, /espeak-ng:\s+\d/, 'the console gives espeak-ng accuracy apart');
  t.match(r.stdout, /recorded:\s+\d/, 'and recorded-voice accuracy');
});

t.test('cycle counts measure the firmware, not the host: the same clips, with the host loaded, in other batches, count the same to the instruction', async (t) => {
  t.ok(gate, 'the gate ran above');
  // Four busy processes on a 2-core machine: under -icount, host time used to leak into the figures
  // through where the device's SysTick phase stood when the host's bytes arrived.
  const busy = Array.from({ length: 4 }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const out = tmp(t, 'loaded');
  let r;
  try {
    r = await runCli(['run', scenario('kws'), '--sample', '80', '--seed', '7', '--workers', '1', '--out', out]);
  } finally {
    for (const b of busy) b.kill('SIGKILL');
  }
  t.ok(r.code === 0 || r.code === 1, `ran (exit ${r.code}; a subset may miss an accuracy budget)\n${r.stderr}`);
  const loaded = report(out).clips as (Clip & { cycles?: number })[];
  t.equal(loaded.length, 80);
  const before = new Map((gate?.clips ?? []).map((c) => [c.id, (c as Clip & { cycles?: number }).cycles]));
  const differ = loaded.filter((c) => c.cycles === undefined || c.cycles !== before.get(c.id)).map((c) => `${c.id}: ${before.get(c.id)} vs ${c.cycles}`);
  t.same(differ, [], 'every clip: the same instruction-equivalent cycles as in the unloaded, 2-worker gate run');
});

t.test('scenarios/kws-uart.yaml: the UART path gives the same predictions as the memory path', async (t) => {
  const uart = tmp(t, 'uart');
  const mem = tmp(t, 'mem');
  const ru = await runCli(['run', scenario('kws-uart'), '--out', uart]);
  t.equal(ru.code, 0, `UART run exit 0\n${ru.stdout}${ru.stderr}`);
  const rm = await runCli(['run', scenario('kws-uart'), '--audio-path', 'memory', '--out', mem]);
  t.equal(rm.code, 0, `memory run exit 0\n${rm.stdout}${rm.stderr}`);
  const a = report(uart);
  const b = report(mem);
  t.equal(a.target.audioPath, 'uart');
  t.equal(b.target.audioPath, 'memory');
  t.ok(a.clips.length >= 12 && a.clips.length <= 24, `a small smoke set (${a.clips.length} clips)`);
  const byId = new Map(b.clips.map((c) => [c.id, c]));
  t.equal(byId.size, a.clips.length, 'the same clips on both paths');
  for (const c of a.clips) {
    const m = byId.get(c.id);
    t.equal(c.predicted, m?.predicted, `${c.id}: same prediction`);
    t.same(c.scores, m?.scores, `${c.id}: same scores`);
  }
});

t.test('scenarios/kws-quant.yaml: int8 and f32 side by side', async (t) => {
  const out = tmp(t, 'quant');
  const r = await runCli(['run', scenario('kws-quant'), '--out', out]);
  t.equal(r.code, 0, `exit 0\n${r.stdout}${r.stderr}`);
  const m = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as {
    cells: { variant: string; platform: string; status: string; accuracy: number; latencyP50: number; peakRam: number; flash: number }[];
  };
  t.same(m.cells.map((c) => c.variant), ['int8', 'f32'], 'one cell per variant');
  for (const c of m.cells) {
    t.equal(c.status, 'passed', `${c.variant} passed`);
    t.ok(c.accuracy > 0 && c.latencyP50 > 0 && c.peakRam > 0 && c.flash > 0, `${c.variant}: accuracy, latency, RAM, flash measured`);
  }
  // The two builds really differ: float weights take four times the flash of int8 ones.
  t.ok(m.cells[1]!.flash > 2 * m.cells[0]!.flash, 'the f32 build carries float weights');
  t.match(r.stdout, /variant\s+platform\s+status\s+accuracy/, 'the side-by-side table is printed');
});
