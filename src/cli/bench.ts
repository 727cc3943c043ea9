/**
 * `hil flash` and `hil monitor`: what a bench user needs when a board
 * misbehaves. Flash a scenario's firmware (built as a run would build it) or
 * an ELF onto a board; watch a board's protocol UART: its HELLO, log lines and
 * every other frame, decoded. Both take the board's lock like a run, so they
 * never talk to a board a run is using.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFirmware, PACKAGE_ROOT } from '../build/make.js';
import { loadPlatform, loadScenario } from '../config/index.js';
import type { Platform } from '../config/schema.js';
import { EXIT } from '../metrics/index.js';
import { FrameDecoder, FrameType, frameTypeName, type FrameEvent } from '../protocol/frame.js';
import { decodeError, decodeHello, decodeLog, decodeResult } from '../protocol/messages.js';
import { createBoardTarget } from '../targets/board/board.js';
import { boardKind } from '../targets/board/index.js';
import { TargetError } from '../targets/target.js';
import { InputError } from '../runner/prepare.js';

export interface BenchOptions {
  platform?: string;
  signal: AbortSignal;
  out(s: string): void;
}

/** The platform of a scenario file, or the one named by --platform (./platforms first, then tinyhil's). */
async function platformOf(arg: string | undefined, o: BenchOptions): Promise<{ platform: Platform; scenario?: Awaited<ReturnType<typeof loadScenario>> }> {
  if (arg && /\.ya?ml$/.test(arg)) {
    const loaded = await loadScenario(arg, { platformDirs: [join(PACKAGE_ROOT, 'platforms')] });
    return { platform: loaded.platform, scenario: loaded };
  }
  if (!o.platform) throw new InputError(`which board? give a scenario file, or --platform <name> with ${arg ? 'an ELF' : 'the monitor'}`);
  for (const dir of [resolve('platforms'), join(PACKAGE_ROOT, 'platforms')]) {
    try {
      return { platform: await loadPlatform(join(dir, `${o.platform}.yaml`)) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !/no such file|ENOENT/.test((e as Error).message)) throw e;
    }
  }
  throw new InputError(`--platform ${o.platform}: no platforms/${o.platform}.yaml here or in tinyhil`);
}

async function boardReady(platform: Platform): Promise<void> {
  if (!platform.board) throw new InputError(`platform ${platform.name} has no board: section: it says nothing about how to flash or reach a board`);
  try {
    await boardKind.check?.(platform);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/** `hil flash <scenario.yaml|firmware.elf>`: builds (a scenario) and flashes one board. */
export async function flashCommand(arg: string, o: BenchOptions): Promise<number> {
  const { platform, scenario } = await platformOf(arg, o);
  await boardReady(platform);
  const logDir = mkdtempSync(join(tmpdir(), 'hil-flash-'));
  let elf = resolve(arg);
  if (scenario) {
    const vars = boardKind.buildVariables?.(platform);
    const build = await buildFirmware({ firmware: scenario.scenario.firmware, platform, baseDir: scenario.dir, logDir, timeoutMs: 300_000, ...(vars ? { variables: vars } : {}), signal: o.signal });
    elf = build.elf;
    o.out(`built ${elf}\n`);
  }
  const t = createBoardTarget({ platform, elf, runDir: logDir, worker: 0, bootMs: 10_000, log: (l) => o.out(`${l}\n`), signal: o.signal });
  try {
    await t.flashOnly();
    o.out(`flashed ${elf} onto ${t.unitId() ?? platform.board!.name}\n`);
    return EXIT.PASS;
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    o.out(`flash failed: ${e.message}\n`);
    return EXIT.INFRA;
  } finally {
    await t.stop();
  }
}

/** One decoded frame, as a line. */
export function describeFrame(ev: FrameEvent): string {
  if (ev.kind === 'corrupt') return `corrupt frame (${ev.reason}, ${ev.bytes} bytes)`;
  const head = `${frameTypeName(ev.type)} #${ev.seq}`;
  try {
    switch (ev.type) {
      case FrameType.HELLO: {
        const h = decodeHello(ev.payload);
        return `${head} ${h.fwName} ${h.fwVersion} on ${h.board}, ${h.cpuHz} Hz, protocol ${h.protocol}, cycles by ${h.cycleSource}, labels [${h.labels.join(', ')}]`;
      }
      case FrameType.LOG: {
        const l = decodeLog(ev.payload);
        return `${head} [${['error', 'warn', 'info', 'debug'][l.level] ?? l.level}] ${l.text}`;
      }
      case FrameType.ERROR: {
        const x = decodeError(ev.payload);
        return `${head} code ${x.code}: ${x.text}`;
      }
      case FrameType.RESULT: {
        const r = decodeResult(ev.payload);
        return `${head} ${JSON.stringify(r)}`;
      }
      default:
        return `${head} ${ev.payload.length} bytes`;
    }
  } catch (e) {
    return `${head} undecodable: ${(e as Error).message}`;
  }
}

/** `hil monitor`: opens a board's port, resets it (per its board: section) and prints what it says until Ctrl-C or --for. */
export async function monitorCommand(arg: string | undefined, o: BenchOptions & { forMs?: number }): Promise<number> {
  const { platform } = await platformOf(arg, o);
  await boardReady(platform);
  const logDir = mkdtempSync(join(tmpdir(), 'hil-monitor-'));
  const t = createBoardTarget({ platform, elf: '', runDir: logDir, worker: 0, bootMs: 10_000, log: (l) => o.out(`${l}\n`), signal: o.signal });
  try {
    const conn = await t.attach();
    o.out(`monitoring ${t.where} (${t.unitId() ?? platform.board!.name}); Ctrl-C ends\n`);
    const decoder = new FrameDecoder();
    conn.input.pipe(decoder);
    decoder.on('data', (ev: FrameEvent) => o.out(`${describeFrame(ev)}\n`));
    const lost = await new Promise<string | undefined>((res) => {
      const timer = o.forMs !== undefined ? setTimeout(() => res(undefined), o.forMs) : undefined;
      o.signal.addEventListener('abort', () => res(undefined), { once: true });
      conn.input.on('error', (e: Error) => res(e.message));
      conn.input.on('close', () => res(o.signal.aborted ? undefined : `${t.where} closed`));
      void timer;
    });
    if (lost) {
      o.out(`${lost}\n`);
      return EXIT.INFRA;
    }
    return EXIT.PASS;
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    o.out(`monitor: ${e.message}\n`);
    return EXIT.INFRA;
  } finally {
    await t.stop();
  }
}
