/**
 * The Renode monitor commands tinyhil sends, built from a platform's `renode:`
 * section, and the parsing of what Renode answers. Pure: no process, no socket,
 * so every command line is unit-tested and listed for the report.
 *
 * Which of these a recording of a live Renode 1.15.3 covers, and which are
 * built from Renode's documentation and source only, is listed in
 * test/targets/renode/renode-commands.test.ts (COVERAGE) and the README.
 */
import type { Platform } from '../../config/schema.js';
import type { RenodePlatform } from './platform.js';
import { TargetError } from '../target.js';
import { versionBefore } from '../../harness/known-bugs.js';

/** The name of the socket terminal the UART is connected to. */
export const TERMINAL = 'term';
/** The name of the MappedMemory added for the memory audio path. */
export const HARNESS = 'harness';
/** Where Renode maps a DWT on every Cortex-M. */
export const DWT_ADDRESS = 0xe0001000;

/** `0x70000000`, `0xE0001000`, `0x1000000`: hex as the recordings write it. */
export const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** The platform's `renode:` section, or a TargetError saying the platform cannot run on Renode. */
export function renodeSection(p: Platform): RenodePlatform {
  if (!p.renode) throw new TargetError(`platform ${p.name} has no renode: section, so it cannot run on Renode (platforms/${p.name}.yaml)`);
  return p.renode;
}

/** Instructions per virtual microsecond: the platform's, else one per cycle at clock_hz. */
export function mipsOf(p: Platform): number {
  return p.renode?.mips ?? Math.max(1, Math.round(p.clock_hz / 1e6));
}

/** The `@...` argument naming the platform description: Renode's own file, or ours (absolute). */
export function replArg(r: RenodePlatform): string {
  return 'builtin' in r.repl ? `@${r.repl.builtin}` : `@${r.repl.file}`;
}

/** A .repl line loaded on top of the platform. Quotes would end the monitor's string. */
export function loadFromString(repl: string): string {
  if (/["\n\r]/.test(repl)) throw new TargetError(`renode: cannot pass ${JSON.stringify(repl)} to LoadPlatformDescriptionFromString: it contains a double quote or a newline`);
  return `machine LoadPlatformDescriptionFromString "${repl}"`;
}

/** The DWT line the recordings use, counting at the platform clock. */
export function dwtRepl(clockHz: number): string {
  return `dwt: Miscellaneous.DWT @ sysbus ${hex(DWT_ADDRESS)} { frequency: ${clockHz} }`;
}

export function harnessRepl(region: { start: number; size: number }): string {
  return `${HARNESS}: Memory.MappedMemory @ sysbus ${hex(region.start)} { size: ${hex(region.size)} }`;
}

export interface SetupOptions {
  /** The ELF, as Renode should open it (no spaces: see renode.ts). */
  elf: string;
  /** The TCP port of the UART's socket terminal. */
  uartPort: number;
  /** Add the harness region (memory audio path). */
  harness: boolean;
}

/**
 * Builds the machine up to, not including, `start`: platform, extra peripherals,
 * CPU speed, firmware, extra commands, the UART on a socket, virtual time that
 * skips idle time. Order matters: peripherals before the ELF (so it can load into
 * them), commands after it, the terminal before anything runs.
 */
export function setupCommands(p: Platform, o: SetupOptions): string[] {
  const r = renodeSection(p);
  const cpu = r.cpu ?? 'sysbus.cpu';
  const cmds = ['mach create', `machine LoadPlatformDescription ${replArg(r)}`];
  if (r.dwt) cmds.push(loadFromString(dwtRepl(p.clock_hz)));
  for (const line of r.peripherals ?? []) cmds.push(loadFromString(line));
  if (o.harness) {
    if (!r.harness_region) throw new TargetError(`platform ${p.name} has no renode.harness_region, so the memory audio path is not available on Renode`);
    cmds.push(loadFromString(harnessRepl(r.harness_region)));
  }
  cmds.push(`${cpu} PerformanceInMips ${mipsOf(p)}`);
  cmds.push(`sysbus LoadELF @${o.elf}`);
  cmds.push(resetMacro(o.elf, r.commands));
  cmds.push(...(r.commands ?? []));
  cmds.push(`emulation CreateServerSocketTerminal ${o.uartPort} "${TERMINAL}" false`);
  cmds.push(`connector Connect ${r.uart} ${TERMINAL}`);
  cmds.push('emulation SetGlobalAdvanceImmediately true');
  return cmds;
}

/** Loads a batch of clips into the harness region. */
export function loadBinary(image: string, base: number): string {
  return `sysbus LoadBinary @${image} ${hex(base)}`;
}

/**
 * What `machine Reset` runs after resetting every peripheral: reload the ELF, as
 * Renode's own .resc scripts do (`macro reset """ sysbus LoadELF $bin """`).
 * Without it the reset leaves the CPU halted (recorded live, 1.15.3 and 1.16.1):
 * SystemBus.Reset forgets the loaded ELF's sections, so the Cortex-M cannot
 * guess its vector table at the flash origin again (`LoadELF` had, "Guessing
 * VectorTableOffset value to be 0x8000000"), reads SP and PC at 0x0 ("No action
 * for reset - macro machine_0.reset is not registered", "ReadDoubleWord from
 * non existing peripheral at 0x4") and halts ("PC does not lay in memory").
 * `macro reset` given while machine-0 is current is that machine's reset macro
 * (Monitor.GetVariableName: `machine_0.reset`, the name Renode looks up).
 * Reloading rewrites flash only: RAM and the harness region keep their
 * contents (MappedMemory.Reset does nothing), so a batch loaded before the
 * reset stays. The reset also takes every peripheral back to its .repl
 * settings (SysTick to the .repl's 72 MHz on stm32f4), so the platform's
 * `commands` follow the reload, `;`-separated (the monitor splits there).
 */
export function resetMacro(elf: string, commands: readonly string[] = []): string {
  // A reset also puts every peripheral back to its .repl values, SysTick's frequency included
  // (NVIC.Reset: LimitTimer back to the initial frequency), so the platform's commands run again.
  // No double quote can end the string early: the platform schema refuses one in `commands`
  // (a located config error, before anything runs), and renode.ts copies an ELF whose path has one.
  return `macro reset "${[`sysbus LoadELF @${elf}`, ...commands].join('; ')}"`;
}

/**
 * A fresh boot of the same machine without restarting Renode: pause, (load the
 * next batch), reset (which runs {@link resetMacro}). The CPU reads SP and PC
 * from the vector table when it resumes: `start` follows once the host listens
 * again.
 */
export function rebootCommands(image?: { file: string; base: number }): string[] {
  return ['pause', ...(image ? [loadBinary(image.file, image.base)] : []), 'machine Reset'];
}

export const START = 'start';

/**
 * Silence after each clip in the microphone file. The model hands out whole
 * blocks (MAXCNT samples; 256 on nrf52840) and the firmware records only the
 * clip, so the block holding its last sample reads past the clip: the tail keeps
 * that block from running the model's queue dry (any block up to 4096
 * samples). The rest is dropped by the next clip's `Reset`.
 */
export const MIC_TAIL = 4096;

/**
 * Samples in the microphone file for a clip: the clip, the tail, and one more
 * zero if that is odd (the model packs two samples per word and byte-swaps a
 * lone last one wrongly: NRF52840_PDM.InputSamples).
 */
export function micFileSamples(n: number): number {
  return n + MIC_TAIL + ((n + MIC_TAIL) % 2);
}

/**
 * The pdm audio path, per clip, while the firmware waits for CLIP_BEGIN:
 * reset the microphone model, then queue the clip in it. From Renode's source
 * (NRF52840_PDM, PCMDecoder): `SetInputFile` appends the file's samples
 * (s16le, no header, any rate: the model hands out samples by count) to a queue
 * the model drains MAXCNT samples per block once the firmware starts the PDM.
 * A queue only empties by being read, so what the previous clip left (the file's
 * silent tail, or the rest of a failed clip) would lead the next clip: the
 * peripheral's own `Reset` empties it (and its registers, which the firmware
 * sets again for every clip) before each clip.
 */
export function micCommands(pdm: string, file: string): string[] {
  return [`${pdm} Reset`, `${pdm} SetInputFile @${file}`];
}

/** The per-clip counter read: every instruction the CPU executed so far. */
export function executedInstructionsCommand(p: Platform): string {
  return `${p.renode?.cpu ?? 'sysbus.cpu'} ExecutedInstructions`;
}

/** The first hex number in a reply (`0x000000000695B054\n\n`), as a number; undefined if none. */
export function parseHex(text: string): number | undefined {
  const m = /0x([0-9A-Fa-f]+)/.exec(text);
  if (!m) return undefined;
  const v = Number.parseInt(m[1]!, 16);
  return Number.isSafeInteger(v) ? v : undefined;
}

/**
 * SVD downloads that failed (`Failed to download https://.../STM32F40x.svd.gz,
 * see log for details.`): Renode's STM32 and nRF platform files call
 * `ApplySVD @https://...`, which fails offline. Renode carries on with the rest
 * of the file (recorded: the init lines after it still run), so tinyhil does too.
 */
export function svdFailures(text: string): string[] {
  return [...text.matchAll(/Failed to download (\S+?), see log for details\.?/g)].map((m) => m[1]!);
}

/** The text with the SVD failure lines removed: what is left is a real error. */
export function withoutSvdFailures(text: string): string {
  return text.replace(/Failed to download \S+?, see log for details\.?/g, '').trim();
}

/** The version Renode's `version` command prints (`Renode, version 1.15.3.10853 (...)`): [major, minor, patch]. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /Renode, version (\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The emulation's time source: its elapsed virtual time and quantum. */
export const TIME_SOURCE_INFO = 'emulation GetTimeSourceInfo';

/** `Elapsed Virtual Time: 00:00:01.234500000` in `emulation GetTimeSourceInfo`'s reply, in nanoseconds. */
export function parseVirtualTime(text: string): number | undefined {
  const m = /Elapsed Virtual Time: (\d+):(\d+):(\d+)(?:\.(\d{1,9}))?/.exec(text);
  if (!m) return undefined;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1e9 + Number((m[4] ?? '').padEnd(9, '0'));
}

/** The quantum in `emulation GetTimeSourceInfo`'s reply (`Quantum: 00:00:00.000100000`), in seconds. */
export function parseQuantum(text: string): number | undefined {
  const m = /Quantum: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text);
  if (!m) return undefined;
  const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return s > 0 ? s : undefined;
}

/**
 * How far off a device cycle counter may read on this Renode, in cycles of
 * `clockHz`. Before 1.16.0 the DWT read the machine's virtual time, which the
 * CPU brings up to date only when it syncs: at the end of each quantum, or
 * earlier for a peripheral event (a UART byte). SysTick's value read has synced
 * first since before 1.15.3 (NVIC.cs), so it moves by the cycle. So a clip
 * that runs with no such event is counted in whole quanta (recorded live on
 * 1.15.3, memory path: every KWS clip 2,956,800 = 176 × 16,800 cycles, the
 * selftest's 200,000-cycle loop 184,800), and any figure may be up to one
 * quantum off. From 1.16.0 a DWT read syncs the CPU's time first
 * (`cpu.SyncTime()` in DWT.cs, commit a0b957462), and counts move by the cycle
 * (1.16.1: 2,948,190 to 2,949,786 per clip). Unknown version or quantum:
 * undefined (nothing claimed).
 */
export function counterResolution(source: string, version: readonly number[] | undefined, quantumS: number | undefined, clockHz: number): number | undefined {
  // SysTick's value read syncs the CPU's time on 1.15.3 already (NVIC.cs, SysTickValue); only the DWT did not.
  if (source === 'systick') return version ? 1 : undefined;
  if (source !== 'dwt' || !version) return undefined;
  if (!versionBefore(version.join('.'), '1.16.0')) return 1;
  return quantumS === undefined ? undefined : Math.round(quantumS * clockHz);
}
