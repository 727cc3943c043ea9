/**
 * Live progress. On a terminal: one cli-progress line (clips done/total, passed/failed so
 * far, clips/s, ETA) with log lines printed above it. Not on a terminal (CI): plain lines
 * only, never escape codes: one per clip failure or infrastructure error, and a status
 * line every 10% of the clips or every 30 s, so a CI log shows the run is alive.
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import type { ClipResult, Conformance, InfraError } from '../core/types.js';
import { failedChecks } from '../harness/conformance.js';
import { clipFailureText, conformanceLine, fmtDuration, fmtNum, isProblem, oneLine } from './format.js';
import type { BootInfo, Reporter, RunContext } from './reporter.js';

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  /** Stream the live bar draws on (TTY mode only); default: stderr. */
  stream?: NodeJS.WritableStream;
  /** Overrides the context's `isTTY`. */
  isTTY?: boolean;
  /** Plain mode prints a status line when this long passed without one; default 30 000 ms. */
  statusEveryMs?: number;
  /** Clock in ms, for tests; default Date.now. */
  now?: () => number;
}

const PREFIX = '[hil]';

/** Shows progress while clips run. */
export class ProgressReporter implements Reporter {
  readonly name = 'progress';
  private ctx: RunContext | undefined;
  private multi: MultiBar | undefined;
  private bar: SingleBar | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly every: number;
  private startedAt = 0;
  private lastStatusAt = 0;
  private lastDecile = 0;
  private done = 0;
  private passed = 0;
  private failed = 0;

  constructor(private readonly opts: ProgressReporterOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.every = opts.statusEveryMs ?? 30_000;
  }

  onBegin(ctx: RunContext): void {
    this.ctx = ctx;
    this.startedAt = this.lastStatusAt = this.now();
    const tty = this.opts.isTTY ?? ctx.isTTY;
    if (tty && ctx.totalClips > 0) {
      this.multi = new MultiBar({
        stream: this.opts.stream ?? process.stderr,
        format: '{bar} {value}/{total} clips | {passed} passed, {failed} failed | {rate} clips/s | ETA {eta_formatted}',
        // Left visible: a runner that dies before onEnd must not leave the terminal without a cursor.
        hideCursor: false,
        clearOnComplete: true,
        barsize: 24,
      });
      this.bar = this.multi.create(ctx.totalClips, 0, this.payload());
      return;
    }
    ctx.log(`${PREFIX} ${ctx.scenario} on ${ctx.platform}: ${ctx.totalClips} clips, ${ctx.workers} worker${ctx.workers === 1 ? '' : 's'}`);
    // A hung emulator produces no clip events; the timer still shows the run is alive.
    this.timer = setInterval(() => {
      if (this.now() - this.lastStatusAt >= this.every) this.status();
    }, Math.min(this.every, 1000));
    this.timer.unref();
  }

  /** On a terminal, lines go above the bar (cli-progress prints them on its next redraw). */
  onLog(line: string): boolean {
    if (!this.multi) return false;
    this.multi.log(`${line}\n`);
    return true;
  }

  onBoot(info: BootInfo): void {
    const d = info.device;
    this.print(`${PREFIX} worker ${info.worker} booted ${d.fwName} ${d.fwVersion} (${d.board}) in ${fmtDuration(info.bootMs)}`);
  }

  /** Before the first clip: the probe in one line, then each failed check on its own line. */
  onConformance(c: Conformance): void {
    this.print(`${PREFIX} conformance probe: ${conformanceLine(c)}`);
    for (const x of failedChecks(c)) this.print(`${PREFIX} ${c.mode === 'strict' ? 'ERROR' : 'WARNING'} ${x.id}: ${oneLine(x.message ?? x.what)}`);
  }

  onClipEnd(r: ClipResult): void {
    this.done++;
    if (r.status === 'passed') this.passed++;
    else if (isProblem(r.status)) {
      this.failed++;
      // A clip's id is a file name: a newline in it must not start a line of its own (a forged `::error`).
      this.print(`${PREFIX} ${r.status.toUpperCase()} ${oneLine(r.id)}: ${clipFailureText(r)}`);
    }
    if (this.bar) {
      this.bar.update(this.done, this.payload());
      return;
    }
    const total = this.ctx?.totalClips ?? 0;
    const decile = total > 0 ? Math.floor((Math.min(this.done, total) * 10) / total) : 0;
    if (decile > this.lastDecile || this.now() - this.lastStatusAt >= this.every) this.status();
    this.lastDecile = Math.max(this.lastDecile, decile);
  }

  onError(err: InfraError): void {
    this.print(`${PREFIX} infrastructure error (${err.kind}${err.clip ? `, clip ${oneLine(err.clip)}` : ''}): ${oneLine(err.message)}`);
  }

  onEnd(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.multi) {
      // stop() drops lines still buffered for the next redraw: flush them first.
      this.multi.update();
      this.multi.stop();
      this.multi = this.bar = undefined;
      return;
    }
    const total = this.ctx?.totalClips ?? 0;
    if (this.ctx && (this.lastDecile < 10 || this.done !== total)) this.status();
  }

  private print(line: string): void {
    // Through the context so lines from the runner and the other reporters never interleave.
    if (this.multi) this.multi.log(`${line}\n`);
    else this.ctx?.log(line);
  }

  private rate(): number {
    const s = (this.now() - this.startedAt) / 1000;
    return s > 0 ? this.done / s : 0;
  }

  private payload(): Record<string, string | number> {
    return { passed: this.passed, failed: this.failed, rate: fmtNum(this.rate(), 1) };
  }

  private status(): void {
    this.lastStatusAt = this.now();
    const total = this.ctx?.totalClips ?? 0;
    const pct = total > 0 ? ` (${Math.floor((this.done * 100) / total)}%)` : '';
    const rate = this.rate();
    const left = total - this.done;
    const eta = left > 0 && rate > 0 ? `, ETA ${fmtDuration((left / rate) * 1000)}` : '';
    this.ctx?.log(
      `${PREFIX} ${this.done}/${total} clips${pct}: ${this.passed} passed, ${this.failed} failed, ${fmtNum(rate, 1)} clips/s${eta}, elapsed ${fmtDuration(this.lastStatusAt - this.startedAt)}`,
    );
  }
}
