/**
 * One worker = one target instance. It boots the target, checks the handshake,
 * then takes clips from the shared queue until it is empty, recovering from
 * hung clips (restart) and recording what it could not recover from.
 */
import { isAbsolute, relative } from 'node:path';
import type { Clip, ClipResult, InfraError } from '../core/types.js';
import { DeviceSession, SessionError } from '../protocol/session.js';
import { addLinkStats, emptyLinkStats } from '../protocol/link.js';
import { AUDIO_PATH_BITS, type Hello } from '../protocol/messages.js';
import { createTarget } from '../targets/registry.js';
import { TargetError, type RestartOptions, type Target, type TargetConnection } from '../targets/target.js';
import { checkHello, HandshakeError } from './handshake.js';
import { evaluateProbe, failedChecks } from './conformance.js';
import { toClipResult } from './result.js';
import type { HarnessConfig, HarnessShared, QueuedClip } from './harness.js';

export async function runWorker(w: number, cfg: HarnessConfig, shared: HarnessShared): Promise<void> {
  const target = createTarget(cfg.targetKind, {
    platform: cfg.platform, elf: cfg.elf, runDir: cfg.runDir, worker: w, bootMs: cfg.bootMs, log: cfg.events.log,
    ...(cfg.signal ? { signal: cfg.signal } : {}),
  });
  shared.targets.push(target);
  let session: DeviceSession | undefined;
  let current: QueuedClip | undefined;
  // This worker's link counters over all its sessions (one per boot), reported per worker.
  const link = emptyLinkStats();
  shared.links[w] = link;
  const onAbort = () => session?.close();
  // pdm: each clip is fed to the target's microphone model just before its CLIP_BEGIN.
  const pdm = cfg.audioPath === 'pdm' && target.feedMic !== undefined;
  cfg.signal?.addEventListener('abort', onAbort);

  const connect = async (conn: TargetConnection): Promise<Hello> => {
    session?.close();
    if (session) addLinkStats(link, session.link.stats);
    const s = new DeviceSession(conn.input, conn.output, { chunkBytes: cfg.chunkBytes ?? target.chunkBytes, rtoMs: cfg.rtoMs });
    session = s;
    s.on('log', (l: { level: number; text: string }) => cfg.events.deviceLog(w, current?.id, l.level, l.text));
    s.on('corrupt', (why: string) => cfg.events.log(`worker ${w}: corrupt frame from the device (${why}); NAK sent`));
    s.link.flush();
    const t0 = Date.now();
    const hello = await s.waitHello(cfg.bootMs).catch((e: unknown) => {
      throw notOurProtocol(s, target) ?? e;
    });
    checkHello(hello, { labels: cfg.labels, platform: cfg.platform, board: cfg.board });
    if (pdm && !(hello.audioPaths & AUDIO_PATH_BITS.pdm))
      throw new HandshakeError(`the firmware has no microphone (HELLO audio_paths ${hello.audioPaths} lacks the pdm bit): the pdm audio path needs a port built with HIL_PORT_HAS_MIC, like firmware/platforms/nrf52840`, 'firmware');
    shared.device ??= hello;
    shared.cycleInfo ??= target.cycleInfo(hello);
    cfg.events.boot(w, hello, Date.now() - t0);
    if (!shared.conformance) await readProbe(hello);
    return hello;
  };

  /**
   * The first HELLO's conformance probe, named against the target's emulator
   * before any clip. Strict mode turns a failed check into an infrastructure
   * error that stops the run (the handshake error path: no clip is sent).
   */
  const readProbe = async (hello: Hello): Promise<void> => {
    const c = evaluateProbe(hello.probe, await target.emulator?.(), cfg.conformance ?? 'warn');
    if (shared.conformance) return;
    shared.conformance = c;
    cfg.events.conformance?.(c);
    if (c.mode === 'strict' && c.status === 'failed') {
      const bad = failedChecks(c);
      shared.error({ kind: 'conformance', message: `target.conformance is strict and ${bad.length} probe check${bad.length > 1 ? 's' : ''} failed: ${bad[0]!.message}`, detail: bad.map((x) => `${x.id}: ${x.message}`).join('\n') });
      shared.abort('the conformance probe failed (target.conformance: strict)');
    }
  };

  /**
   * Brings the target up through `open` (retried once); false when it cannot be
   * (recorded as an infrastructure error). The retry asks for a fresh start: a
   * reboot in place that gave no HELLO would give none the second time either.
   */
  const bringUp = async (open: (retry?: RestartOptions) => Promise<TargetConnection>): Promise<boolean> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await connect(await open(attempt ? { fresh: true } : undefined));
        return true;
      } catch (e) {
        if (e instanceof HandshakeError) {
          shared.handshakeError ??= e;
          shared.abort('handshake');
          return false;
        }
        if (cfg.signal?.aborted) return false;
        if (attempt === 1) {
          shared.error(await infra(target, cfg.runDir, 'boot', `worker ${w}: the target could not be (re)started: ${(e as Error).message}`, e));
          return false;
        }
        cfg.events.log(`worker ${w}: boot failed (${(e as Error).message}); retrying once, from a fresh start`);
      }
    }
    return false;
  };
  /** `o`: how to restart for `reason` (fresh after a stalled emulator); the retry is always fresh. */
  const boot = (reason?: string, o?: RestartOptions) =>
    bringUp((retry) => (reason || retry ? target.restart(retry ? `retry: ${reason ?? 'the start'} did not reach HELLO` : reason!, retry ?? o) : target.start()));

  // The memory path stages a batch of clips per boot; the UART path streams one clip at a time.
  const memory = cfg.audioPath === 'memory' && target.stage !== undefined && target.memoryBytes !== undefined;
  // How the next (re)start is to be made: fresh once the emulator stalled (a memory batch's
  // last clip stalling makes the next batch's staging that start).
  let how: RestartOptions | undefined;
  try {
    if (!memory && !(await boot())) return;
    while (!shared.stopped()) {
      const batch = shared.nextBatch(memory ? target.memoryBytes! : 0);
      if (!batch.length) break;
      let pending: { item: QueuedClip; clip: Clip }[] = [];
      for (const item of batch) {
        try {
          pending.push({ item, clip: await item.load() });
        } catch (e) {
          shared.record(item, { id: item.id, status: 'error', reason: `cannot load the clip: ${(e as Error).message}`, wallMs: 0, worker: w });
        }
      }
      while (pending.length && !shared.stopped()) {
        let addrs: number[] = [];
        if (memory) {
          const clips = pending.map((p) => p.clip.samples);
          const ok = await bringUp(async (retry) => {
            const staged = await target.stage!(clips, retry ?? how);
            addrs = staged.addrs;
            return staged.conn;
          });
          if (!ok) return;
          how = undefined;
        }
        let restart: string | undefined;
        let i = 0;
        while (i < pending.length && !restart && !shared.stopped()) {
          const { item, clip } = pending[i]!;
          current = item;
          const r = await runClip(w, item, clip, session!, target, cfg, shared, memory ? addrs[i] : undefined);
          shared.record(item, r.result);
          current = undefined;
          restart = r.restart;
          how = r.fresh ? { fresh: true } : undefined;
          i++;
        }
        pending = restart ? pending.slice(i) : [];
        // UART: restart now. Memory: staging the rest of the batch restarts the target.
        if (restart && !memory && !shared.stopped() && !(await boot(restart, how))) return;
      }
    }
  } finally {
    cfg.signal?.removeEventListener('abort', onAbort);
    session?.close();
    if (session) addLinkStats(link, session.link.stats);
  }
}

async function runClip(
  w: number, item: QueuedClip, clip: Clip, session: DeviceSession, target: Target, cfg: HarnessConfig, shared: HarnessShared, memAddr?: number,
): Promise<{ result: ClipResult; restart?: string; fresh?: boolean }> {
  const t0 = Date.now();
  const base = {
    id: clip.id, worker: w, ...(clip.path ? { path: clip.path } : {}), ...(clip.label !== undefined ? { label: clip.label } : {}),
    ...(clip.group !== undefined ? { group: clip.group } : {}),
  };
  const args = cfg.argNames.map((n) => clip.args?.[n] ?? 0);
  const mic = cfg.audioPath === 'pdm' && target.feedMic !== undefined;
  if (mic) {
    try {
      await target.feedMic!(clip.samples);
    } catch (e) {
      const why = `cannot feed clip ${clip.id} to the microphone: ${(e as Error).message}`;
      shared.error(await infra(target, cfg.runDir, lostKind(target), why, e, clip.id));
      return { result: { ...base, status: 'error', wallMs: Date.now() - t0, reason: why }, restart: why };
    }
  }
  try {
    const before = await target.counters?.();
    const stall = { ms: cfg.clipMs, ...(target.deviceClock ? { device: target.deviceClock } : {}) };
    const r = await session.runClip({ clipId: item.index, samples: clip.samples, sampleRate: clip.sampleRate, args, ...(memAddr !== undefined ? { memAddr } : {}), ...(mic ? { mic } : {}) }, stall);
    const after = await target.counters?.();
    const hello = session.hello!;
    const ci = shared.cycleInfo ?? target.cycleInfo(hello);
    const result = toClipResult(clip, r, hello, ci, cfg.platform.clock_hz, Date.now() - t0);
    result.worker = w;
    const counters = counterDeltas(before, after);
    if (counters) result.targetCounters = counters;
    const mism = cfg.verifier?.check(clip, r, { labels: cfg.labels, cycleInfo: ci }) ?? [];
    if (mism.length) {
      result.status = 'failed';
      result.mismatches = mism;
      result.reason = `${cfg.verifier!.name} check: ` + mism.map((m) => `${m.field} expected ${m.expected}, device said ${m.actual}`).join('; ');
    }
    return { result };
  } catch (e) {
    if (!(e instanceof SessionError)) throw e;
    const wallMs = Date.now() - t0;
    const h = await target.health(e.kind === 'closed' ? 1000 : 0);
    const log = h.logPath ? `; log ${h.logPath}` : '';
    switch (e.kind) {
      case 'timeout':
        return {
          result: { ...base, status: 'timedout', wallMs, reason: `${e.message}; last bytes received: ${session.link.lastBytes() || '(none)'}${log}` },
          restart: `clip ${clip.id} timed out`,
        };
      case 'stalled': {
        // The emulator, not the firmware: an infrastructure error, and a fresh start for the rest,
        // not a reset in place through the stalled emulator's own monitor.
        const why = `${e.message}; last bytes received: ${session.link.lastBytes() || '(none)'}`;
        shared.error(await infra(target, cfg.runDir, lostKind(target), `${e.message} during clip ${clip.id}`, undefined, clip.id));
        return { result: { ...base, status: 'error', wallMs, reason: `${why}${log}` }, restart: 'the emulator stalled', fresh: true };
      }
      case 'rebooted':
        return { result: { ...base, status: 'error', wallMs, reason: `${e.message} during the clip${log}` } };
      case 'device-error':
        return { result: { ...base, status: 'error', wallMs, reason: e.message } };
      case 'closed': {
        if (cfg.signal?.aborted) return { result: { ...base, status: 'skipped', wallMs, reason: typeof cfg.signal.reason === 'string' ? cfg.signal.reason : 'interrupted' } };
        const why = h.alive ? 'the connection to the target closed' : `${h.reason ?? 'the target stopped'}`;
        shared.error(await infra(target, cfg.runDir, lostKind(target), `${why} during clip ${clip.id}`, undefined, clip.id));
        return { result: { ...base, status: 'error', wallMs, reason: `${why}${log}` }, restart: why };
      }
      default:
        return { result: { ...base, status: 'error', wallMs, reason: `${e.message}${log}` }, restart: e.message };
    }
  }
}

/** after - before for each counter both reads have (emulator counters around one clip). */
function counterDeltas(before?: Record<string, number>, after?: Record<string, number>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after ?? {})) if (before?.[k] !== undefined) out[k] = v - before[k];
  return Object.keys(out).length ? out : undefined;
}

/**
 * An infrastructure error: the message on one line; the text behind it (the
 * cause's detail, else the target log's last lines) as `detail`; the log path
 * relative to the run folder. The same for every target.
 */
async function infra(target: Target, runDir: string, kind: string, message: string, cause?: unknown, clip?: string): Promise<InfraError> {
  const h = await target.health();
  const e: InfraError = { kind, message: message.split('\n')[0]! };
  const detail = (cause instanceof TargetError ? cause.detail : undefined) ?? h.logTail;
  if (detail) e.detail = detail;
  const logPath = (cause instanceof TargetError ? cause.logPath : undefined) ?? h.logPath;
  if (logPath) e.logs = [isAbsolute(logPath) ? relative(runDir, logPath) : logPath];
  if (clip) e.clip = clip;
  return e;
}

/**
 * A device that sent bytes but not one valid frame before the boot timeout
 * answers in another protocol (other firmware, a wrong baud rate, a console):
 * bad input (exit 2) naming where it was reached, not an infrastructure error.
 */
function notOurProtocol(s: DeviceSession, target: Target): HandshakeError | undefined {
  const st = s.link.stats;
  if (st.bytesReceived === 0 || st.framesReceived > 0) return undefined;
  const where = target.where ?? `the ${target.kind} target`;
  return new HandshakeError(
    `the device on ${where} answers, but not in tinyhil's protocol: ${st.bytesReceived} bytes, no valid frame${st.corrupt ? ` (${st.corrupt} corrupt)` : ''}; is tinyhil firmware for this platform flashed, at the right baud rate?`,
    'firmware',
  );
}

/** What was lost when a target stops answering mid-run: an emulator, or a board or host process (`target`). */
function lostKind(target: Target): 'emulator' | 'target' {
  return target.emulator ? 'emulator' : 'target';
}
