/**
 * The reporter contract and {@link ReporterSet}, which fans every run event out to the
 * configured reporters. Modelled on Playwright's reporter multiplexer, with two things it
 * lacks: per-reporter ordering of async hooks, and failures that are collected and
 * reported once per reporter instead of logged on every call.
 */
import type { ClipResult, Conformance, DeviceInfo, InfraError, RunReport } from '../core/types.js';

/** What a reporter learns when the run starts. */
export interface RunContext {
  /** Absolute path of this run's folder; file reporters write only here. */
  runDir: string;
  /** Scenario name as in the scenario file. */
  scenario: string;
  /** Platform name. */
  platform: string;
  /** Clips the run will stream (0 when the run fails before it knows them). */
  totalClips: number;
  /** Class labels in the app's order. */
  labels: string[];
  /** Emulator instances or boards running clips in parallel. */
  workers: number;
  /** True when stdout/stderr is an interactive terminal (live progress, colours allowed). */
  isTTY: boolean;
  /**
   * Print one line for humans. Reporters must print through this rather than to the
   * terminal so lines never tear a live progress display (see {@link Reporter.onLog}).
   */
  log(line: string): void;
}

/** A worker finished booting and the device said HELLO. */
export interface BootInfo {
  /** Worker index, 0-based. */
  worker: number;
  /** What the device reported about itself. */
  device: DeviceInfo;
  /** Milliseconds from starting the target to HELLO. */
  bootMs: number;
}

/**
 * A consumer of run events. Every hook is optional and may be async; {@link ReporterSet}
 * delivers events to one reporter strictly in order (the next hook starts after the
 * previous one settled), and isolates its failures from the other reporters and the run.
 */
export interface Reporter {
  /** Short name used in warnings and `--reporter` (e.g. `junit`). */
  readonly name: string;
  /** The run starts. Always the first hook; called even when the run fails before any clip. */
  onBegin?(ctx: RunContext): Promise<void> | void;
  /** A worker booted and its device said HELLO. */
  onBoot?(info: BootInfo): Promise<void> | void;
  /** The device's conformance probe was read (once, before the first clip). */
  onConformance?(c: Conformance): Promise<void> | void;
  /** One clip finished, in completion order (not clip order when workers run in parallel). */
  onClipEnd?(result: ClipResult): Promise<void> | void;
  /** An infrastructure problem happened (it will also appear in `RunReport.errors`). */
  onError?(err: InfraError): Promise<void> | void;
  /** The run ended; `report` is exactly what report.json holds. The last hook. */
  onEnd?(report: RunReport): Promise<void> | void;
  /**
   * Offered each line printed through {@link RunContext.log} before it goes to the
   * terminal. A reporter drawing a live display prints the line above it and returns
   * true so the line is not printed twice. Must be synchronous: logging cannot wait.
   */
  onLog?(line: string): boolean | void;
}

/** A hook name of {@link Reporter}. */
export type HookName = 'onBegin' | 'onBoot' | 'onConformance' | 'onClipEnd' | 'onError' | 'onEnd' | 'onLog';

/** A failure of one reporter's hook, kept by {@link ReporterSet.reporterErrors}. */
export interface ReporterError {
  reporter: string;
  hook: HookName;
  error: unknown;
}

/** Options of {@link ReporterSet}. */
export interface ReporterSetOptions {
  /** Where lines go before `onBegin` supplies `ctx.log`; default: stderr. */
  log?: (line: string) => void;
  /**
   * A hook still pending after this long counts as failed and the reporter's queue moves
   * on, so a hung reporter (a stuck network upload, say) cannot hang the run; that reporter
   * gets no further events. Default 60 s.
   */
  hookTimeoutMs?: number;
}

type Event = Exclude<HookName, 'onLog'>;

/** Fans run events out to reporters; one broken reporter cannot break the others or the run. */
export class ReporterSet {
  private readonly errors: ReporterError[] = [];
  private readonly warned = new Set<Reporter>();
  /** Reporters that hung once: waiting out the timeout on every later event would stall the run. */
  private readonly disabled = new Set<Reporter>();
  private readonly queues: Promise<void>[];
  private sink: (line: string) => void;
  private readonly timeoutMs: number;

  constructor(
    readonly reporters: readonly Reporter[],
    opts: ReporterSetOptions = {},
  ) {
    this.queues = reporters.map(() => Promise.resolve());
    this.sink = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.timeoutMs = opts.hookTimeoutMs ?? 60_000;
  }

  /** Every hook failure so far, in the order they happened. */
  get reporterErrors(): readonly ReporterError[] {
    return this.errors;
  }

  /** Starts the run; reporters get a context whose `log` goes through {@link ReporterSet.log}. */
  onBegin(ctx: RunContext): Promise<void> {
    this.sink = ctx.log;
    const shared: RunContext = { ...ctx, log: (line) => this.log(line) };
    return this.dispatch('onBegin', shared);
  }

  onBoot(info: BootInfo): Promise<void> {
    return this.dispatch('onBoot', info);
  }

  onConformance(c: Conformance): Promise<void> {
    return this.dispatch('onConformance', c);
  }

  /** Resolves when every reporter handled this clip (and all earlier events). */
  onClipEnd(result: ClipResult): Promise<void> {
    return this.dispatch('onClipEnd', result);
  }

  onError(err: InfraError): Promise<void> {
    return this.dispatch('onError', err);
  }

  /**
   * Ends the run. Reporters finish one after another in the set's order, so a summary
   * printed by a later reporter can point at files the earlier ones wrote.
   */
  async onEnd(report: RunReport): Promise<void> {
    for (let i = 0; i < this.reporters.length; i++) await this.enqueue(i, 'onEnd', report);
  }

  /** Prints a line for humans, above any live display a reporter draws. */
  log(line: string): void {
    for (const r of this.reporters) {
      if (!r.onLog) continue;
      try {
        if (r.onLog(line) === true) return;
      } catch (error) {
        this.fail(r, 'onLog', error);
      }
    }
    this.sink(line);
  }

  private dispatch(hook: Event, arg: unknown): Promise<void> {
    return Promise.all(this.reporters.map((_, i) => this.enqueue(i, hook, arg))).then(() => undefined);
  }

  /** Chains the call after the reporter's previous one, which keeps its events in order. */
  private enqueue(i: number, hook: Event, arg: unknown): Promise<void> {
    const r = this.reporters[i]!;
    const next = this.queues[i]!.then(() => this.call(r, hook, arg));
    this.queues[i] = next;
    return next;
  }

  private async call(r: Reporter, hook: Event, arg: unknown): Promise<void> {
    const fn = r[hook] as ((a: unknown) => unknown) | undefined;
    if (!fn || this.disabled.has(r)) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = Promise.resolve().then(() => fn.call(r, arg));
      const timeout = new Promise<never>((_, reject) => {
        // Not unref'ed: a hung hook leaves nothing else to keep the process alive, and the
        // run must still reach its end rather than exit silently.
        timer = setTimeout(() => {
          this.disabled.add(r);
          reject(new Error(`${hook} did not settle within ${this.timeoutMs} ms; the reporter gets no further events`));
        }, this.timeoutMs);
      });
      await Promise.race([pending, timeout]);
    } catch (error) {
      this.fail(r, hook, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(r: Reporter, hook: HookName, error: unknown): void {
    this.errors.push({ reporter: r.name, hook, error });
    if (this.warned.has(r)) return;
    this.warned.add(r);
    const msg = error instanceof Error ? error.message : String(error);
    // Printed once per reporter: a reporter failing on every clip must not flood the log.
    this.log(`warning: reporter "${r.name}" failed in ${hook}: ${msg} (the run and the other reporters continue; later errors of this reporter are not printed)`);
  }
}
