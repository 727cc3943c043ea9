/**
 * The Renode target against a real Renode: the same test bodies as
 * renode.test.ts (renode-cases.ts), on the shipped platform files, plus the
 * two other Renode platforms, the nRF52840's microphone (the pdm audio path),
 * and QEMU/Renode parity of the KWS firmware (scenarios/kws-renode.yaml too).
 *
 * Runs wherever Renode is found ($RENODE, else `renode` on PATH); CI's renode
 * job installs it. Elsewhere every test is skipped with how to enable them:
 *
 *   RENODE=/path/to/renode npm test
 */
import t, { type Test } from 'tap';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware } from '../../src/build/make.js';
import { loadPlatform } from '../../src/config/index.js';
import type { Platform } from '../../src/config/schema.js';
import type { Clip } from '../../src/core/types.js';
import { runHarness, type HarnessOutcome } from '../../src/harness/harness.js';
import type { AudioPath } from '../../src/targets/target.js';
import { loadClip, resolveInputs } from '../../src/inputs/index.js';
import { findRenode } from '../../src/targets/renode.js';
import { ROOT, runCli } from '../helpers/cli.js';
import {
  buildSelftest, hangRecovery, memorySelftest, missingElf, noLeftovers, pdmSelftest, runRenode, selftestClips, STM32F4_UART_BOOT, uartSelftest, unknownCommand, expectPassed,
} from './renode-cases.js';

const renode = findRenode();
const live = renode ? {} : { skip: 'Renode not found: install it and run `RENODE=/path/to/renode npm test` (or put renode on PATH) to run the live Renode tests' };
const platform = (name: string) => loadPlatform(join(ROOT, 'platforms', `${name}.yaml`));
const logDir = t.testdirName;

t.test('stm32f4-discovery on Renode', live, async (t) => {
  const p = await platform('stm32f4-discovery');
  const elf = await buildSelftest(p, logDir);
  t.test('UART path: selftest verified, commands in order, DWT virtual cycles', async (t) => {
    await uartSelftest(t, p, elf, STM32F4_UART_BOOT);
  });
  t.test('DWT counts: the firmware found it (cycle source dwt) and the selftest loop is one cycle per instruction', async (t) => {
    const r = await runRenode(p, elf, t.testdir(), selftestClips(1, -1, 4000));
    expectPassed(t, r, 1);
    t.equal(r.outcome.device?.cycleSource, 'dwt');
    const loop = r.outcome.results[0]!.values!.loop_cycles!;
    // 100000 iterations of subs/bne at 168 MIPS and a 168 MHz DWT: ~200000 virtual cycles.
    t.ok(Math.abs(loop - 200_000) < 200_000 * 0.02, `loop_cycles ${loop} ≈ 200000`);
  });
  t.test('memory path: batches through the harness region at 0x70000000', async (t) => {
    await memorySelftest(t, p, elf, 6);
  });
  t.test('a hung clip is recovered by a reset in place', async (t) => {
    await hangRecovery(t, p, elf);
  });
  t.test('a missing ELF is a tinyhil error with Renode\'s message', async (t) => {
    await missingElf(t, p);
  });
  t.test('an unknown command is a tinyhil error with Renode\'s message', async (t) => {
    await unknownCommand(t, p, elf);
  });
  t.test('no process left after stop', async (t) => {
    await noLeftovers(t, p, elf);
  });
});

for (const name of ['nrf52840', 'stm32f746']) {
  t.test(`${name} on Renode: selftest over the UART and the memory path`, live, async (t) => {
    const p = await platform(name);
    const elf = await buildSelftest(p, logDir);
    const r = await runRenode(p, elf, t.testdir(), selftestClips(2, -1, 8000));
    expectPassed(t, r, 2);
    t.equal(r.outcome.device?.board, name);
    t.equal(r.outcome.device?.cycleSource, 'dwt', 'the added DWT counts');
    await memorySelftest(t, p, elf, 4);
  });
}

/** The KWS fixture clips (4 per class, real synthesized speech). */
async function kwsClips(): Promise<Clip[]> {
  const dir = join(ROOT, 'test', 'kws', 'fixtures');
  const labels = ['_silence_', '_unknown_', 'yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'];
  const refs = await resolveInputs([{ manifest: 'manifest.csv' }], { baseDir: dir, labels, errorAt: (_p, m) => new Error(m) });
  return Promise.all(refs.map((r) => loadClip(r, { sampleRate: 16000 })));
}

const KWS_LABELS = ['_silence_', '_unknown_', 'yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'];

/** The int8 KWS firmware on one target and audio path, the clips in order. */
async function runKws(t: Test, kind: string, p: Platform, clips: Clip[], audioPath: AudioPath): Promise<HarnessOutcome> {
  const fw = await buildFirmware({ firmware: { app: 'kws', variables: { VARIANT: 'int8' } }, platform: p, baseDir: ROOT, logDir, timeoutMs: 600_000 });
  return runHarness({
    targetKind: kind, platform: p, board: p.name, elf: fw.elf, runDir: t.testdir(), workers: 1, bootMs: 30_000, clipMs: 60_000, labels: KWS_LABELS, argNames: [],
    clips: clips.map((c, index) => ({ index, id: c.id, bytes: c.samples.byteLength, load: async () => c })), audioPath,
    events: { log: () => undefined, deviceLog: () => undefined, boot: () => undefined, clip: () => undefined, error: (e) => t.comment(e.message) },
  });
}

/** Every clip ran on both, and each has the same prediction and scores. */
function sameResults(t: Test, q: HarnessOutcome, r: HarnessOutcome, n: number, what: string): void {
  t.equal(q.results.filter((c) => c.status === 'passed').length, n, 'all clips ran on QEMU');
  t.equal(r.results.filter((c) => c.status === 'passed').length, n, 'all clips ran on Renode');
  const differ = q.results.filter((c, i) => c.predicted !== r.results[i]!.predicted || JSON.stringify(c.scores) !== JSON.stringify(r.results[i]!.scores));
  t.same(differ.map((c) => c.id), [], `the same predictions and scores on ${n} clips (${what})`);
}

t.test('parity: the same KWS firmware predicts the same for every clip on QEMU (mps2-an386) and Renode (stm32f4-discovery)', live, async (t) => {
  const clips = await kwsClips();
  const q = await runKws(t, 'qemu', await platform('mps2-an386'), clips, 'memory');
  const r = await runKws(t, 'renode', await platform('stm32f4-discovery'), clips, 'memory');
  sameResults(t, q, r, clips.length, 'memory path on both');
});

t.test('pdm: the nRF52840 records each clip from its PDM microphone model', live, async (t) => {
  const p = await platform('nrf52840');
  t.test('selftest: every sample recorded exactly (verified on the host), the model reset and fed per clip', async (t) => {
    const r = await pdmSelftest(t, p, await buildSelftest(p, logDir), 4);
    t.equal(r.outcome.targetSettings.microphone, 'sysbus.pdm');
  });
  t.test('KWS over the microphone predicts what QEMU predicts over the memory path, clip for clip', async (t) => {
    const clips = await kwsClips();
    const q = await runKws(t, 'qemu', await platform('mps2-an386'), clips, 'memory');
    const r = await runKws(t, 'renode', p, clips, 'pdm');
    sameResults(t, q, r, clips.length, 'QEMU memory path, Renode nrf52840 pdm path');
  });
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
