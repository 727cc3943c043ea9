/**
 * Renode target. One Renode per worker, started once per run: Renode boots to
 * its robot server in ~3 s, so later boots of the firmware (a hung clip, the
 * next batch of the memory path) reset the machine in place instead.
 *
 * Renode is driven through its Robot Framework XML-RPC server
 * (`--robot-server-port`), whose `ExecuteCommand` keyword answers PASS or FAIL
 * with Renode's message: every failure becomes a {@link RenodeCommandError}
 * naming the command. The protocol UART is a server socket terminal
 * (`emulation CreateServerSocketTerminal`) that this target connects to before
 * the machine runs, so no byte the firmware sends is lost. The socket outlives
 * machine resets; each boot gets its own view of it (see {@link UartViews}).
 *
 * Timing: the CPU runs `renode.mips` instructions per virtual microsecond and a
 * DWT counts the platform clock in the same virtual time, so device cycles are
 * virtual: instructions × clock / MIPS, not a pipeline model.
 */
import { connect, type Socket } from 'node:net';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { CycleInfo, DeviceInfo } from '../core/types.js';
import { spawnManaged, shellQuote, type ManagedProcess } from '../proc/spawn.js';
import { toolSpec, which } from '../proc/tools.js';
import { fmtMs } from '../protocol/session.js';
import {
  executedInstructionsCommand, loadBinary, micCommands, micFileSamples, mipsOf, parseHex, rebootCommands, renodeSection, replArg, setupCommands, START, svdFailures, withoutSvdFailures,
} from './renode-commands.js';
import { renodeMessage, runKeyword, RpcTransportError, XmlRpcFault, xmlRpcCall } from './renode-rpc.js';
import { freePort, UartViews } from './renode-uart.js';
import { layoutClips, processHealth, TargetError, type StagedClips, type Target, type TargetConnection, type TargetContext } from './target.js';

/** A monitor command Renode refused: the command and Renode's own message. */
export class RenodeCommandError extends TargetError {
  override name = 'RenodeCommandError';
  constructor(readonly command: string, readonly renodeMessage: string, logPath?: string) {
    super(`Renode refused "${command}": ${renodeMessage}`, logPath);
  }
}

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
}

/** Where to find Renode: $RENODE, else `renode` on PATH. */
export function findRenode(): string | undefined {
  return which(['renode'], 'RENODE');
}

/** The advice for a missing Renode (hil doctor says the same). */
export function renodeMissing(): string {
  const env = process.env.RENODE;
  const where = env ? `RENODE=${env} is not an executable file` : 'renode is not on PATH and RENODE is not set';
  return `Renode not found (${where}); install: ${toolSpec('renode').install}, or pass --renode <path>`;
}

const SAFE_PATH = /^[\w@%+=:,./-]+$/;

export function createRenodeTarget(ctx: TargetContext, opts: RenodeOptions = {}): Target {
  const platform = ctx.platform;
  const region = platform.renode?.harness_region;
  const commandMs = opts.commandMs ?? 120_000;
  let proc: ManagedProcess | undefined;
  let rpcPort = 0;
  let views: UartViews | undefined;
  let bin: string | undefined;
  let tmp: string | undefined;
  let launches = 0;
  let stages = 0;
  let mics = 0;
  let withHarness = false;
  let countersBroken = false;
  /** Every command sent, in order, for the report's provenance. */
  const sent: string[] = [];
  const log = (line: string) => ctx.log(`worker ${ctx.worker}: ${line}`);

  const tmpDir = async () => (tmp ??= await mkdtemp(join(tmpdir(), 'tinyhil-renode-')));

  /** Renode's `@path` ends at whitespace: paths it cannot take as they are are copied first. */
  const renodePath = async (p: string): Promise<string> => {
    const abs = resolve(p);
    if (SAFE_PATH.test(abs)) return abs;
    const copy = join(await tmpDir(), basename(abs).replace(/[^\w.-]/g, '_'));
    await copyFile(abs, copy);
    return copy;
  };

  /** Why the robot server stopped answering: the process's end and log, if it died. */
  const dead = async (what: string, e: unknown): Promise<TargetError> => {
    const h = await processHealth(proc, 'renode', 500);
    if (!h.alive) return new TargetError(`${h.reason} while ${what}; log ${h.logPath}:\n${h.logTail ?? ''}`, h.logPath);
    return new TargetError(`Renode's robot server failed while ${what}: ${(e as Error).message}; log ${proc?.logPath}`, proc?.logPath);
  };

  /** Runs one monitor command; FAIL becomes a RenodeCommandError (SVD download failures only logged, with `tolerateSvd`). */
  const exec = async (cmd: string, tolerateSvd = false, quiet = false): Promise<string> => {
    if (!quiet) {
      sent.push(cmd);
      log(`renode> ${cmd}`);
    }
    let r;
    try {
      r = await runKeyword(rpcPort, 'ExecuteCommand', [cmd], commandMs);
    } catch (e) {
      if (e instanceof XmlRpcFault) throw new TargetError(`Renode's robot server refused ExecuteCommand: ${e.faultString}`, proc?.logPath);
      throw await dead(`running "${cmd}"`, e);
    }
    const out = r.status === 'PASS' ? String(r.return ?? '') : renodeMessage(r.error ?? '', cmd);
    const svd = svdFailures(out);
    if (svd.length) {
      if (!tolerateSvd) throw new RenodeCommandError(cmd, out, proc?.logPath);
      for (const url of svd) log(`renode: skipped ApplySVD ${url}: the download failed (offline?); only Renode's register names in its log are missing, the machine is the same`);
      if (r.status === 'FAIL' && withoutSvdFailures(out)) throw new RenodeCommandError(cmd, withoutSvdFailures(out), proc?.logPath);
      return withoutSvdFailures(out);
    }
    if (r.status === 'FAIL') throw new RenodeCommandError(cmd, out || '(no message)', proc?.logPath);
    return out;
  };

  /** Starts Renode and waits for its robot server (get_keyword_names answers). */
  const launch = async (): Promise<void> => {
    bin ??= opts.binary ?? findRenode();
    if (!bin) throw new TargetError(renodeMissing());
    rpcPort = await freePort();
    const args = [...(opts.extraArgs ?? []), '--disable-gui', '--plain', '--robot-server-port', String(rpcPort)];
    const name = `renode-w${ctx.worker}${launches ? `-${launches}` : ''}`;
    launches++;
    const p = spawnManaged(bin, args, { name, logDir: ctx.runDir });
    proc = p;
    const t0 = Date.now();
    const deadline = t0 + (opts.startMs ?? Math.max(60_000, 6 * ctx.bootMs));
    for (;;) {
      if (!p.running()) {
        const e = await p.exited;
        throw new TargetError(`renode exited before its robot server answered (${e.startError ?? `code ${e.code}, signal ${e.signal}`}); log ${p.logPath}:\n${p.tail(1200)}`, p.logPath);
      }
      try {
        const names = await xmlRpcCall(rpcPort, 'get_keyword_names', [], 5000);
        if (!Array.isArray(names) || !names.includes('ExecuteCommand'))
          throw new TargetError(`port ${rpcPort} answers XML-RPC but is not Renode's robot server (no ExecuteCommand keyword)`, p.logPath);
        break;
      } catch (e) {
        if (e instanceof TargetError) throw e;
        if (!(e instanceof RpcTransportError)) throw e;
      }
      if (Date.now() > deadline) {
        await p.kill('robot server never answered');
        throw new TargetError(`renode's robot server did not answer within ${fmtMs(deadline - t0)}; log ${p.logPath}:\n${p.tail(1200)}`, p.logPath);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    log(`renode pid ${p.pid} ready in ${Date.now() - t0} ms (${[bin, ...args].map(shellQuote).join(' ')})`);
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
        if (Date.now() > deadline) throw new TargetError(`cannot connect to Renode's UART terminal on port ${port}: ${(e as Error).message}`, proc?.logPath);
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
      for (const cmd of setupCommands(platform, { elf, uartPort, harness: withHarness })) await exec(cmd, true);
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

  /** A fresh boot of the firmware in the running Renode (see rebootCommands). */
  const reboot = async (image?: string): Promise<TargetConnection> => {
    views!.detach();
    for (const cmd of rebootCommands(image !== undefined ? { file: image, base: region!.start } : undefined)) await exec(cmd);
    // Bytes the old boot sent just before the pause may still be on the way: let them land in the detached view.
    await new Promise((r) => setTimeout(r, 50));
    const conn = views!.open();
    await exec(START);
    return conn;
  };

  const running = () => proc?.running() === true && views !== undefined;

  /** In place when Renode runs, else (or if that fails) a fresh Renode. */
  const bootOrReboot = async (why: string, image?: string): Promise<TargetConnection> => {
    // The harness region exists only if the machine was built with it.
    if (running() && (image === undefined || withHarness)) {
      try {
        return await reboot(image);
      } catch (e) {
        log(`renode: reset in place failed (${(e as Error).message.split('\n')[0]}); starting a new Renode (${why})`);
      }
    }
    await shutdown();
    return boot(image);
  };

  const shutdown = async (): Promise<void> => {
    views?.destroy();
    views = undefined;
    const p = proc;
    if (p?.running()) {
      // Ask nicely (Renode exits 0), then the process group goes anyway: mono/.NET children included.
      await xmlRpcCall(rpcPort, 'stop_remote_server', [], 2000).catch(() => undefined);
      await Promise.race([p.exited, new Promise((r) => setTimeout(r, 3000))]);
      await p.kill('teardown');
    }
  };

  const stage = async (clips: Int16Array[]): Promise<StagedClips> => {
    if (!region) throw new TargetError(`platform ${platform.name} has no renode.harness_region, so the memory audio path is not available on Renode`);
    const { image, addrs } = layoutClips(clips, region.start, region.size);
    const file = join(await tmpDir(), `clips-w${ctx.worker}-${stages++ % 2}.bin`);
    await writeFile(file, image);
    return { conn: await bootOrReboot('next batch', file), addrs };
  };

  /** pdm path: the clip as the raw s16le file the PDM model reads, queued in it (see micCommands). */
  const feedMic = async (samples: Int16Array): Promise<void> => {
    const pdm = platform.renode!.pdm!;
    if (!running()) throw new TargetError(`Renode is not running, so clip samples cannot be fed to ${pdm}`, proc?.logPath);
    const raw = Buffer.alloc(micFileSamples(samples.length) * 2);
    samples.forEach((v, i) => raw.writeInt16LE(v, i * 2));
    const file = join(await tmpDir(), `mic-w${ctx.worker}-${mics++ % 2}.raw`);
    await writeFile(file, raw);
    for (const cmd of micCommands(pdm, file)) await exec(cmd);
  };

  return {
    kind: 'renode',
    audioPaths: ['uart', ...(region ? ['memory' as const] : []), ...(platform.renode?.pdm ? ['pdm' as const] : [])],
    ...(region ? { stage, memoryBytes: region.size } : {}),
    ...(platform.renode?.pdm ? { feedMic } : {}),
    chunkBytes: RENODE_CHUNK_BYTES,
    async start() {
      renodeSection(platform);
      return running() ? bootOrReboot('start') : boot();
    },
    async restart(reason: string) {
      log(`restarting the firmware on renode (${reason})`);
      return bootOrReboot(reason);
    },
    async stop() {
      await shutdown();
      if (tmp) await rm(tmp, { recursive: true, force: true });
      tmp = undefined;
    },
    health: (waitMs = 0) => processHealth(proc, 'renode', waitMs),
    describe() {
      const r = platform.renode;
      return {
        emulator: 'renode', binary: bin, platformDescription: r ? replArg(r) : undefined, uart: r?.uart, mips: mipsOf(platform),
        dwt: r?.dwt === true, chunkBytes: RENODE_CHUNK_BYTES,
        ...(region ? { harnessRegion: { start: region.start, size: region.size } } : {}),
        ...(r?.pdm ? { microphone: r.pdm } : {}),
        // The build-up of the first machine, in order (batches repeat pause/LoadBinary/machine Reset/start).
        commands: sent.slice(0, sent.indexOf(START) + 1 || undefined),
      };
    },
    cycleInfo(device: DeviceInfo): CycleInfo {
      const mhz = platform.clock_hz / 1e6;
      const counter = device.cycleSource === 'dwt' ? 'DWT CYCCNT' : device.cycleSource === 'systick' ? 'SysTick' : device.cycleSource;
      return {
        source: device.cycleSource, unit: 'cycles', factor: 1,
        description: `Renode virtual time: ${counter} counts ${mhz} MHz of virtual time while the CPU runs ${mipsOf(platform)} MIPS; virtual cycles, not cycle-accurate`,
      };
    },
    async counters(): Promise<Record<string, number>> {
      if (countersBroken || !running()) return {};
      try {
        const v = parseHex(await exec(executedInstructionsCommand(platform), false, true));
        return v === undefined ? {} : { executedInstructions: v };
      } catch (e) {
        countersBroken = true;
        log(`renode: cannot read ExecutedInstructions (${(e as Error).message}); per-clip instruction counts are off for this run`);
        return {};
      }
    },
  };
}
