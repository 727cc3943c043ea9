/**
 * Runs a list of clips on N parallel target instances (workers) that share one
 * queue, and collects per-clip results in clip order. Whatever happens (hung
 * firmware, dead emulator, Ctrl-C), every clip ends with a result and a reason.
 */
import type { Clip, ClipResult, Conformance, CycleInfo, InfraError } from '../core/types.js';
import type { Platform } from '../config/schema.js';
import type { Hello } from '../protocol/messages.js';
import type { LinkStats } from '../protocol/link.js';
import type { AudioPath, Target } from '../targets/target.js';
import type { HandshakeError } from './handshake.js';
import type { Verifier } from './verify.js';
import { runWorker } from './worker.js';

/** A clip waiting to run; `load` reads it only when a worker takes it. */
export interface QueuedClip {
  /** Position in the run (also the protocol clip_id). */
  index: number;
  id: string;
  /** Size of the samples in bytes, when known before loading (sizes memory-path batches). */
  bytes?: number;
  load(): Promise<Clip>;
}

/** Callbacks to the runner (reporters, run log). They must not throw. */
export interface HarnessEvents {
  log(line: string): void;
  deviceLog(worker: number, clipId: string | undefined, level: number, text: string): void;
  boot(worker: number, hello: Hello, bootMs: number): void;
  /** The device's conformance probe was read: once per run, before the first clip. */
  conformance?(c: Conformance): void;
  clip(result: ClipResult): void;
  error(err: InfraError): void;
}

export interface HarnessConfig {
  targetKind: string;
  platform: Platform;
  /** The board name the device must report. */
  board: string;
  elf: string;
  runDir: string;
  workers: number;
  bootMs: number;
  /** Longest a device may go without progress during a clip before it is `timedout`. */
  clipMs: number;
  labels: string[];
  /** App argument names in CLIP_BEGIN order. */
  argNames: readonly string[];
  verifier?: Verifier;
  clips: QueuedClip[];
  /** `memory` stages clips in the target's harness region, `pdm` feeds its microphone model; else UART. */
  audioPath: AudioPath;
  chunkBytes?: number;
  rtoMs?: number;
  signal?: AbortSignal;
  /** `strict`: a failed conformance check stops the run as an infrastructure error; default `warn`. */
  conformance?: 'warn' | 'strict';
  events: HarnessEvents;
}

export interface HarnessOutcome {
  /** One result per clip, in clip order; clips that never ran are `skipped` with the reason. */
  results: ClipResult[];
  device?: Hello;
  cycleInfo?: CycleInfo;
  /** What the first device's conformance probe said about its target. */
  conformance?: Conformance;
  errors: InfraError[];
  handshakeError?: HandshakeError;
  targetSettings: Record<string, unknown>;
  /** Each target's {@link Target.stats}, summed over the workers. */
  targetStats: Record<string, number>;
  /** Each worker's link counters, summed over its sessions (index = worker). */
  links: LinkStats[];
  interrupted: boolean;
}

/** State the workers share; exported for worker.ts only. */
export interface HarnessShared {
  device?: Hello;
  cycleInfo?: CycleInfo;
  conformance?: Conformance;
  handshakeError?: HandshakeError;
  targets: Target[];
  /** Link counters per worker; a worker's entry is live while it runs. */
  links: LinkStats[];
  /**
   * The next clips for one worker: one clip, or (memoryBytes > 0) as many as fit in
   * that many bytes, but no more than a fair share so every worker gets work.
   */
  nextBatch(memoryBytes: number): QueuedClip[];
  record(item: QueuedClip, r: ClipResult): void;
  error(e: InfraError): void;
  abort(why: string): void;
  stopped(): boolean;
}

export async function runHarness(cfg: HarnessConfig): Promise<HarnessOutcome> {
  const results: (ClipResult | undefined)[] = new Array(cfg.clips.length);
  const errors: InfraError[] = [];
  let cursor = 0;
  let stopReason: string | undefined;
  const n = Math.max(1, Math.min(cfg.workers, cfg.clips.length || 1));
  const shared: HarnessShared = {
    targets: [],
    links: [],
    nextBatch(memoryBytes) {
      if (stopReason || cursor >= cfg.clips.length) return [];
      if (memoryBytes <= 0) return [cfg.clips[cursor++]!];
      const fair = Math.max(1, Math.ceil((cfg.clips.length - cursor) / n));
      const out: QueuedClip[] = [];
      let used = 0;
      while (cursor < cfg.clips.length && out.length < fair) {
        const size = ((cfg.clips[cursor]!.bytes ?? 32_000) + 3) & ~3;
        if (out.length && used + size > memoryBytes) break;
        used += size;
        out.push(cfg.clips[cursor++]!);
      }
      return out;
    },
    record(item, r) {
      if (results[item.index]) return;
      results[item.index] = r;
      cfg.events.clip(r);
    },
    error(e) {
      errors.push(e);
      cfg.events.error(e);
    },
    abort(why) {
      stopReason ??= why;
    },
    stopped: () => stopReason !== undefined || cfg.signal?.aborted === true,
  };
  const onAbort = () => shared.abort(String(cfg.signal?.reason ?? 'interrupted'));
  cfg.signal?.addEventListener('abort', onAbort);
  try {
    await Promise.all(Array.from({ length: n }, (_, w) => runWorker(w, cfg, shared)));
  } finally {
    cfg.signal?.removeEventListener('abort', onAbort);
    // Teardown in reverse start order, always, even when a worker threw.
    for (const t of [...shared.targets].reverse()) await t.stop();
  }
  const why = cfg.signal?.aborted
    ? `not run: ${typeof cfg.signal.reason === 'string' ? cfg.signal.reason : 'the run was interrupted'}`
    : shared.handshakeError
      ? `not run: ${shared.handshakeError.message}`
      : errors.length
        ? `not run: ${errors[errors.length - 1]!.message.split('\n')[0]}`
        : 'not run';
  const out: ClipResult[] = cfg.clips.map((c) => results[c.index] ?? { id: c.id, status: 'skipped', reason: why, wallMs: 0 });
  const outcome: HarnessOutcome = {
    results: out,
    errors,
    targetSettings: shared.targets[0]?.describe() ?? {},
    targetStats: sumStats(shared.targets),
    links: shared.links,
    interrupted: cfg.signal?.aborted === true,
  };
  if (shared.device) outcome.device = shared.device;
  if (shared.cycleInfo) outcome.cycleInfo = shared.cycleInfo;
  if (shared.conformance) outcome.conformance = shared.conformance;
  if (shared.handshakeError) outcome.handshakeError = shared.handshakeError;
  return outcome;
}

/** The targets' counters, added up key by key. */
function sumStats(targets: Target[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of targets) for (const [k, v] of Object.entries(t.stats?.() ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

export type { LinkStats };
