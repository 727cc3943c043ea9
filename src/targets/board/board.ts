/**
 * A physical board over a serial port (node-serialport). Start: flash, wait for
 * the port to (re)appear, open it, then reset, so a board still running an
 * earlier program restarts and its HELLO is seen; with reset `none` the port
 * is opened before flashing and the flash tool's own reset starts the program.
 * Bytes that arrived before the reset began are the earlier program's and are
 * dropped. A port that vanishes (USB unplugged, the rig's emulator killed)
 * ends the connection at once: the binding does not always say so itself.
 */
import { PassThrough } from 'node:stream';
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-cpp';
import type { CycleInfo, DeviceInfo } from '../../core/types.js';
import { TargetError, type Target, type TargetConnection, type TargetContext, type TargetHealth } from '../target.js';
import { expandArgv, imagesFor, runTool, type PlaceholderValues } from './flash.js';
import type { BoardPlatform, BoardPort } from './platform.js';
import { describePort, describeSpec, findPort, nativePorts, type FoundPort, type PortSource } from './port.js';
import { boardFor, labBoardsFor, labFile, loadLab, type LabBoard } from './lab.js';
import { describeOwner, tryLock, type Lock, type LockOwner } from '../../proc/lock.js';
import { parseDurationMs } from '../../config/units.js';

/** What can be swapped in tests: where ports come from (binding-mock). */
export interface BoardDeps {
  ports?: () => Promise<PortSource>;
}

/** `--port` (TINYHIL_PORT) overrides the platform's board.port with a path. */
export const PORT_ENV = 'TINYHIL_PORT';
/** `--board <id>` (TINYHIL_BOARD): this lab board and no other. */
export const BOARD_ENV = 'TINYHIL_BOARD';
/** `--board-wait <duration>` (TINYHIL_BOARD_WAIT): how long to wait for a free board; default 0. */
export const BOARD_WAIT_ENV = 'TINYHIL_BOARD_WAIT';

/** `--board-wait`, in ms (0 when unset); a string saying what is wrong when it is not a duration. */
export function boardWaitMs(): number | string {
  const v = process.env[BOARD_WAIT_ENV];
  if (v === undefined || v === '') return 0;
  const ms = parseDurationMs(v);
  return typeof ms === 'number' ? ms : `--board-wait ${v}: ${ms}`;
}

const DEFAULT_BAUD = 115_200;
const DEFAULT_REAPPEAR_MS = 10_000;
const DEFAULT_FLASH_MS = 120_000;
const DEFAULT_PULSE_MS = 100;
/** How often an open port's path is checked: a pty whose emulator died gives no close event (node-serialport #2776). */
const WATCH_MS = 250;

/** The board section of the context's platform, or why the platform cannot run on a board. */
export function boardOf(ctx: Pick<TargetContext, 'platform'>): BoardPlatform {
  const b = ctx.platform.board;
  if (!b) throw new TargetError(`platform ${ctx.platform.name} has no board: section, so it cannot run on a board`);
  return b;
}

/** A board target, plus what `hil flash` and `hil monitor` do with one board. */
export interface BoardTarget extends Target {
  /** Claims the board and flashes it (the flash command starts the program); the port is not opened. */
  flashOnly(): Promise<void>;
  /** Claims the board, opens its port and resets it (per board.reset), without flashing: the device as it is. */
  attach(): Promise<TargetConnection>;
  /** The lab board in use (after a claim), if a lab named it. */
  unitId(): string | undefined;
}

export function createBoardTarget(ctx: TargetContext, deps: BoardDeps = {}): BoardTarget {
  const base = boardOf(ctx);
  // Which unit: the lab's (picked and locked at the first start), else the platform's own port.
  let b = base;
  let unit: LabBoard | undefined;
  let lock: Lock | undefined;
  let spec: BoardPort = process.env[PORT_ENV] ? { path: process.env[PORT_ENV] } : b.port;
  let baud = b.baud ?? DEFAULT_BAUD;
  let reset = b.reset ?? { method: 'none' as const };
  let src: PortSource | undefined;
  let port: SerialPortStream | undefined;
  let input: PassThrough | undefined;
  let found: FoundPort | undefined;
  let vanished: string | undefined;
  let watch: NodeJS.Timeout | undefined;
  /** False from opening the port until the reset begins: bytes then are the earlier program's. */
  let accepting = false;
  let flashCommand = '';
  const stats = { flashes: 0, resets: 0, portOpens: 0, droppedBytes: 0 };
  let values: PlaceholderValues | undefined;
  const where = () => `serial port ${found?.path ?? spec.path ?? '(not found yet)'} at ${baud} baud`;
  const sig = ctx.signal ? { signal: ctx.signal } : {};

  const placeholders = async (): Promise<PlaceholderValues> => {
    values ??= await imagesFor([b.flash.command, reset.method === 'command' ? reset.command! : []], ctx.elf, { logDir: ctx.runDir, ...sig });
    const serial = found?.info?.serialNumber ?? b.port.serial_number;
    return { ...values, ...(found ? { port: found.path } : {}), ...(serial ? { serial } : {}), ...(b.probe ? { probe: b.probe } : {}) };
  };

  const flash = async (): Promise<void> => {
    const argv = expandArgv(b.flash.command, await placeholders(), 'board.flash.command');
    ctx.log(`worker ${ctx.worker}: flashing ${b.name}: ${argv.join(' ')}`);
    const r = await runTool({ what: 'flashing the board', name: `flash-w${ctx.worker}${stats.flashes ? `-${stats.flashes}` : ''}`, argv, logDir: ctx.runDir, timeoutMs: b.flash.timeout ?? DEFAULT_FLASH_MS, ...sig });
    flashCommand = r.command;
    stats.flashes++;
    ctx.log(`worker ${ctx.worker}: flashed in ${r.durationMs} ms`);
  };

  const vanish = (why: string) => {
    if (vanished) return;
    vanished = why;
    ctx.log(`worker ${ctx.worker}: ${why}`);
    if (watch) clearInterval(watch);
    watch = undefined;
    input?.destroy(new TargetError(why));
    port?.destroy();
  };

  const open = async (): Promise<void> => {
    src ??= await (deps.ports ?? nativePorts)();
    const s = src;
    found = await findPort(spec, s, { waitMs: b.reappear ?? DEFAULT_REAPPEAR_MS, ...sig });
    const p = new SerialPortStream({ binding: s.binding as BindingInterface, path: found.path, baudRate: baud, autoOpen: false, hupcl: false });
    await new Promise<void>((res, rej) => p.open((e) => (e ? rej(new TargetError(`cannot open ${where()}: ${e.message}`)) : res())));
    stats.portOpens++;
    vanished = undefined;
    port = p;
    const inp = new PassThrough();
    input = inp;
    accepting = false;
    // Until the reset begins, what arrives is the earlier program's: dropped, counted.
    p.on('data', (d: Buffer) => (accepting ? inp.write(d) : (stats.droppedBytes += d.length)));
    p.on('close', (e?: Error & { disconnected?: boolean }) => {
      if (port === p && e?.disconnected) vanish(`${where()} vanished (${e.message})`);
    });
    const path = found.path;
    p.on('error', (e: Error) => {
      if (port !== p) return;
      // An I/O error on a port whose device node is gone (unplugged; the emulator behind a pty
      // died) is the port vanishing, whichever the write or the watch below notices first.
      void Promise.resolve(s.exists(path)).then((ok) => {
        if (port === p) vanish(ok ? `${where()} failed: ${e.message}` : `${where()} vanished: ${path} no longer exists (${e.message})`);
      });
    });
    watch = setInterval(() => {
      void Promise.resolve(s.exists(path)).then((ok) => {
        if (!ok && port === p) vanish(`${where()} vanished: ${path} no longer exists`);
      });
    }, WATCH_MS);
    watch.unref();
    ctx.log(`worker ${ctx.worker}: opened ${found.info ? describePort(found.info) : found.path} at ${baud} baud`);
  };

  /**
   * From here on, bytes are the new program's: what the earlier one left in the
   * kernel's buffer is discarded (tcflush), and a read already under way lands
   * first and is dropped with it.
   */
  const accept = async (): Promise<void> => {
    await new Promise((r) => setImmediate(r));
    const p = port;
    if (p) await new Promise<void>((r) => p.flush(() => r()));
    accepting = true;
  };

  const setLines = (o: { dtr?: boolean; rts?: boolean }) =>
    new Promise<void>((res, rej) => port!.set(o, (e) => (e ? rej(e) : res())));

  const pulse = async (line: 'dtr' | 'rts'): Promise<void> => {
    const ms = b.reset?.pulse ?? DEFAULT_PULSE_MS;
    // node-serialport's set() asserts every line not named (rts and dtr default
    // to true), so both are named: the other line stays released throughout,
    // as a board wiring it to BOOT0 or a boot-mode pin needs.
    const other = line === 'dtr' ? 'rts' : 'dtr';
    try {
      await setLines({ [line]: true, [other]: false });
      await new Promise((r) => setTimeout(r, ms));
      await setLines({ [line]: false, [other]: false });
    } catch (e) {
      throw new TargetError(`resetting by ${line.toUpperCase()} failed on ${where()}: ${(e as Error).message} (a pseudo-terminal has no modem lines: use reset method command)`);
    }
  };

  const doReset = async (): Promise<void> => {
    if (reset.method === 'none') return;
    await accept();
    if (reset.method === 'command') {
      const argv = expandArgv(reset.command!, await placeholders(), 'board.reset.command');
      await runTool({ what: 'the reset command', name: `reset-w${ctx.worker}`, argv, logDir: ctx.runDir, timeoutMs: 60_000, ...sig });
    } else await pulse(reset.method);
    stats.resets++;
  };

  /**
   * Takes this worker's board: with a lab, the first free unit of the platform
   * (or the one --board names), else the platform's own port; each by an
   * exclusive lock, so two runs never talk to one board. Waits up to
   * --board-wait for one to come free, saying in the run log what it waits for.
   */
  const claim = async (): Promise<void> => {
    if (lock) return;
    const file = labFile();
    const lab = file ? await loadLab(file) : undefined;
    const want = process.env[BOARD_ENV];
    const units = labBoardsFor(lab, ctx.platform, want);
    if (want && !units.length) throw new TargetError(`--board ${want}: no board of platform ${ctx.platform.name} with that id in ${file ?? '(no lab file)'}`);
    const wait = boardWaitMs();
    const waitMs = typeof wait === 'number' ? wait : 0;
    const purpose = `hil ${process.argv.slice(2).join(' ')}`.slice(0, 200);
    const names = units.length ? units.map((u) => `board:${u.id}`) : [`port:${describeSpec(spec)}`];
    const deadline = Date.now() + waitMs;
    let said = false;
    for (;;) {
      const held: [string, LockOwner][] = [];
      for (const [i, n] of names.entries()) {
        const r = await tryLock(n, { purpose, onReclaim: (o) => ctx.log(`worker ${ctx.worker}: ${n} was held by ${describeOwner(o)}, which is gone: taken over`) });
        if ('release' in r) {
          lock = r;
          unit = units[i];
          if (unit) {
            b = boardFor(base, unit);
            spec = process.env[PORT_ENV] ? { path: process.env[PORT_ENV] } : b.port;
            baud = b.baud ?? DEFAULT_BAUD;
            reset = b.reset ?? { method: 'none' as const };
            ctx.log(`worker ${ctx.worker}: board ${unit.id} (${describeSpec(spec)})`);
          }
          return;
        }
        held.push([n, r]);
      }
      const busy = held.map(([n, o]) => `${n} in use by ${describeOwner(o)}`).join('; ');
      if (Date.now() >= deadline || ctx.signal?.aborted)
        throw new TargetError(`no free ${ctx.platform.name} board${waitMs ? ` after waiting ${Math.round(waitMs / 1000)} s` : ''}: ${busy}${waitMs ? '' : ' (--board-wait <duration> waits for one)'}`);
      if (!said) ctx.log(`worker ${ctx.worker}: waiting up to ${Math.round(waitMs / 1000)} s for a free ${ctx.platform.name} board: ${busy}`);
      said = true;
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(1, deadline - Date.now()))));
    }
  };

  /** Flash (when asked), open, reset: the order that makes the program's first HELLO reach an open port. */
  const bringUp = async (withFlash: boolean): Promise<TargetConnection> => {
    await claim();
    if (reset.method === 'none') {
      await open();
      await accept();
      if (withFlash) await flash();
    } else {
      if (withFlash) await flash();
      await open();
      await doReset();
    }
    if (vanished) throw new TargetError(vanished);
    return { input: input!, output: port! };
  };

  const close = async (): Promise<void> => {
    if (watch) clearInterval(watch);
    watch = undefined;
    const p = port;
    port = undefined;
    input?.end();
    input = undefined;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    else p?.destroy();
  };

  return {
    kind: 'board',
    get where() {
      return where();
    },
    async flashOnly() {
      await claim();
      await flash();
    },
    attach: () => bringUp(false),
    unitId: () => unit?.id,
    start: () => bringUp(true),
    async restart(reason, opts) {
      ctx.log(`worker ${ctx.worker}: restarting ${b.name} (${reason})`);
      await close();
      // A fresh start, or a board with no reset of its own, is flashed again (flashing restarts it).
      return bringUp(opts?.fresh === true || reset.method === 'none');
    },
    async stop() {
      await close();
      await lock?.release();
      lock = undefined;
    },
    async health(): Promise<TargetHealth> {
      if (vanished) return { alive: false, reason: vanished };
      if (!port?.isOpen) return { alive: false, reason: `${where()} is not open` };
      return { alive: true };
    },
    stats: () => ({ ...stats }),
    describe() {
      return {
        board: b.name, ...(unit ? { unit: unit.id, ...(unit.labels ? { labels: unit.labels } : {}) } : {}), port: found?.path, ...(found?.info ? { portInfo: describePort(found.info) } : {}), baud,
        flash: flashCommand, reset: reset.method, ...(b.emulated ? { emulated: true } : {}),
        audioPaths: 'uart only: a physical board has no harness region or microphone model tinyhil can load',
      };
    },
    cycleInfo: (device) => boardCycles(b, device, ctx.platform.clock_hz),
  };
}

/**
 * What a board's counts are. "Measured on silicon" only when they come from
 * DWT CYCCNT and the board is not an emulated rig.
 */
export function boardCycles(b: BoardPlatform, device: DeviceInfo, clockHz: number): CycleInfo {
  const mhz = clockHz / 1e6;
  const unit = b.counts?.unit ?? 'cycles';
  const factor = b.counts?.factor ?? 1;
  if (b.emulated) {
    return {
      source: device.cycleSource, unit, factor,
      description: `an emulated rig behind a serial port (board.emulated): ${device.cycleSource} counts ${unit}, not silicon`,
      caveat: 'emulated rig, not silicon',
    };
  }
  if (device.cycleSource === 'dwt')
    return { source: 'dwt', unit: 'cycles', factor: 1, description: `measured on silicon: DWT CYCCNT at ${mhz} MHz on ${b.name}, cycle-accurate` };
  return {
    source: device.cycleSource, unit, factor,
    description: `on silicon (${b.name}) but counted by ${device.cycleSource}, not DWT CYCCNT: as fine as that counter ticks`,
    caveat: `${device.cycleSource} on silicon, not DWT`,
  };
}
