/**
 * The UART side of the Renode target: a free loopback port for Renode to listen
 * on, and one TCP connection to its socket terminal handed out as a fresh
 * stream pair per boot of the firmware.
 */
import { createServer, type Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import type { TargetConnection } from '../target.js';

/** A free TCP port on the loopback (for Renode's robot server and its UART terminal). */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/**
 * One TCP connection to the UART terminal, handed out as a fresh stream pair per
 * boot of the firmware. A view that is no longer current gets no more bytes and
 * its writes are dropped, so a session from before a reset can never write into
 * the next one; when the socket closes (Renode died) the current view ends.
 */
export class UartViews {
  private current: { input: PassThrough; live: boolean } | undefined;
  private closed = false;

  constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      if (this.current?.live) this.current.input.write(d);
    });
    const end = () => {
      this.closed = true;
      if (this.current?.live) this.current.input.end();
    };
    sock.on('close', end);
    sock.on('end', end);
    sock.on('error', () => undefined);
  }

  /** A new view; the previous one is detached. */
  open(): TargetConnection {
    this.detach();
    const input = new PassThrough();
    const view = { input, live: true };
    this.current = view;
    const sock = this.sock;
    const output = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (!view.live || sock.destroyed) return cb();
        sock.write(chunk, () => cb());
      },
    });
    if (this.closed) input.end();
    return { input, output };
  }

  detach(): void {
    if (this.current) this.current.live = false;
    this.current = undefined;
  }

  destroy(): void {
    this.detach();
    this.sock.destroy();
  }
}
