/**
 * QEMU (qemu-system-arm) target. The protocol UART is a socket chardev that
 * connects to our loopback listener before the guest runs, so no byte the
 * firmware sends is lost. Never `-nographic`: it multiplexes the monitor onto
 * the serial line and eats 0x01 bytes.
 */
import type { Socket } from 'node:net';
import { spawnManaged, type ManagedProcess } from '../../proc/spawn.js';
import { probeTool, toolSpec, which } from '../../proc/tools.js';
import type { CycleInfo, DeviceInfo } from '../../core/types.js';
import { listenOnce } from '../listen.js';
import { Qmp } from './qmp.js';
import { writeFile } from 'node:fs/promises';
import { removeTempFolder, tempFolder } from '../../proc/reaper.js';
import { join } from 'node:path';
import { layoutClips, TargetError, type StagedClips, type Target, type TargetConnection, type TargetContext, processHealth, telling } from '../target.js';
import { fmtMs } from '../../protocol/session.js';
import { readWithin } from '../../protocol/stall.js';

/** The QEMU command line for a platform (exported for tests and `--dry-run`). */
export function qemuArgs(ctx: TargetContext, port: number, clipImage?: string, qmpSocket?: string): string[] {
  const q = ctx.platform.qemu;
  if (!q) throw new TargetError(`platform ${ctx.platform.name} has no qemu: section, so it cannot run on QEMU`);
  const serial = q.serial ?? 0;
  const args = ['-M', q.machine, '-display', 'none', '-nodefaults', '-icount', `shift=${q.icount_shift ?? 0}`];
  args.push('-chardev', `socket,id=hil,host=127.0.0.1,port=${port},nodelay=on`);
  for (let i = 0; i < serial; i++) args.push('-serial', 'null');
  args.push('-serial', 'chardev:hil', '-d', 'guest_errors', '-kernel', ctx.elf, ...(q.extra_args ?? []));
  // The memory audio path: clips loaded into the harness region before the guest runs.
  if (clipImage && q.harness_region) args.push('-device', `loader,file=${clipImage},addr=0x${q.harness_region.start.toString(16)},force-raw=on`);
  // The device's clock for clip timeouts (Qmp.icount); a unix socket opens no TCP port.
  if (qmpSocket) args.push('-qmp', `unix:${qmpSocket},server=on,wait=off`);
  return args;
}

export function createQemuTarget(ctx: TargetContext): Target {
  let proc: ManagedProcess | undefined;
  let sock: Socket | undefined;
  let starts = 0;
  let bin: string | undefined;
  let lastArgs: string[] = [];
  let version: string | undefined;
  /** This target's temp folder: clip images, QMP sockets. */
  let tmp: string | undefined;
  let sockDir: string | undefined;
  let qmp: Qmp | undefined;
  // Instructions at the platform clock: the same instruction-equivalent time latencies are reported in.
  // A CPU asleep in WFI executes none, so the count stands still while it sleeps.
  const clock = {
    last: undefined as number | undefined,
    rate: ctx.platform.clock_hz,
    unit: 'instructions',
    runsWhileAsleep: false,
    async read() {
      const n = proc?.running() ? await qmp?.icount() : undefined;
      if (n !== undefined) clock.last = n;
      return n;
    },
  };
  const region = ctx.platform.qemu?.harness_region;

  const start = async (clipImage?: string): Promise<TargetConnection> => {
    bin ??= which(['qemu-system-arm'], 'QEMU');
    if (!bin) throw new TargetError(`qemu-system-arm not found on PATH (or $QEMU); install it: ${toolSpec('qemu-system-arm').install}`);
    const listener = await listenOnce();
    const name = `qemu-w${ctx.worker}${starts ? `-${starts}` : ''}`;
    tmp ??= tempFolder('tinyhil-qemu-');
    // A unix socket's path has at most 107 bytes; a long TMPDIR (a test's folder) would not fit.
    sockDir ??= join(tmp, `${name}-99.qmp`).length <= 100 ? tmp : tempFolder('tinyhil-qmp-', '/tmp');
    const socket = join(sockDir, `${name}.qmp`);
    lastArgs = qemuArgs(ctx, listener.port, clipImage, socket);
    qmp?.close();
    qmp = new Qmp(socket);
    starts++;
    const p = spawnManaged(bin, lastArgs, { name, logDir: ctx.runDir, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    proc = p;
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      sock = await Promise.race([
        listener.accepted,
        p.exited.then((e) => {
          const tail = p.tail(1200);
          const why = telling(tail);
          throw new TargetError(`qemu exited before connecting its UART (${e.startError ?? `code ${e.code}, signal ${e.signal}`})${why ? `: ${why}` : ''}`, p.logPath, tail);
        }),
        new Promise<never>((_, rej) => {
          timer = setTimeout(() => rej(new TargetError(`qemu did not connect its UART within ${fmtMs(ctx.bootMs)}`, p.logPath)), ctx.bootMs);
        }),
      ]);
    } catch (e) {
      listener.close();
      await p.kill('failed to start');
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
    }
    ctx.log(`worker ${ctx.worker}: qemu pid ${p.pid} connected in ${Date.now() - t0} ms`);
    // The device clock from the start, so a QEMU stopped later is known to have had one. Its QMP
    // socket may open just after the UART connects, so ask again until it answers, but only within
    // the boot timeout: a QMP that never answers must not hang the start (the host's clock decides).
    clock.last = undefined;
    const until = Date.now() + ctx.bootMs;
    while ((await readWithin(clock, Math.max(1, until - Date.now()))) === undefined) {
      if (Date.now() >= until || !p.running()) {
        ctx.log(`worker ${ctx.worker}: qemu's QMP gave no instruction count within ${fmtMs(ctx.bootMs)}; clip timeouts count the host's time until it does`);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return { input: sock, output: sock };
  };

  const stop = async (): Promise<void> => {
    sock?.destroy();
    sock = undefined;
    if (proc?.running()) await proc.kill('teardown');
  };

  const stage = async (clips: Int16Array[]): Promise<StagedClips> => {
    if (!region) throw new TargetError(`platform ${ctx.platform.name} has no qemu.harness_region, so the memory audio path is not available`);
    const { image, addrs } = layoutClips(clips, region.start, region.size);
    tmp ??= tempFolder('tinyhil-qemu-');
    const file = join(tmp, `clips-w${ctx.worker}.bin`);
    await writeFile(file, image);
    await stop();
    return { conn: await start(file), addrs };
  };

  return {
    kind: 'qemu',
    ...(region ? { stage, memoryBytes: region.size } : {}),
    start,
    async restart(reason: string) {
      ctx.log(`worker ${ctx.worker}: restarting qemu (${reason})`);
      await stop();
      return start();
    },
    async stop() {
      await stop();
      qmp?.close();
      if (tmp) await removeTempFolder(tmp);
      if (sockDir && sockDir !== tmp) await removeTempFolder(sockDir);
      tmp = sockDir = undefined;
    },
    health: (waitMs = 0) => processHealth(proc, 'qemu', waitMs),
    stats: () => ({ qemuStarts: starts }),
    // Instructions at the platform clock: the same instruction-equivalent time latencies are reported in.
    deviceClock: clock,
    async emulator() {
      // The same binary the target runs: probeTool looks it up the same way ($QEMU, else PATH).
      version ??= (await probeTool(toolSpec('qemu-system-arm'))).version ?? 'unknown';
      return { name: 'qemu', title: 'QEMU', ...(version !== 'unknown' ? { version } : {}) };
    },
    describe() {
      const q = ctx.platform.qemu;
      return {
        emulator: 'qemu-system-arm', binary: bin, machine: q?.machine, icountShift: q?.icount_shift ?? 0, instructionsPerTick: q?.instructions_per_tick,
        ...(region ? { harnessRegion: { start: region.start, size: region.size } } : {}), args: lastArgs,
      };
    },
    cycleInfo(device: DeviceInfo): CycleInfo {
      // QEMU has no DWT; SysTick runs on virtual time, which -icount ties to instructions.
      const what = { description: `QEMU -icount shift=${ctx.platform.qemu?.icount_shift ?? 0}: instruction-equivalent, not cycle-accurate`, caveat: 'QEMU icount, not cycle-accurate' };
      if (device.cycleSource === 'systick') return { source: 'systick', unit: 'instructions', factor: ctx.platform.qemu?.instructions_per_tick ?? 1, ...what };
      return { source: device.cycleSource, unit: 'instructions', factor: 1, ...what };
    },
  };
}
