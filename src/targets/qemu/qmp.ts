/**
 * A minimal QMP client (QEMU's JSON machine protocol) on a unix socket, for
 * one question: how many instructions has the guest executed? Under `-icount`,
 * `query-replay` answers `{"icount": N}` even without record/replay (checked on
 * QEMU 7.2). A unix socket in the run's temp folder opens no TCP port.
 */
import { connect, type Socket } from 'node:net';

export class Qmp {
  private sock: Socket | undefined;
  private buf = '';
  private waiters: ((msg: Record<string, unknown> | undefined) => void)[] = [];
  private ready: Promise<boolean> | undefined;

  constructor(private readonly path: string) {}

  /** Connects and negotiates once; false if QEMU's socket is not there (yet) or does not speak QMP. */
  private open(): Promise<boolean> {
    if (this.ready) return this.ready;
    const ready = new Promise<boolean>((res) => {
      const s = connect(this.path);
      s.setEncoding('utf8');
      s.on('data', (d: string) => {
        this.buf += d;
        for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
          const line = this.buf.slice(0, nl).trim();
          this.buf = this.buf.slice(nl + 1);
          if (!line) continue;
          let msg: Record<string, unknown>;
          try {
            msg = JSON.parse(line) as Record<string, unknown>;
          } catch {
            continue;
          }
          // Events (STOP, RESUME...) come unasked; answers and the greeting go to the oldest waiter.
          if ('event' in msg) continue;
          this.waiters.shift()?.(msg);
        }
      });
      const fail = () => {
        res(false);
        // Only if this connection is still the current one: after close() a newer one may be.
        if (this.ready !== ready) return;
        for (const w of this.waiters.splice(0)) w(undefined);
        this.sock = undefined;
        this.ready = undefined;
        this.buf = '';
      };
      s.once('error', fail);
      s.once('close', fail);
      s.once('connect', () => {
        this.sock = s;
        void this.next().then(async (greeting) => {
          const ok = greeting && 'QMP' in greeting ? await this.ask('qmp_capabilities') : undefined;
          if (ok !== undefined && 'return' in ok) return res(true);
          // Not QMP after all: close it (the 'close' above then lets the next read try afresh)
          // rather than keep a socket nobody reads from.
          res(false);
          s.destroy();
        });
      });
    });
    this.ready = ready;
    return ready;
  }

  private next(): Promise<Record<string, unknown> | undefined> {
    return new Promise((res) => this.waiters.push(res));
  }

  private ask(command: string): Promise<Record<string, unknown> | undefined> {
    const answer = this.next();
    this.sock?.write(`${JSON.stringify({ execute: command })}\n`);
    return answer;
  }

  /** Instructions the guest has executed, or undefined (QEMU gone, no -icount). */
  async icount(): Promise<number | undefined> {
    if (!(await this.open())) return undefined;
    const r = await this.ask('query-replay');
    const icount = (r?.return as { icount?: unknown } | undefined)?.icount;
    return typeof icount === 'number' ? icount : undefined;
  }

  close(): void {
    this.sock?.destroy();
    this.sock = undefined;
    this.ready = undefined;
    this.buf = '';
    // Questions still waiting would get no answer from the closed socket.
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
