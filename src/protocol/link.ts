/**
 * The host end of the reliable link (docs/protocol.md §2): sequence numbers,
 * cumulative ACKs with credit, NAK-driven go-back-N, and retransmission on timeout.
 * It sits on any byte stream pair (TCP socket, serial port, child stdio).
 */
import { EventEmitter } from 'node:events';
import type { LinkCounters } from '../core/types.js';
import type { Readable, Writable } from 'node:stream';
import { encodeFrame, FrameDecoder, FrameType, frameTypeName, isReliable, type Frame, type FrameEvent } from './frame.js';

/** Counters a run reports so link trouble is visible even when it recovered (report.json `target.links`). */
export type LinkStats = LinkCounters;

/** Every counter at zero: a new link's, or a total to add links' counters into. */
export function emptyLinkStats(): LinkStats {
  return { framesSent: 0, framesReceived: 0, retransmits: 0, naksSent: 0, naksReceived: 0, corrupt: 0, duplicates: 0, garbageBytes: 0, bytesSent: 0, bytesReceived: 0 };
}

/** Adds `add`'s counters into `into` (a worker's total over its sessions). */
export function addLinkStats(into: LinkStats, add: LinkStats): void {
  for (const k of Object.keys(into) as (keyof LinkStats)[]) into[k] += add[k];
}

export interface LinkOptions {
  /** Retransmission timeout before backoff, ms (doubles up to 8×). */
  rtoMs?: number;
  /** Credit the host grants the device (it never runs out of buffer). */
  hostCredit?: number;
  /** Largest payload the decoder accepts from the device. */
  maxRxPayload?: number;
}

interface Pending {
  seq: number;
  type: number;
  payload: Buffer;
  /** The encoded frame, once a sequence number is assigned. */
  wire?: Buffer;
  resolve: () => void;
  reject: (e: Error) => void;
}

const mod = (n: number) => ((n % 256) + 256) % 256;
/** Distance from a to b going forward, mod 256. */
const ahead = (a: number, b: number) => mod(b - a);

/**
 * Events: `frame` (a reliable frame accepted in order), `corrupt` (reason),
 * `close` (the stream ended), `error`.
 */
export class Link extends EventEmitter {
  readonly stats: LinkStats = emptyLinkStats();
  private readonly decoder: FrameDecoder;
  private readonly rto: number;
  private readonly hostCredit: number;
  private txNext = 0;
  private lastAcked = 255;
  private credit = 1;
  private inFlight: Pending[] = [];
  private queue: Pending[] = [];
  private rxExpected = 0;
  private nakedFor = -1;
  private timer: NodeJS.Timeout | undefined;
  private backoff = 1;
  private closed = false;
  private lastNakResend = { seq: -1, at: 0 };

  constructor(private readonly input: Readable, private readonly output: Writable, opts: LinkOptions = {}) {
    super();
    this.rto = opts.rtoMs ?? 250;
    this.hostCredit = opts.hostCredit ?? 8;
    this.decoder = new FrameDecoder(opts.maxRxPayload ?? 4096);
    this.onData = this.onData.bind(this);
    this.onEnd = this.onEnd.bind(this);
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('close', this.onEnd);
    // A peer that dies mid-write (EPIPE, ECONNRESET) is a closed link, not a crash of the runner.
    this.onStreamError = this.onStreamError.bind(this);
    input.on('error', this.onStreamError);
    output.on('error', this.onStreamError);
    this.decoder.on('data', (ev: FrameEvent) => this.onEvent(ev));
  }

  /** The last bytes received, hex, for error messages. */
  lastBytes(): string {
    return this.decoder.lastBytes();
  }

  /** Sends the lone 0x00 that flushes a receiver's partial frame (harmless if lost). */
  flush(): void {
    this.write(Buffer.from([0]));
  }

  /** Forget all sequence state, as after a device reboot. Pending sends are rejected. */
  reset(reason: string, credit = 1): void {
    this.clearTimer();
    const err = new Error(reason);
    for (const p of [...this.inFlight, ...this.queue]) p.reject(err);
    this.inFlight = [];
    this.queue = [];
    this.txNext = 0;
    this.lastAcked = 255;
    this.credit = credit;
    this.rxExpected = 0;
    this.nakedFor = -1;
    this.backoff = 1;
  }

  /** Sets the credit the device granted in HELLO (before its first ACK). */
  setCredit(credit: number): void {
    this.credit = credit;
    this.pump();
  }

  /** Queues a reliable frame; resolves when the device acknowledged it. */
  send(type: number, payload: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('link closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ seq: -1, type, payload, resolve, reject });
      this.pump();
    });
  }

  /** Frames queued or in flight. */
  get pending(): number {
    return this.queue.length + this.inFlight.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    this.input.off('data', this.onData);
    const err = new Error('link closed');
    for (const p of [...this.inFlight, ...this.queue]) p.reject(err);
    this.inFlight = [];
    this.queue = [];
  }

  private onData(chunk: Buffer): void {
    this.stats.bytesReceived += chunk.length;
    this.decoder.write(chunk);
    this.stats.garbageBytes = this.decoder.garbageBytes;
  }

  /** The last stream error (EPIPE...), for the message that says why the link closed. */
  streamError: Error | undefined;

  private onStreamError(e: Error): void {
    this.streamError ??= e;
    this.onEnd();
  }

  private onEnd(): void {
    if (this.closed) return;
    this.close();
    this.emit('close');
  }

  private write(buf: Buffer): void {
    if (this.closed) return;
    this.stats.bytesSent += buf.length;
    this.output.write(buf);
  }

  private sendControl(type: number, payload: number[]): void {
    this.write(encodeFrame(type, 0, Buffer.from(payload)));
  }

  private onEvent(ev: FrameEvent): void {
    if (ev.kind === 'corrupt') {
      this.stats.corrupt++;
      this.emit('corrupt', ev.reason);
      // Every corrupt frame gets a NAK (docs/protocol.md §2): the resend may be corrupted
      // too, and the device would otherwise wait a whole backed-off RTO.
      this.nak(true);
      return;
    }
    if (ev.type === FrameType.ACK) return this.onAck(ev);
    if (ev.type === FrameType.NAK) return this.onNak(ev);
    if (!isReliable(ev.type)) {
      this.emit('corrupt', `unexpected frame type ${frameTypeName(ev.type)}`);
      return;
    }
    this.onReliable(ev);
  }

  private nak(always = false): void {
    if (!always && this.nakedFor === this.rxExpected) return; // out-of-order frames: once per expected value
    this.nakedFor = this.rxExpected;
    this.stats.naksSent++;
    this.sendControl(FrameType.NAK, [this.rxExpected]);
  }

  private onReliable(f: Frame): void {
    // A HELLO with seq 0 starts a new device session; the session layer decides
    // whether it is a reboot or a retransmission (see isDuplicateHello there).
    if (f.type === FrameType.HELLO && f.seq === 0 && this.rxExpected !== 0) {
      this.emit('hello0', f);
      return;
    }
    if (f.seq === this.rxExpected) {
      this.rxExpected = mod(this.rxExpected + 1);
      this.stats.framesReceived++;
      this.sendControl(FrameType.ACK, [f.seq, this.hostCredit]);
      this.emit('frame', f);
      return;
    }
    if (ahead(f.seq, this.rxExpected) >= 1 && ahead(f.seq, this.rxExpected) <= 16) {
      this.stats.duplicates++;
      this.sendControl(FrameType.ACK, [mod(this.rxExpected - 1), this.hostCredit]);
      return;
    }
    this.nak();
  }

  /** Accepts a HELLO(0) as the first frame of a new session (after `reset`). */
  acceptHello(): void {
    this.rxExpected = 1;
    this.stats.framesReceived++;
    this.sendControl(FrameType.ACK, [0, this.hostCredit]);
  }

  /** Re-acknowledges a duplicate HELLO whose ACK was lost. */
  reackHello(): void {
    this.stats.duplicates++;
    this.sendControl(FrameType.ACK, [0, this.hostCredit]);
  }

  private onAck(f: Frame): void {
    if (f.payload.length < 2) return;
    const seq = f.payload[0]!;
    const credit = f.payload[1]!;
    const n = ahead(this.lastAcked, seq);
    if (n >= 1 && n <= this.inFlight.length) {
      const done = this.inFlight.splice(0, n);
      this.lastAcked = seq;
      this.backoff = 1;
      for (const p of done) p.resolve();
      this.restartTimer();
    }
    if (seq === this.lastAcked) this.credit = credit; // stale ACKs carry stale credit
    this.pump();
  }

  private onNak(f: Frame): void {
    if (f.payload.length < 1) return;
    this.stats.naksReceived++;
    const expected = f.payload[0]!;
    // NAK(e) also acknowledges everything before e.
    const acked = ahead(this.lastAcked, mod(expected - 1));
    if (acked >= 1 && acked <= this.inFlight.length) {
      for (const p of this.inFlight.splice(0, acked)) p.resolve();
      this.lastAcked = mod(expected - 1);
    }
    // Several NAKs for the same frame (one per corrupt fragment) must not each resend the
    // whole window: that feeds a retransmission storm on a noisy line. Once per RTO/2 is enough.
    const now = Date.now();
    if (this.inFlight.length && this.inFlight[0]!.seq === expected) {
      if (this.lastNakResend.seq === expected && now - this.lastNakResend.at < this.rto / 2) return;
      this.lastNakResend = { seq: expected, at: now };
      this.retransmit();
    }
  }

  private pump(): void {
    while (this.queue.length && this.inFlight.length < this.credit) {
      const p = this.queue.shift()!;
      p.seq = this.txNext;
      this.txNext = mod(this.txNext + 1);
      p.wire = encodeFrame(p.type, p.seq, p.payload);
      this.inFlight.push(p);
      this.stats.framesSent++;
      this.write(p.wire);
    }
    if (this.inFlight.length && !this.timer) this.restartTimer();
  }

  private retransmit(): void {
    for (const p of this.inFlight) {
      this.stats.retransmits++;
      this.write(p.wire!);
    }
    this.restartTimer();
  }

  private restartTimer(): void {
    this.clearTimer();
    if (!this.inFlight.length || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.backoff = Math.min(this.backoff * 2, 8);
      this.retransmit();
    }, this.rto * this.backoff);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
