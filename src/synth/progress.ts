/**
 * A small progress display for generation: on a terminal one line redrawn in
 * place (`synth 120/520 clips | 14.2 clips/s | ETA 28s`); elsewhere (CI, logs)
 * plain lines, at most one per 10% of the clips or per 15 s, never escape codes.
 */
import type { SynthProgress } from './generate.js';
import { fmtDuration } from '../core/format.js';

export interface ProgressOptions {
  stream?: NodeJS.WritableStream;
  isTTY?: boolean;
  /** Prefix of every line; default `synth`. */
  label?: string;
  now?: () => number;
}

export class SynthProgressDisplay {
  private readonly stream: NodeJS.WritableStream;
  private readonly tty: boolean;
  private readonly now: () => number;
  private lastLine = 0;
  private lastDecile = -1;
  private drawn = false;
  private last: SynthProgress | undefined;

  constructor(private readonly opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = opts.isTTY ?? Boolean((this.stream as NodeJS.WriteStream).isTTY);
    this.now = opts.now ?? Date.now;
  }

  /** Feed it every progress event. */
  update(p: SynthProgress): void {
    this.last = p;
    if (p.generated === 0 && p.done < p.total) {
      if (this.lastDecile < 0) {
        this.lastDecile = 0;
        this.line(`${p.total} clips: ${p.cached} cached, ${p.total - p.cached} to generate`);
      }
      return;
    }
    const t = this.now();
    if (this.tty) {
      if (t - this.lastLine < 100 && p.done < p.total) return;
      this.lastLine = t;
      this.stream.write(`\r\x1b[2K${this.opts.label ?? 'synth'}: ${this.text(p)}`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor((10 * p.done) / Math.max(1, p.total));
    if (decile > this.lastDecile || t - this.lastLine >= 15_000) {
      this.lastDecile = decile;
      this.lastLine = t;
      this.line(this.text(p));
    }
  }

  /** Ends the display (clears the live line) and prints `summary` if given. */
  end(summary?: string): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    if (summary) this.line(summary);
  }

  private text(p: SynthProgress): string {
    const eta = Number.isFinite(p.etaS) ? `ETA ${fmtSeconds(p.etaS)}` : 'ETA ?';
    return `${p.done}/${p.total} clips (${p.cached} cached) | ${p.rate.toFixed(1)} clips/s | ${eta}`;
  }

  private line(s: string): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.stream.write(`${this.opts.label ?? 'synth'}: ${s}\n`);
  }
}

/** Seconds as the one duration formatter writes them: "12 s", "2 min 05 s". */
export function fmtSeconds(s: number): string {
  return fmtDuration(s * 1000);
}
