/**
 * A long-lived `sh` per render worker that runs the engine and sox commands one
 * after another. Starting a child process from Node costs its main thread ~14 ms
 * (a fork of a large process), and generating a clip takes two or more: through a
 * small shell each costs a pipe write instead, which roughly doubles the clips per
 * second. The shell is started by spawnManaged (own process group, log file), so
 * its children die with it; every command and its output go to the log.
 */
import { shellQuote, spawnManaged, type ManagedProcess } from '../proc/spawn.js';

/** The exit status of one command, or why it has none. */
export interface CommandResult {
  code: number;
  timedOut: boolean;
  /** The shell itself exited (killed, crashed) before the command finished. */
  shellGone?: string;
}

const MARK = '__tinyhil_done__';
// Commands' stdout goes to stderr (the log); stdout only carries the completion marks.
const LOOP = `while IFS= read -r line; do printf '$ %s\\n' "$line" 1>&2; eval "$line" 1>&2 </dev/null; printf '${MARK} %s\\n' "$?"; done`;

export class CommandShell {
  private proc: ManagedProcess | undefined;
  private buf = '';
  private waiting: ((r: CommandResult) => void) | undefined;
  /** The shell the waiting command runs in: a killed shell's late events must not settle a newer command. */
  private waitingIn: ManagedProcess | undefined;

  constructor(private readonly opts: { name: string; logDir: string; shell?: string; signal?: AbortSignal }) {}

  get logPath(): string {
    return `${this.opts.logDir}/${this.opts.name}.log`;
  }

  private start(): ManagedProcess {
    const p = spawnManaged(this.opts.shell ?? '/bin/sh', ['-c', LOOP], { name: this.opts.name, logDir: this.opts.logDir, stdio: 'pipe', ...(this.opts.signal ? { signal: this.opts.signal } : {}) });
    this.buf = '';
    p.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.buf += d;
      for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        if (line.startsWith(`${MARK} `)) this.settle(p, { code: Number(line.slice(MARK.length + 1)), timedOut: false });
      }
    });
    void p.exited.then((info) => {
      const gone = info.startError ?? `the shell exited (code ${info.code}, signal ${info.signal}${info.killedBy ? `, ${info.killedBy}` : ''})`;
      this.settle(p, { code: -1, timedOut: false, shellGone: gone });
      if (this.proc === p) this.proc = undefined;
    });
    this.proc = p;
    return p;
  }

  private settle(from: ManagedProcess, r: CommandResult): void {
    if (this.waitingIn !== from) return;
    const w = this.waiting;
    this.waiting = undefined;
    this.waitingIn = undefined;
    w?.(r);
  }

  /** Runs `file args...` in the shell; a command that outlives `timeoutMs` kills the shell (and it). */
  async run(file: string, args: string[], timeoutMs: number): Promise<CommandResult> {
    if (this.waiting) throw new Error('CommandShell runs one command at a time');
    const p = this.proc ?? this.start();
    const line = [file, ...args].map(shellQuote).join(' ');
    if (line.includes('\n')) throw new Error(`a command line cannot contain a newline: ${JSON.stringify(line)}`);
    const done = new Promise<CommandResult>((res) => (this.waiting = res));
    this.waitingIn = p;
    p.child.stdin?.write(`${line}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CommandResult>((res) => {
      timer = setTimeout(() => {
        this.waiting = undefined;
        this.waitingIn = undefined;
        if (this.proc === p) this.proc = undefined;
        void p.kill(`command timed out after ${timeoutMs} ms`);
        res({ code: -1, timedOut: true });
      }, timeoutMs);
    });
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the shell (closing its input lets it exit by itself). */
  async close(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p) return;
    p.child.stdin?.end();
    const t = setTimeout(() => void p.kill('synth finished'), 2000);
    await p.exited;
    clearTimeout(t);
  }
}
