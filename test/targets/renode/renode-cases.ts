/**
 * The Renode target's test bodies, shared by renode.test.ts (against the
 * recordings: fake-renode.ts, with QEMU as the device behind its UART) and
 * renode-live.test.ts (against a real Renode, where one is installed). Each
 * case takes the platform to run and says what it expects of any Renode.
 */
import type { Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware } from '../../../src/build/make.js';
import type { Platform } from '../../../src/config/schema.js';
import type { Clip } from '../../../src/core/types.js';
import { runHarness, type HarnessConfig, type HarnessOutcome } from '../../../src/harness/harness.js';
import { selftestVerifier } from '../../../src/harness/selftest.js';
import { createRenodeTarget, RenodeCommandError } from '../../../src/targets/renode/renode.js';
import { markedProcesses, ROOT, waitFor } from '../../helpers/cli.js';

/**
 * What the target sends for stm32f4-discovery over the UART path, in order (the
 * same for a live Renode and the replaying fake: the harness region is only
 * added on the memory path).
 */
export const STM32F4_UART_BOOT = [
  'mach create',
  'machine LoadPlatformDescription @platforms/boards/stm32f4_discovery.repl',
  'machine LoadPlatformDescriptionFromString "dwt: Miscellaneous.DWT @ sysbus 0xE0001000 { frequency: 168000000 }"',
  'sysbus.cpu PerformanceInMips 168',
  'sysbus LoadELF @<elf>',
  'macro reset "sysbus LoadELF @<elf>; sysbus.nvic Frequency 168000000"',
  'sysbus.nvic Frequency 168000000',
  'emulation CreateServerSocketTerminal <port> "term" false',
  'connector Connect sysbus.usart2 term',
  'emulation SetGlobalAdvanceImmediately true',
  'start',
];

/** Deterministic 1 s clips: a different pattern per clip, `hang` on request. */
export function selftestClips(n: number, hangAt = -1, length = 16000): Clip[] {
  return Array.from({ length: n }, (_, k) => {
    const samples = new Int16Array(length);
    for (let i = 0; i < samples.length; i++) samples[i] = (((i + 1) * (7919 + 104729 * k)) % 65536) - 32768;
    return { id: `clip${k}`, samples, sampleRate: 16000, label: `seg${k % 4}`, ...(k === hangAt ? { args: { hang: 1 } } : {}) };
  });
}

export async function buildSelftest(platform: Platform, logDir: string): Promise<string> {
  return (await buildFirmware({ firmware: { app: 'selftest' }, platform, baseDir: ROOT, logDir, timeoutMs: 300_000 })).elf;
}

export interface HarnessRun {
  outcome: HarnessOutcome;
  log: string[];
}

/** Runs clips through the harness on the renode target (RENODE names the Renode under test). */
export async function runRenode(platform: Platform, elf: string, runDir: string, clips: Clip[], o: Partial<HarnessConfig> = {}): Promise<HarnessRun> {
  const log: string[] = [];
  const outcome = await runHarness({
    targetKind: 'renode', platform, board: platform.name, elf, runDir, workers: 1, bootMs: 30_000, clipMs: 60_000,
    labels: ['seg0', 'seg1', 'seg2', 'seg3'], argNames: selftestVerifier.argNames!, verifier: selftestVerifier,
    clips: clips.map((c, index) => ({ index, id: c.id, bytes: c.samples.byteLength, load: async () => c })),
    audioPath: 'uart',
    events: { log: (l) => log.push(l), deviceLog: (w, c, lv, text) => log.push(`device ${lv} ${text}`), boot: (w, h, ms) => log.push(`HELLO from worker ${w}: ${h.fwName} after ${ms} ms`), clip: () => undefined, error: (e) => log.push(`ERROR ${e.message}`) },
    ...o,
  });
  return { outcome, log };
}

/** The commands the target sent, from its run log (`renode> ...`). */
export const sentCommands = (log: string[]) => log.filter((l) => l.includes(': renode> ')).map((l) => l.slice(l.indexOf(': renode> ') + ': renode> '.length));

/** The command list with run-time values (ports, temp paths, the ELF) replaced by placeholders. */
export function normalise(cmds: string[], elf: string): string[] {
  return cmds.map((c) =>
    c
      .replace(`@${elf}`, '@<elf>')
      .replace(/CreateServerSocketTerminal \d+/, 'CreateServerSocketTerminal <port>')
      .replace(/@\/\S*\/tinyhil-renode-\w+\/clips-w\d+-\d\.bin/, '@<clips>'),
  );
}

export function expectPassed(t: Test, r: HarnessRun, n: number): void {
  const bad = r.outcome.results.filter((c) => c.status !== 'passed');
  t.same(bad.map((c) => `${c.id}: ${c.status} ${c.reason ?? ''}`), [], `all ${n} clips passed (verified on the host)`);
  t.equal(r.outcome.results.length, n);
  t.same(r.outcome.errors, [], 'no infrastructure error');
  if (bad.length || r.outcome.errors.length) t.comment(r.log.slice(-40).join('\n'));
}

/** UART path: selftest clips verified, commands in order, virtual cycles, per-clip instruction counts. */
export async function uartSelftest(t: Test, platform: Platform, elf: string, expected: string[], samples = 16000): Promise<void> {
  const dir = t.testdir();
  const r = await runRenode(platform, elf, dir, selftestClips(4, -1, samples));
  expectPassed(t, r, 4);
  t.same(normalise(sentCommands(r.log), elf).slice(0, expected.length), expected, 'the commands, in order');
  const ci = r.outcome.cycleInfo!;
  t.equal(ci.unit, 'cycles');
  t.match(ci.description, /Renode virtual time: .* counts \d+ MHz of virtual time while the CPU runs \d+ MIPS; virtual cycles, not cycle-accurate/);
  for (const c of r.outcome.results) t.ok((c.targetCounters?.executedInstructions ?? 0) > 0, `${c.id}: executedInstructions recorded (${c.targetCounters?.executedInstructions})`);
  t.match(r.outcome.targetSettings, { emulator: 'renode', chunkBytes: 256 });
  t.ok(readFileSync(join(dir, 'renode-w0.log'), 'utf8').length > 0, 'renode-w0.log kept in the run folder');
}

/**
 * Memory path: batches loaded with LoadBinary, the machine reset in place between
 * them. `regionBytes` shrinks the harness region (same start) so one worker needs
 * several batches: 64 KiB holds two 1 s clips.
 */
export async function memorySelftest(t: Test, platform: Platform, elf: string, clips: number, regionBytes?: number): Promise<HarnessRun> {
  const h0 = platform.renode!.harness_region!;
  const p: Platform = regionBytes ? { ...platform, renode: { ...platform.renode!, harness_region: { start: h0.start, size: regionBytes } } } : platform;
  const r = await runRenode(p, elf, t.testdir(), selftestClips(clips), { audioPath: 'memory' });
  expectPassed(t, r, clips);
  const cmds = normalise(sentCommands(r.log), elf);
  const h = p.renode!.harness_region!;
  t.ok(cmds.includes(`sysbus LoadBinary @<clips> 0x${h.start.toString(16).toUpperCase()}`), 'clips loaded into the harness region');
  t.ok(cmds.includes(`machine LoadPlatformDescriptionFromString "harness: Memory.MappedMemory @ sysbus 0x${h.start.toString(16).toUpperCase()} { size: 0x${h.size.toString(16).toUpperCase()} }"`), 'the harness region added');
  const launches = r.log.filter((l) => /renode pid \d+ ready/.test(l)).length;
  t.equal(launches, 1, 'one Renode for the whole run');
  const batches = cmds.filter((c) => c.startsWith('sysbus LoadBinary')).length;
  t.same(r.outcome.targetStats, { renodeStarts: 1, resetsInPlace: batches - 1, freshStarts: 0 }, `${batches} batches: the first on the fresh machine, each next one a reset in place that booted`);
  return r;
}

/**
 * A hung clip times out; the firmware is rebooted in place (pause, machine
 * Reset, start: the reset macro reloads the ELF), it says HELLO again and the
 * next clip passes, in the same Renode. `clipMs` is how long without progress
 * makes a clip `timedout`: the hung one costs that much, and a live Renode's
 * UART can stall for seconds on a loaded machine, so the live tests give 20 s.
 */
export async function hangRecovery(t: Test, platform: Platform, elf: string, samples: number, clipMs: number): Promise<HarnessRun> {
  const r = await runRenode(platform, elf, t.testdir(), selftestClips(3, 1, samples), { clipMs, bootMs: 30_000 });
  t.same(r.outcome.results.map((c) => c.status), ['passed', 'timedout', 'passed']);
  // Renode's virtual time: it runs on while the hung CPU sleeps (tlib makes `for (;;) {}` a WFI).
  t.match(r.outcome.results[1]!.reason, /^no answer from the device for \d+(\.\d)? s of its own time \(\d+ ns of virtual time; /, 'timed out on the device\'s virtual time');
  const cmds = normalise(sentCommands(r.log), elf);
  t.ok(cmds.some((c) => c.startsWith('macro reset "sysbus LoadELF @<elf>')), 'the reset macro reloads the ELF');
  const i = cmds.indexOf('machine Reset');
  t.ok(i > 0, 'reset in place');
  t.same(cmds.slice(i - 1, i + 2), ['pause', 'machine Reset', 'start']);
  t.equal(r.log.filter((l) => /^HELLO /.test(l)).length, 2, 'HELLO at the start and after the reset');
  t.equal(r.log.filter((l) => /renode pid \d+ ready/.test(l)).length, 1, 'Renode was not restarted');
  t.same(r.outcome.targetStats, { renodeStarts: 1, resetsInPlace: 1, freshStarts: 0 });
  t.same(r.outcome.errors, [], 'no infrastructure error');
  return r;
}

/** Renode's FAIL for a missing ELF, as a tinyhil error naming the command and Renode's message. */
export async function missingElf(t: Test, platform: Platform): Promise<void> {
  const target = createRenodeTarget({ platform, elf: '/srv/renode-demo/fw/missing.elf', runDir: t.testdir(), worker: 0, bootMs: 30_000, log: () => undefined });
  try {
    const e = await target.start().then(() => undefined, (err: unknown) => err);
    t.type(e, RenodeCommandError);
    // 1.15.3 says the file is missing itself; 1.16.1 says "Parameters did not match the signature", and tinyhil adds it.
    t.match((e as Error).message, /^Renode refused "sysbus LoadELF @\/srv\/renode-demo\/fw\/missing\.elf": (File does not exist: \/srv\/renode-demo\/fw\/missing\.elf|Parameters did not match the signature \(the file does not exist: \/srv\/renode-demo\/fw\/missing\.elf\))$/);
    t.match((e as Error).message, /does not exist: \/srv\/renode-demo\/fw\/missing\.elf/, 'the error says the file is missing, on any version');
    t.equal((await target.health()).alive, false, 'Renode stopped after the failed start');
  } finally {
    await target.stop();
  }
}

/** An unknown command in renode.commands fails the start with Renode's message. */
export async function unknownCommand(t: Test, platform: Platform, elf: string): Promise<void> {
  const p: Platform = { ...platform, renode: { ...platform.renode!, commands: ['frobnicate 42'] } };
  const target = createRenodeTarget({ platform: p, elf, runDir: t.testdir(), worker: 0, bootMs: 30_000, log: () => undefined });
  try {
    await t.rejects(target.start(), { name: 'RenodeCommandError', command: 'frobnicate 42', message: 'Renode refused "frobnicate 42": No such command or device: frobnicate' });
  } finally {
    await target.stop();
  }
}

/** After stop, nothing Renode started is left (its process group: mono/.NET children, the device). */
export async function noLeftovers(t: Test, platform: Platform, elf: string): Promise<void> {
  const marker = `tinyhil-renode-test-${process.pid}-${Date.now()}`;
  process.env.TINYHIL_TEST_MARKER = marker;
  try {
    const target = createRenodeTarget({ platform, elf, runDir: t.testdir(), worker: 0, bootMs: 30_000, log: () => undefined });
    await target.start();
    t.ok(markedProcesses(marker).length >= 1, 'Renode runs');
    await target.stop();
    await waitFor('no process left', () => markedProcesses(marker).length === 0, 10_000);
    t.pass('no process left after stop');
  } finally {
    delete process.env.TINYHIL_TEST_MARKER;
  }
}

/**
 * pdm path: before each clip's CLIP_BEGIN the microphone model is reset and fed
 * the clip (`<pdm> Reset`, `<pdm> SetInputFile @<file>`), and the firmware
 * records it (4000 samples: 15 whole blocks of 256 and a partial one); the selftest verifier recomputes every result from the clip, so a
 * single sample recorded wrong, missing or late fails the clip.
 */
export async function pdmSelftest(t: Test, platform: Platform, elf: string, clips: number): Promise<HarnessRun> {
  const r = await runRenode(platform, elf, t.testdir(), selftestClips(clips, -1, 4000), { audioPath: 'pdm' });
  expectPassed(t, r, clips);
  const pdm = platform.renode!.pdm!;
  const fed = sentCommands(r.log).filter((c) => c.startsWith(`${pdm} `)).map((c) => c.replace(/@\S*\/mic-w\d+-\d\.raw$/, '@<mic>'));
  t.same(fed, Array.from({ length: clips }, () => [`${pdm} Reset`, `${pdm} SetInputFile @<mic>`]).flat(), 'the microphone reset and fed once per clip');
  t.equal(r.outcome.device!.audioPaths & 4, 4, 'the firmware announces the pdm path');
  return r;
}
