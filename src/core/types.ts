/**
 * The data model shared by the harness, metrics, budgets and reporters.
 * `report.json` is a serialisation of {@link RunReport}; its JSON Schema lives in
 * docs/report.schema.json and must change together with this file (and with
 * comparison.ts, the part of it `hil compare` and `hil run --baseline` write).
 */
import type { Comparison } from './comparison.js';

export type { ClipChange, ClipChangeDirection, ComparedRun, Comparison, FigureDelta } from './comparison.js';

/** Outcome of a clip, a budget or a whole run. Every non-pass carries a reason. */
export type Status = 'passed' | 'failed' | 'error' | 'skipped' | 'timedout';

/** A clip ready to stream: 16-bit mono PCM plus where it came from. */
export interface Clip {
  /** Stable id, unique in the run: the path relative to the scenario's folder, or `<entry>#<n>`. */
  id: string;
  /** Source file, if any (absolute). */
  path?: string;
  /** Ground-truth label, if known. */
  label?: string;
  sampleRate: number;
  samples: Int16Array;
  /** App arguments by name (mapped to positions with the app's app.yaml). */
  args?: Record<string, number>;
  /** A group accuracy is also reported for (synth: `espeak-ng`, `recorded`, `noise`). */
  group?: string;
}

/** What the device said about itself in HELLO. */
export interface DeviceInfo {
  protocol: number;
  fwName: string;
  fwVersion: string;
  board: string;
  cpuHz: number;
  labels: string[];
  maxPayload: number;
  rxWindow: number;
  cycleSource: string;
  regions: { name: string; kind: 'data' | 'bss' | 'stack' | 'heap' | 'other'; start: number; size: number }[];
  scoreScale: number;
  maxClip: number;
  audioPaths: number;
  /** The conformance probe's raw result (HELLO tag 0x0f); absent: it did not run. */
  probe?: ProbeResult;
  /** HELLO tag 0x10 (docs/protocol.md 8.2); absent: 0. */
  capabilities?: number;
}

/** HELLO tag 0x0f: which probe set ran, which of its checks ran and which failed (bit per check). */
export interface ProbeResult {
  set: number;
  ran: number;
  failed: number;
}

/** One check of the conformance probe, as the report names it. */
export interface ConformanceCheck {
  /** `sadd16_ge`, `mrs_apsr_ge`... (docs/protocol.md section 7). */
  id: string;
  /** What it compares, in words: "APSR.GE after SADD16". */
  what: string;
  status: 'passed' | 'failed' | 'skipped';
  /** For a failed check: what it means for the figures, and whether the bug is known. */
  message?: string;
  /** The known emulator bug this failure is (see harness/known-bugs.ts). */
  known?: { emulator: string; affected: string; upstream: string };
}

/**
 * What the device's conformance probe says about the target executing it
 * (report.json `conformance`): instructions whose architectural results are
 * known, checked at boot. A failure means figures that depend on those
 * instructions are the emulator's, not the silicon's.
 */
export interface Conformance {
  /** `not-run`: the device sent no probe (a core without DSP instructions, an older library); `unknown`: a probe set this tinyhil does not know. */
  status: 'passed' | 'failed' | 'not-run' | 'unknown';
  /** `warn` (default): failed checks are warnings; `strict` (`target.conformance`): an infrastructure error. */
  mode: 'warn' | 'strict';
  probeSet?: number;
  /** The emulator that ran the device, as the target reports it: `renode`, how people write it (`Renode`), `1.16.1`. */
  emulator?: { name: string; title?: string; version?: string };
  checks: ConformanceCheck[];
}

/** A result field the host recomputed and compared with the device's. */
export interface CheckMismatch {
  field: string;
  expected: string;
  actual: string;
}

/** Where a latency figure came from and what unit it really is. */
export interface CycleInfo {
  /** Device counter source: dwt, systick, host, none. */
  source: string;
  /** `cycles` (real CPU cycles), `instructions` (instruction-equivalent, emulator icount), `ns` (host build). */
  unit: 'cycles' | 'instructions' | 'ns';
  /** Factor applied to the raw device count to get `total` (e.g. 40 instructions per SysTick tick). */
  factor: number;
  /**
   * What the counts are, when the unit alone does not say it: Renode's are
   * `cycles` of virtual time ("Renode virtual time: DWT CYCCNT counts 168 MHz...").
   */
  description?: string;
  /** A few words budget reasons add when the counts are not the silicon's cycles: `QEMU icount, not cycle-accurate`. */
  caveat?: string;
  /**
   * The step the counter moves in, in `unit`, when it is coarser than one: Renode
   * 1.15 advances DWT CYCCNT only at the end of each quantum of virtual time (100 µs:
   * 16,800 cycles at 168 MHz), so every figure is a multiple of it, ± one step.
   */
  resolution?: number;
}

/** The outcome of one clip. Written to results.jsonl as soon as the clip ends. */
export interface ClipResult {
  id: string;
  path?: string;
  label?: string;
  /** The clip's group, when its input gives one (accuracy is also reported per group). */
  group?: string;
  status: Status;
  /** Why the clip did not pass (mismatch, timeout, device error...). */
  reason?: string;
  predicted?: string | null;
  predictedIndex?: number;
  scores?: number[];
  /** Cycles for the whole clip (already converted with `cycleInfo.factor`). */
  cycles?: number;
  cyclesFrontend?: number;
  cyclesInference?: number;
  /** Raw device count before conversion. */
  rawCycles?: number;
  /** Milliseconds at the platform clock: cycles / clock_hz × 1000. */
  latencyMs?: number;
  /** Main stack high-water mark since boot, bytes, as the device measured it. */
  stackHwm?: number;
  stacks?: { name: string; used: number; size: number }[];
  heapUsed?: number;
  /** App-defined named values (selftest: crc32, sum, energy...). */
  values?: Record<string, number>;
  /**
   * Counters the emulator kept during the clip, from CLIP_BEGIN to RESULT as the
   * host saw it (Renode: `executedInstructions`, every instruction the CPU ran,
   * UART handling and idle loops included; the app's own work is `cycles`).
   */
  targetCounters?: Record<string, number>;
  /** Host-side verification failures. */
  mismatches?: CheckMismatch[];
  /** With a parity budget: the largest |device - host reference| score difference (null: the prediction differs). */
  parityDiff?: number | null;
  /** Wall-clock milliseconds on the host for this clip (streaming + compute + result). */
  wallMs: number;
  /** Which worker (emulator instance) ran it. */
  worker?: number;
}

/** The verdict of one budget: `{status, measured, budget, reason}` plus how it was measured. */
export interface BudgetVerdict {
  /** Dotted budget path as written in the scenario, e.g. `latency.p95.max`, `recall.min[yes]`. */
  name: string;
  status: Status;
  /** The measured figure in `unit`; null when it could not be measured. */
  measured: number | null;
  /** The allowed limit in `unit`. */
  budget: number;
  /** `bytes`, `cycles`, `instructions`, `ms`, `fraction`. */
  unit: string;
  /** `min` or `max`: which side of `budget` passes. */
  kind: 'min' | 'max';
  /** Human sentence: "ram.peak.max: measured 61234 B (59.8 KiB) > allowed 61233 B (59.8 KiB)...". Always set. */
  reason: string;
  /** Where the measured figure came from ("stack painting + linker regions", "SysTick x40 under icount"...). */
  source: string;
  /** Where the budget is written: the scenario file and the line and column of its key (for annotations). */
  location?: SourceLocation;
}

/** A place in a file: `file` as the run was given it, line and column 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** Memory and footprint figures, each with its source. */
export interface Footprint {
  /** Bytes placed in the flash region (text, rodata, data's load image...). */
  flash: number;
  /** Bytes of static RAM placed by the linker (data, bss...), excluding the `.stack`/`.heap` reservations, which the device measures. */
  ramStatic: number;
  /** Sections by name with size and region. */
  sections: { name: string; size: number; addr: number; region: 'flash' | 'ram' | 'both' | 'other' }[];
  /** The linker-reserved main stack, bytes (0 if the stack is not a section). */
  stackReserved: number;
}

/** Aggregated metrics over all clips. */
export interface Metrics {
  clips: { total: number; passed: number; failed: number; error: number; timedout: number; skipped: number };
  /** Over labelled clips that ran: a clip without a prediction (timed out, errored) counts as wrong. */
  accuracy?: { value: number; correct: number; total: number; ci95: [number, number] };
  /** Accuracy per clip group, when clips carry groups. */
  accuracyByGroup?: Record<string, { value: number; correct: number; total: number; ci95: [number, number] }>;
  recall?: Record<string, { value: number; correct: number; total: number }>;
  precision?: Record<string, { value: number; correct: number; total: number }>;
  /** rows = true label, cols = predicted label, in `labels` order (+ a trailing "none" column). */
  confusion?: { labels: string[]; matrix: number[][] };
  /** `resolution`: the counter's step when coarser than one unit (see CycleInfo.resolution): each figure is ± that. */
  latency?: { unit: string; p50: number; p95: number; max: number; mean: number; p50Ms: number; p95Ms: number; maxMs: number; resolution?: number; source: string };
  /** Peak RAM = static RAM (linker) + stack high-water (device) + heap (device). */
  ram?: { peak: number; static: number; stackHwm: number; heap: number; source: string };
  flash?: { value: number; source: string };
  stack?: { value: number; source: string };
}

/** An infrastructure problem (toolchain, emulator, link) kept apart from budget failures. */
export interface InfraError {
  /** `build`, `boot`, `link`, `emulator` (an emulator lost mid-run), `target` (a board or host process lost mid-run), `config`, `interrupted`, `internal`. */
  kind: string;
  /** One line: what failed, quoting the tool's essential line (reporters print only this). */
  message: string;
  /** The text behind the message (the tool log's last lines, or its whole reply), for report.json and junit. */
  detail?: string;
  /** Log files that tell more, relative to the run folder. */
  logs?: string[];
  clip?: string;
}

/** What the host's end of the reliable link counted (the same fields as protocol's LinkStats). */
export interface LinkCounters {
  framesSent: number;
  framesReceived: number;
  retransmits: number;
  naksSent: number;
  naksReceived: number;
  corrupt: number;
  duplicates: number;
  garbageBytes: number;
  bytesSent: number;
  bytesReceived: number;
}

/** Everything one scenario run produced: the content of report.json. */
export interface RunReport {
  schemaVersion: 1;
  tool: { name: 'tinyhil'; version: string };
  scenario: {
    name: string;
    file: string;
    description?: string;
    /** Where the scenario's `inputs:` is (a run failing on clips alone is annotated there). */
    inputsAt?: SourceLocation;
    /** The matrix cell this run is, when the scenario has a `matrix:`. */
    matrix?: { group: string; variant?: string; platform: string; target?: string };
  };
  platform: { name: string; cpu: string; clockHz: number; ramSize: number; flashSize: number };
  target: {
    kind: string;
    audioPath: string;
    workers: number;
    settings: Record<string, unknown>;
    /** How often the targets had to come up, summed over workers (Renode: renodeStarts, resetsInPlace, freshStarts; QEMU: qemuStarts). */
    stats?: Record<string, number>;
    /**
     * The host's link counters per worker, summed over its boots (docs/protocol.md §2):
     * retransmits, NAKs and corrupt frames show link trouble even when it recovered.
     */
    links?: ({ worker: number } & LinkCounters)[];
  };
  firmware: { elf: string; sha256: string; device?: DeviceInfo; footprint?: Footprint; build?: string };
  status: Status;
  /** Why the run did not pass (first budget failure, infrastructure error, interruption). */
  reason?: string;
  startedAt: string;
  durationMs: number;
  labels: string[];
  clips: ClipResult[];
  metrics: Metrics;
  budgets: BudgetVerdict[];
  /** What the device's conformance probe said about the target (absent: the run never got a HELLO). */
  conformance?: Conformance;
  /** This run against a baseline run (`hil run --baseline`): deltas, changed clips, regression verdicts. */
  comparison?: Comparison;
  errors: InfraError[];
  provenance: {
    tools: Record<string, string>;
    host: string;
    node: string;
    command: string[];
    cycleInfo?: CycleInfo;
    /** The golden reference a parity budget compared against. */
    reference?: { kind: 'host'; elf: string; sha256: string };
  };
}

