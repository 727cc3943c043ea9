/**
 * A target runs firmware and exposes the byte stream its protocol UART speaks
 * on. QEMU, Renode, the host build and real boards all implement this.
 */
import type { Readable, Writable } from 'node:stream';
import type { Platform } from '../config/schema.js';
import type { CycleInfo, DeviceInfo } from '../core/types.js';
import type { ManagedProcess } from '../proc/spawn.js';
import type { DeviceClock } from '../protocol/stall.js';

/**
 * How a clip reaches the device. Every target has `uart`; `memory` needs a
 * harness region, `pdm` a microphone model the firmware records from.
 */
export type AudioPath = 'uart' | 'memory' | 'pdm';

/** A connected byte stream to the device's protocol UART. */
export interface TargetConnection {
  input: Readable;
  output: Writable;
}

/** Everything a target needs to start. */
export interface TargetContext {
  platform: Platform;
  /** The firmware image to run (ELF for emulators, host executable for `host`). */
  elf: string;
  /** Folder for logs (`<name>.log` per child process). */
  runDir: string;
  /** Worker index; each worker owns one target instance. */
  worker: number;
  /** Boot timeout, ms (already scaled by --timeout-multiplier). */
  bootMs: number;
  /** Run-log line writer. */
  log(line: string): void;
  /** The run's cancellation (Ctrl-C): the target's processes stop and its pending calls fail at once. */
  signal?: AbortSignal;
}

/** Why a target stopped working, for infrastructure errors. */
export interface TargetHealth {
  alive: boolean;
  reason?: string;
  logPath?: string;
  logTail?: string;
}

/** An emulator, by name (`renode`, `qemu`), as people write it (`Renode`, `QEMU`) and version (`1.15.3`). */
export interface EmulatorIdentity {
  name: string;
  title: string;
  version?: string;
}

/** How a target should come up again. */
export interface RestartOptions {
  /**
   * Start afresh instead of rebooting the firmware in place: the previous
   * (re)start did not reach HELLO, or the device stalled (its monitor may be
   * dead), so doing the same again would not help. An emulator is started
   * anew; a board is flashed again. Targets that always start afresh (QEMU)
   * ignore it.
   */
  fresh?: boolean;
}

export interface Target {
  readonly kind: string;
  /** Where the device is reached, for messages: `serial port /dev/ttyACM0 at 115200 baud`. */
  readonly where?: string;
  /** Starts the target and connects to its protocol UART. Throws {@link TargetError}. */
  start(): Promise<TargetConnection>;
  /** Stops and starts again (hung firmware, dead link); returns the new connection. */
  restart(reason: string, opts?: RestartOptions): Promise<TargetConnection>;
  /** Stops and releases everything; idempotent, never throws. */
  stop(): Promise<void>;
  /**
   * Is it still running, and if not, why (exit code, log tail)? `waitMs` gives a
   * process that just closed its connection time to be reaped, so a crash is
   * reported as a crash rather than as a closed socket.
   */
  health(waitMs?: number): Promise<TargetHealth>;
  /** Settings for the report's provenance (command line, versions...). */
  describe(): Record<string, unknown>;
  /**
   * Which emulator runs the device, and its version (Renode asks its monitor;
   * QEMU its `--version`), for naming known emulator bugs. Undefined for the
   * host build and real boards.
   */
  emulator?(): Promise<EmulatorIdentity | undefined>;
  /**
   * Counts for the report, summed over workers (Renode: `renodeStarts`,
   * `resetsInPlace`, `freshStarts`): how often the target had to come up again,
   * and how.
   */
  stats?(): Record<string, number>;
  /** How raw device cycle counts convert to reported figures on this target. */
  cycleInfo(device: DeviceInfo): CycleInfo;
  /**
   * Memory audio path: (re)starts the target with these clips placed in its harness
   * region, outside the platform's declared RAM (so they never count as the
   * firmware's RAM), and says where each one is. Only targets listing `memory`.
   */
  stage?(clips: Int16Array[], opts?: RestartOptions): Promise<StagedClips>;
  /**
   * pdm audio path: hands one clip to the platform's microphone model, so the
   * firmware records exactly these samples after the clip's CLIP_BEGIN (which
   * follows). Only targets listing `pdm`.
   */
  feedMic?(samples: Int16Array): Promise<void>;
  /** Bytes the harness region holds (memory path). */
  readonly memoryBytes?: number;
  /**
   * Largest CLIP_DATA payload this target takes well (bytes); the harness uses it
   * unless the run sets one. Renode: 256 (its UART model chokes on bursts).
   */
  readonly chunkBytes?: number;
  /**
   * Counters read from the emulator itself (Renode: `executedInstructions`); the
   * worker reads them before and after each clip and records the difference.
   */
  counters?(): Promise<Record<string, number>>;
  /**
   * The device's own clock, so a clip times out on the device's time rather than
   * the host's (protocol/stall.ts): QEMU's instruction count (QMP `query-replay`
   * under -icount) and Renode's virtual time (`emulation GetTimeSourceInfo`). A
   * board has none: silicon runs in the host's time.
   */
  readonly deviceClock?: DeviceClock;
}

/** Where {@link Target.stage} put each clip, and the connection of the restarted target. */
export interface StagedClips {
  conn: TargetConnection;
  addrs: number[];
}

/** Lays clips out back to back, each 4-byte aligned, from `base`; returns the image and addresses. */
export function layoutClips(clips: Int16Array[], base: number, capacity: number): { image: Buffer; addrs: number[] } {
  const addrs: number[] = [];
  let off = 0;
  for (const c of clips) {
    addrs.push(base + off);
    off += (c.byteLength + 3) & ~3;
  }
  if (off > capacity) throw new TargetError(`${clips.length} clips take ${off} bytes; the harness region holds ${capacity}`);
  const image = Buffer.alloc(off);
  clips.forEach((c, i) => image.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), addrs[i]! - base));
  return { image, addrs };
}

/**
 * An infrastructure failure of a target (not the firmware's fault): exit code 3.
 * `message` is one line that quotes the tool's essential line; `detail` holds
 * the text behind it (a log tail, a whole reply) for report.json.
 */
export class TargetError extends Error {
  override name = 'TargetError';
  constructor(message: string, readonly logPath?: string, readonly detail?: string) {
    super(message);
  }
}

/** Longest quote of a tool's own words in a one-line error message. */
export const QUOTE_MAX = 200;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = QUOTE_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first non-empty line of a tool's message, at most {@link QUOTE_MAX} characters. */
export function firstLine(text: string): string {
  return clip(text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '');
}

/**
 * The line of a log tail that says why a tool stopped: the last one naming an
 * error (`[ERROR]`, `fatal`, `qemu-system-arm: ...`), else the last line the
 * tool wrote (tinyhil's own `$ command` and `[tinyhil] ...` lines are not the
 * tool's); at most {@link QUOTE_MAX} characters. '' when the tool wrote nothing.
 */
export function telling(tail: string | undefined): string {
  const lines = (tail ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('[tinyhil]') && !l.startsWith('$ '));
  const bad = lines.filter((l) => /\berror\b|fatal|abort|exception|panic|^[\w.-]+: /i.test(l));
  return clip(bad.at(-1) ?? lines.at(-1) ?? '');
}

export type TargetFactory = (ctx: TargetContext) => Target;

/**
 * Health of a target that is one managed process: alive, or how it ended.
 * `waitMs` lets a process that just closed its connection be reaped first.
 */
export async function processHealth(proc: ManagedProcess | undefined, what: string, waitMs = 0): Promise<TargetHealth> {
  if (!proc) return { alive: false, reason: 'not started' };
  if (waitMs > 0 && proc.running()) await Promise.race([proc.exited, new Promise((r) => setTimeout(r, waitMs))]);
  if (proc.running()) return { alive: true, logPath: proc.logPath };
  const e = await proc.exited;
  const how = e.killedBy ? `killed by tinyhil (${e.killedBy})` : e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
  return { alive: false, reason: `${what} exited (${how})`, logPath: proc.logPath, logTail: proc.tail(1200) };
}
