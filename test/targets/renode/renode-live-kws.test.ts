/**
 * The KWS firmware on a real Renode: the same predictions and scores as on
 * QEMU for every clip, through the harness and through the CLI running
 * scenarios/kws-renode.yaml. Skipped without Renode (renode-live-kit.ts).
 */
import t from 'tap';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../../helpers/cli.js';
import { kwsClips, live, platform, runKws, sameResults } from './renode-live-kit.js';

const logDir = t.testdirName;

t.test('parity: the same KWS firmware predicts the same for every clip on QEMU (mps2-an386) and Renode (stm32f4-discovery)', live, async (t) => {
  const clips = await kwsClips();
  const q = await runKws(t, logDir, 'qemu', await platform('mps2-an386'), clips, 'memory');
  const r = await runKws(t, logDir, 'renode', await platform('stm32f4-discovery'), clips, 'memory');
  sameResults(t, q, r, clips.length, 'memory path on both');
});

t.test('scenarios/kws-renode.yaml passes on Renode, and predicts what QEMU mps2-an386 predicts for the same clips', live, async (t) => {
  const dir = t.testdir();
  const scenario = join(ROOT, 'scenarios', 'kws-renode.yaml');
  const rr = await runCli(['run', scenario, '--out', join(dir, 'renode'), '--reporter', 'json']);
  t.equal(rr.code, 0, rr.stdout + rr.stderr);
  // The same scenario on QEMU: only the platform and the target change (synth inputs and hashes resolve alike).
  const text = readFileSync(scenario, 'utf8');
  const onQemu = text.replace(/^platform: stm32f4-discovery$/m, 'platform: mps2-an386').replace(/^target: .*$/m, 'target: { kind: qemu, audio_path: memory }');
  t.not(onQemu, text);
  mkdirSync(join(dir, 'q', 'platforms'), { recursive: true });
  copyFileSync(join(ROOT, 'platforms', 'mps2-an386.yaml'), join(dir, 'q', 'platforms', 'mps2-an386.yaml'));
  writeFileSync(join(dir, 'q', 'kws-qemu.yaml'), onQemu);
  const qr = await runCli(['run', join(dir, 'q', 'kws-qemu.yaml'), '--out', join(dir, 'qemu'), '--reporter', 'json']);
  t.ok(qr.code === 0 || qr.code === 1, `QEMU ran (exit ${qr.code}; budgets may differ): ${qr.stderr}`);
  type Rep = { target: { kind: string }; clips: { id: string; status: string; predicted?: string; scores?: number[] }[] };
  const r = JSON.parse(readFileSync(join(dir, 'renode', 'report.json'), 'utf8')) as Rep;
  const q = JSON.parse(readFileSync(join(dir, 'qemu', 'report.json'), 'utf8')) as Rep;
  t.equal(r.target.kind, 'renode');
  t.equal(q.target.kind, 'qemu');
  t.ok(r.clips.length >= 40, `${r.clips.length} clips`);
  t.same(q.clips.map((c) => c.id), r.clips.map((c) => c.id), 'the same clips, in the same order');
  t.same(r.clips.filter((c) => c.status !== 'passed').map((c) => c.id), [], 'every clip ran on Renode');
  const differ = r.clips.filter((c, i) => c.predicted !== q.clips[i]!.predicted || JSON.stringify(c.scores) !== JSON.stringify(q.clips[i]!.scores));
  t.same(differ.map((c) => c.id), [], `the same prediction and scores for all ${r.clips.length} clips`);
});
