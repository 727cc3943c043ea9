/**
 * Renode target. One Renode per worker, started once per run: Renode boots to
 * its robot server in ~3 s, so later boots of the firmware (a hung clip, the
 * next batch of the memory path) reset the machine in place instead, and only
 * when that gives no HELLO (the worker then asks for a fresh start) is a new
 * Renode started.
 *
 * Renode is driven through its robot server (renode-process.ts). The protocol
 * UART is a server socket terminal (`emulation CreateServerSocketTerminal`)
 * that this target connects to before the machine runs, so no byte the
 * firmware sends is lost. The socket outlives machine resets; each boot gets
 * its own view of it (see {@link UartViews}).
 *
 * Timing: the CPU runs `renode.mips` instructions per virtual microsecond and a
 * DWT counts the platform clock in the same virtual time, so device cycles are
 * virtual: instructions × clock / MIPS, not a pipeline model. How finely the
 * counter moves depends on the Renode version (see counterResolution).
 */
import { connect, type Socket } from 'node:net';
import { copyFile, writeFile } from 'node:fs/promises';
import { removeTempFolder, tempFolder } from '../../proc/reaper.js';
import { basename, join, resolve } from 'node:path';
import type { CycleInfo, DeviceInfo } from '../../core/types.js';
import { MAX_TIMER_MS } from '../../config/fields.js';
import {
  counterResolution, executedInstructionsCommand, loadBinary, micCommands, micFileSamples, mipsOf, parseHex, parseQuantum, parseVersion, parseVirtualTime, rebootCommands, renodeSection,
  replArg, setupCommands, START, TIME_SOURCE_INFO,
} from './renode-commands.js';
import { findRenode, launchRenode, renodeMissing, type ExecOptions, type RenodeProcess } from './renode-process.js';
import { recordDir as renodeRecordDir } from './renode-record.js';
import { freePort, UartViews } from './renode-uart.js';
import { layoutClips, processHealth, TargetError, type RestartOptions, type StagedClips, type Target, type TargetConnection, type TargetContext } from '../target.js';

export { findRenode, renodeMissing, RenodeCommandError } from './renode-process.js';

/**
 * CLIP_DATA payload on Renode. Its STM32 UART model turns every incoming socket
 * byte into its own synchronised event and slows down superlinearly with the
 * backlog (a 32 KiB burst all but stalls it); writes of <= 256 B, paced by the
 * device's credit, moved 4.7 KB/s in the recordings.
 */
export const RENODE_CHUNK_BYTES = 256;

/** How the target finds and talks to Renode; tests swap these. */
export interface RenodeOptions {
  /** The renode executable; default $RENODE, else `renode` on PATH. */
  binary?: string;
  /** Extra arguments before ours (a fake Renode in the tests takes a script). */
  extraArgs?: string[];
  /** Renode's start, robot server included (ms); default max(60 s, 6 × boot timeout). */
  startMs?: number;
  /** Longest one command may take (ms); default 120 s (platform loading retries SVD downloads). */
  commandMs?: number;
  /** Record every exchange with Renode here; default $TINYHIL_RENODE_RECORD (`--renode-record`). */
  recordDir?: string;
}

const SAFE_PATH = /^[\w@%+=:,./-]+$/;

export function createRenodeTarget(ctx: TargetContext, opts: RenodeOptions = {}): Target {
  const platform = ctx.platform;
  const region = platform.renode?.harness_region;
  let renode: RenodeProcess | undefined;
  let views: UartViews | undefined;
  let bin: string | undefined;
  let tmp: string | undefined;
  let stages = 0;
  let mics = 0;
  let withHarness = false;
  let countersBroken = false;
  /** Which Renode runs (its `version`), and its quantum: how finely device counters move. */
  let version: [number, number, number] | undefined;
  let versionText: string | undefined;
  let quantumS: number | undefined;
  /** For the report: Renode processes started; firmware reboots by a reset in place; new Renodes started to recover (a reset failed or gave no HELLO, or Renode stalled). */
  const stats = { renodeStarts: 0, resetsInPlace: 0, freshStarts: 0 };
  // The emulation's virtual time: the device's own time, whatever the host's load. Not the
  // instruction count: tlib turns a branch to itself (`for (;;) {}`) into a WFI, and a sleeping
  // CPU executes next to nothing while its virtual time runs on (measured live: ~6k instructions/s).
  const clock = {
    last: undefined as number | undefined,
    rate: 1e9,
    unit: 'ns of virtual time',
    runsWhileAsleep: true,
    async read() {
      const n = running() ? parseVirtualTime(await exec(TIME_SOURCE_INFO, { quiet: true }).catch(() => '')) : undefined;
      if (n !== undefined) clock.last = n;
      return n;
    },
  };
  /** Every command sent, in order, for the report's provenance. */
  const sent: string[] = [];
  const log = (line: string) => ctx.log(`worker ${ctx.worker}: ${line}`);

  const tmpDir = async () => (tmp ??= tempFolder('tinyhil-renode-'));

  /** Renode's `@path` ends at whitespace: paths it cannot take as they are are copied first. */
  const renodePath = async (p: string): Promise<string> => {
    const abs = resolve(p);
    if (SAFE_PATH.test(abs)) return abs;
    const copy = join(await tmpDir(), basename(abs).replace(/[^\w.-]/g, '_'));
    await copyFile(abs, copy);
    return copy;
  };

  const exec = async (cmd: string, o: ExecOptions = {}): Promise<string> => {
    if (!renode) throw new TargetError(`Renode is not running, so "${cmd}" cannot be sent`);
    if (!o.quiet) sent.push(cmd);
    return renode.exec(cmd, o);
  };

  /** Once per run: Renode's version and quantum (run log and report; they decide the counters' resolution). */
  const identify = async (r: RenodeProcess): Promise<void> => {
    versionText = (await r.exec('version', { quiet: true }).catch(() => '')).trim().split('\n')[0] || undefined;
    version = parseVersion(versionText ?? '');
    quantumS = parseQuantum(await r.exec(TIME_SOURCE_INFO, { quiet: true }).catch(() => ''));
    log(`renode: ${versionText ?? 'version unknown'}; quantum ${quantumS !== undefined ? `${Math.round(quantumS * 1e9) / 1e3} µs` : 'unknown'}`);
  };

  const launch = async (): Promise<void> => {
    bin ??= opts.binary ?? findRenode();
    if (!bin) throw new TargetError(renodeMissing());
    const name = `renode-w${ctx.worker}${stats.renodeStarts ? `-${stats.renodeStarts}` : ''}`;
    stats.renodeStarts++;
    const recordDir = opts.recordDir ?? renodeRecordDir();
    renode = await launchRenode({
      binary: bin, extraArgs: opts.extraArgs ?? [], name, logDir: ctx.runDir, log, ...(recordDir ? { recordDir } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}),
      startMs: opts.startMs ?? Math.min(MAX_TIMER_MS, Math.max(60_000, 6 * ctx.bootMs)), commandMs: opts.commandMs ?? 120_000,
    });
    if (!versionText) await identify(renode);
  };

  /** Connects to the UART terminal (it listens once CreateServerSocketTerminal ran). */
  const connectUart = async (port: number): Promise<UartViews> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const s = await new Promise<Socket>((res, rej) => {
          const s = connect({ host: '127.0.0.1', port, noDelay: true });
          s.once('connect', () => res(s));
          s.once('error', rej);
        });
        s.setNoDelay(true);
        return new UartViews(s);
      } catch (e) {
        if (Date.now() > deadline) throw new TargetError(`cannot connect to Renode's UART terminal on port ${port}: ${(e as Error).message}`, renode?.proc.logPath);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  /** Launch, build the machine, (load clips), connect the UART, run. */
  const boot = async (image?: string): Promise<TargetConnection> => {
    try {
      await launch();
      const uartPort = await freePort();
      withHarness = image !== undefined;
      const elf = await renodePath(ctx.elf);
      for (const cmd of setupCommands(platform, { elf, uartPort, harness: withHarness })) await exec(cmd, { tolerateSvd: true });
      if (image !== undefined) await exec(loadBinary(image, region!.start));
      views = await connectUart(uartPort);
      const conn = views.open();
      await exec(START);
      return conn;
    } catch (e) {
      await shutdown();
      throw e;
    }
  };

  /** A fresh boot of the firmware in the running Renode (see rebootCommands and resetMacro). */
  const reboot = async (image?: string): Promise<TargetConnection> => {
    views!.detach();
    for (const cmd of rebootCommands(image !== undefined ? { file: image, base: region!.start } : undefined)) await exec(cmd);
    // Bytes the old boot sent just before the pause may still be on the way: let them land in the detached view.
    await new Promise((r) => setTimeout(r, 50));
    const conn = views!.open();
    await exec(START);
    stats.resetsInPlace++;
    return conn;
  };

  const running = () => renode?.proc.running() === true && views !== undefined;

  /**
   * In place when Renode runs, else (or if that fails, or `fresh` asks: the last
   * reset gave no HELLO, or the emulator stalled) a new Renode.
   */
  const bootOrReboot = async (why: string, image?: string, o: RestartOptions = {}): Promise<TargetConnection> => {
    // The harness region exists only if the machine was built with it.
    if (running() && !o.fresh && (image === undefined || withHarness)) {
      try {
        return await reboot(image);
      } catch (e) {
        stats.freshStarts++;
        log(`renode: reset in place failed (${(e as Error).message.split('\n')[0]}); starting a new Renode (${why})`);
      }
    } else if (running() && o.fresh) {
      stats.freshStarts++;
      log(`renode: starting a new Renode instead of resetting in place (${why})`);
    }
    await shutdown();
    return boot(image);
  };

  const shutdown = async (): Promise<void> => {
    views?.destroy();
    views = undefined;
    await renode?.stop();
  };

  const stage = async (clips: Int16Array[], o?: RestartOptions): Promise<StagedClips> => {
    if (!region) throw new TargetError(`platform ${platform.name} has no renode.harness_region, so the memory audio path is not available on Renode`);
    const { image, addrs } = layoutClips(clips, region.start, region.size);
    const file = join(await tmpDir(), `clips-w${ctx.worker}-${stages++ % 2}.bin`);
    await writeFile(file, image);
    return { conn: await bootOrReboot(o?.fresh ? 'next batch, from a fresh start' : 'next batch', file, o), addrs };
  };

  /** pdm path: the clip as the raw s16le file the PDM model reads, queued in it (see micCommands). */
  const feedMic = async (samples: Int16Array): Promise<void> => {
    const pdm = platform.renode!.pdm!;
    if (!running()) throw new TargetError(`Renode is not running, so clip samples cannot be fed to ${pdm}`, renode?.proc.logPath);
    const raw = Buffer.alloc(micFileSamples(samples.length) * 2);
    samples.forEach((v, i) => raw.writeInt16LE(v, i * 2));
    const file = join(await tmpDir(), `mic-w${ctx.worker}-${mics++ % 2}.raw`);
    await writeFile(file, raw);
    for (const cmd of micCommands(pdm, file)) await exec(cmd);
  };

  return {
    kind: 'renode',
    ...(region ? { stage, memoryBytes: region.size } : {}),
    ...(platform.renode?.pdm ? { feedMic } : {}),
    chunkBytes: RENODE_CHUNK_BYTES,
    async start() {
      renodeSection(platform);
      return running() ? bootOrReboot('start') : boot();
    },
    async restart(reason: string, o?: RestartOptions) {
      log(`restarting the firmware on renode (${reason})`);
      return bootOrReboot(reason, undefined, o);
    },
    async stop() {
      await shutdown();
      if (tmp) await removeTempFolder(tmp);
      tmp = undefined;
    },
    health: (waitMs = 0) => processHealth(renode?.proc, 'renode', waitMs),
    stats: () => ({ ...stats }),
    deviceClock: clock,
    emulator: async () => ({ name: 'renode', title: 'Renode', ...(version ? { version: version.join('.') } : {}) }),
    describe() {
      const r = platform.renode;
      return {
        emulator: 'renode', binary: bin, ...(versionText ? { version: versionText } : {}), ...(quantumS !== undefined ? { quantumSeconds: quantumS } : {}),
        platformDescription: r ? replArg(r) : undefined, uart: r?.uart, mips: mipsOf(platform), dwt: r?.dwt === true, chunkBytes: RENODE_CHUNK_BYTES,
        ...(region ? { harnessRegion: { start: region.start, size: region.size } } : {}),
        ...(r?.pdm ? { microphone: r.pdm } : {}),
        // The build-up of the first machine, in order (batches repeat pause/LoadBinary/machine Reset/start).
        commands: sent.slice(0, sent.indexOf(START) + 1 || undefined),
      };
    },
    cycleInfo(device: DeviceInfo): CycleInfo {
      const mhz = platform.clock_hz / 1e6;
      const counter = device.cycleSource === 'dwt' ? 'DWT CYCCNT' : device.cycleSource === 'systick' ? 'SysTick' : device.cycleSource;
      const res = counterResolution(device.cycleSource, version, quantumS, platform.clock_hz);
      const v = version?.join('.');
      const step =
        res === undefined ? '' : res > 1
          ? `; Renode ${v} brings it up to date only when the CPU syncs its time (at least once per ${Math.round(quantumS! * 1e9) / 1e3} µs quantum), so a figure may be up to one quantum off`
          : `; Renode ${v} syncs the CPU's time on each read, so it moves by the cycle`;
      return {
        source: device.cycleSource, unit: 'cycles', factor: 1, ...(res !== undefined && res > 1 ? { resolution: res } : {}),
        description: `Renode virtual time: ${counter} counts ${mhz} MHz of virtual time while the CPU runs ${mipsOf(platform)} MIPS; virtual cycles, not cycle-accurate${step}`,
      };
    },
    async counters(): Promise<Record<string, number>> {
      if (countersBroken || !running()) return {};
      try {
        const v = parseHex(await exec(executedInstructionsCommand(platform), { quiet: true }));
        return v === undefined ? {} : { executedInstructions: v };
      } catch (e) {
        countersBroken = true;
        log(`renode: cannot read ExecutedInstructions (${(e as Error).message}); per-clip instruction counts are off for this run`);
        return {};
      }
    },
  };
}
