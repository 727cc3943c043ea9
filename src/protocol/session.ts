/**
 * The host's view of one device connection (docs/protocol.md §4): wait for
 * HELLO, stream a clip with flow control, wait for its RESULT. Errors are typed
 * so the harness can tell a hung clip from a rebooted device from a dead link.
 */
import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { FrameType, frameTypeName, type Frame } from './frame.js';
import { Link, type LinkOptions } from './link.js';
import { fmtMs, StallWatch, type StallPolicy } from './stall.js';
import {
  decodeError, decodeHello, decodeLog, decodeResult, encodeClipBegin, ERROR_CODES, ProtocolError, CLIP_FLAG_MEMORY, CLIP_FLAG_MIC,
  type DeviceResult, type Hello,
} from './messages.js';

/** Why a device exchange ended without a result. */
/** `stalled`: the emulator itself made no progress (an infrastructure error, not the firmware's). */
export type SessionErrorKind = 'timeout' | 'stalled' | 'rebooted' | 'closed' | 'device-error' | 'protocol';

export class SessionError extends Error {
  override name = 'SessionError';
  constructor(readonly kind: SessionErrorKind, message: string) {
    super(message);
  }
}

/** One clip as the session sends it. */
export interface ClipRequest {
  clipId: number;
  samples: Int16Array;
  sampleRate: number;
  args: number[];
  /** Memory audio path: the samples were placed at this address by the target. */
  memAddr?: number;
  /** pdm audio path: the target fed the samples to the microphone model; the device records them. */
  mic?: boolean;
}

export interface SessionOptions extends LinkOptions {
  /** Largest CLIP_DATA payload to send (bytes, even); the device's max_payload caps it. */
  chunkBytes?: number;
}

/**
 * Events: `log` ({level, text}), `reboot` (Hello), `hello` (Hello), `corrupt` (reason), `close`.
 */
export class DeviceSession extends EventEmitter {
  readonly link: Link;
  hello: Hello | undefined;
  private helloPayload: Buffer | undefined;
  private waiter: { onFrame(f: Frame): void; fail(e: SessionError): void } | undefined;
  private closed = false;
  /** Reliable device frames accepted since the current HELLO (tells a duplicate HELLO from a reboot). */
  private framesSinceHello = 0;

  constructor(input: Readable, output: Writable, private readonly opts: SessionOptions = {}) {
    super();
    this.link = new Link(input, output, opts);
    this.link.on('frame', (f: Frame) => this.onFrame(f));
    this.link.on('hello0', (f: Frame) => this.onHello0(f));
    this.link.on('corrupt', (r: string) => this.emit('corrupt', r));
    this.link.on('close', () => {
      this.closed = true;
      this.waiter?.fail(new SessionError('closed', 'the device connection closed'));
      this.emit('close');
    });
  }

  /** Waits for the device's HELLO (the host sends nothing before it, except the flush byte). */
  waitHello(timeoutMs: number): Promise<Hello> {
    if (this.hello) return Promise.resolve(this.hello);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new SessionError('timeout', `no HELLO from the device within ${fmtMs(timeoutMs)}`));
      }, timeoutMs);
      this.waiter = {
        onFrame: () => {
          if (!this.hello) return;
          clearTimeout(timer);
          this.waiter = undefined;
          resolve(this.hello);
        },
        fail: (e) => {
          clearTimeout(timer);
          this.waiter = undefined;
          reject(e);
        },
      };
    });
  }

  /** Forget the current device session (the target was reset by the host). */
  expectReboot(): void {
    this.hello = undefined;
    this.helloPayload = undefined;
    this.link.reset('target reset');
  }

  /**
   * Streams one clip and resolves with its RESULT. `stall` is the longest the
   * device may go without acknowledging anything or answering (ms, or a
   * {@link StallPolicy} counting the device's own time): the clip then times
   * out (it hangs), which is different from a slow but moving link.
   */
  runClip(req: ClipRequest, stall: number | StallPolicy): Promise<DeviceResult> {
    const hello = this.hello;
    if (!hello) return Promise.reject(new SessionError('protocol', 'no device session (HELLO not received)'));
    if (this.closed) return Promise.reject(new SessionError('closed', 'the device connection closed'));
    const chunk = Math.max(2, Math.min(this.opts.chunkBytes ?? 512, hello.maxPayload || 512) & ~1);
    return new Promise<DeviceResult>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      // Anything the device sends shows it is alive: frames, its NAKs, and frames that arrived
      // corrupted (a noisy link resends them). A hung firmware sends nothing at all.
      const heard = () => this.link.stats.framesReceived + this.link.stats.corrupt + this.link.stats.naksReceived;
      let acked = 0;
      const ackProgress = () => acked;
      // From what was heard before the clip, so silence counts from its start.
      const watch = new StallWatch(typeof stall === 'number' ? { ms: stall } : stall, heard() + ackProgress());
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(check, watch.every);
      };
      const check = () => {
        void watch.check(heard() + ackProgress(), this.link.pending).then((v) => {
          if (settled) return;
          if (!v) return arm();
          finish(new SessionError(v.kind, v.message));
        });
      };
      let settled = false;
      const finish = (e: SessionError | null, r?: DeviceResult) => {
        settled = true;
        clearTimeout(timer);
        this.waiter = undefined;
        if (e) reject(e);
        else resolve(r!);
      };
      this.waiter = {
        onFrame: (f) => {
          if (f.type === FrameType.RESULT) {
            let r: DeviceResult;
            try {
              r = decodeResult(f.payload);
            } catch (e) {
              return finish(new SessionError('protocol', `bad RESULT payload: ${(e as Error).message}`));
            }
            if (r.clipId !== req.clipId) return; // a late duplicate for an earlier clip
            finish(null, r);
          } else if (f.type === FrameType.ERROR) {
            const { code, text } = decodeError(f.payload);
            finish(new SessionError('device-error', `device error ${code} (${ERROR_CODES[code] ?? 'unknown'}): ${text}`));
          }
        },
        fail: (e) => finish(e),
      };
      arm();
      const onAck = () => { acked++; };
      const sends: Promise<void>[] = [];
      const flags = req.memAddr !== undefined ? CLIP_FLAG_MEMORY : req.mic ? CLIP_FLAG_MIC : 0;
      sends.push(this.link.send(FrameType.CLIP_BEGIN, encodeClipBegin({
        clipId: req.clipId, nSamples: req.samples.length, sampleRate: req.sampleRate, flags, memAddr: req.memAddr ?? 0, args: req.args,
      })).then(onAck));
      if (req.memAddr === undefined && !req.mic) {
        const bytes = Buffer.from(req.samples.buffer, req.samples.byteOffset, req.samples.byteLength);
        for (let off = 0; off < bytes.length; off += chunk) {
          sends.push(this.link.send(FrameType.CLIP_DATA, bytes.subarray(off, Math.min(off + chunk, bytes.length))).then(onAck));
        }
      }
      // Send failures (reset, closed) surface through the waiter; avoid unhandled rejections.
      for (const s of sends) s.catch(() => undefined);
    });
  }

  /** Closes the session; a clip in progress fails with kind `closed`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.link.close();
    this.waiter?.fail(new SessionError('closed', 'the session was closed by the host'));
  }

  private onFrame(f: Frame): void {
    if (f.type !== FrameType.HELLO) this.framesSinceHello++;
    switch (f.type) {
      case FrameType.HELLO:
        return this.acceptHello(f, false);
      case FrameType.LOG: {
        try {
          this.emit('log', decodeLog(f.payload));
        } catch (e) {
          this.emit('corrupt', (e as Error).message);
        }
        return;
      }
      case FrameType.RESULT:
      case FrameType.ERROR:
        if (this.waiter) this.waiter.onFrame(f);
        else this.emit('log', { level: 1, text: `unexpected ${frameTypeName(f.type)} outside a clip` });
        return;
      default:
        this.emit('log', { level: 1, text: `ignored frame ${frameTypeName(f.type)}` });
    }
  }

  private acceptHello(f: Frame, reboot: boolean): void {
    let h: Hello;
    try {
      h = decodeHello(f.payload);
    } catch (e) {
      const err = new SessionError('protocol', `bad HELLO payload: ${e instanceof ProtocolError ? e.message : String(e)}`);
      this.waiter?.fail(err);
      return;
    }
    const hadSession = this.hello !== undefined;
    this.hello = h;
    this.helloPayload = Buffer.from(f.payload);
    this.framesSinceHello = 0;
    this.link.setCredit(Math.max(1, h.rxWindow));
    if (reboot || hadSession) {
      this.emit('reboot', h);
      this.waiter?.fail(new SessionError('rebooted', `the device rebooted (new HELLO from ${h.fwName} ${h.fwVersion})`));
    }
    this.emit('hello', h);
    this.waiter?.onFrame(f);
  }

  /** A HELLO(0) while a session is up: a retransmission (our ACK was lost) or a reboot. */
  private onHello0(f: Frame): void {
    if (this.isDuplicateHello(f)) {
      this.link.reackHello();
      return;
    }
    this.link.reset('device rebooted');
    this.link.acceptHello();
    this.acceptHello(f, true);
  }

  private isDuplicateHello(f: Frame): boolean {
    if (!this.hello || !this.helloPayload) return false;
    let h: Hello;
    try {
      h = decodeHello(f.payload);
    } catch {
      return false;
    }
    // With a boot id the answer is exact; without one, an identical HELLO before any other
    // device frame can only be a retransmission we cannot tell from a very early reboot.
    if (h.bootId !== undefined && this.hello.bootId !== undefined) return h.bootId === this.hello.bootId;
    return this.framesSinceHello === 0 && f.payload.equals(this.helloPayload);
  }
}

export { fmtMs } from './stall.js';
