/**
 * The one way tinyhil starts child processes: each in its own process group
 * (so emulator grandchildren die with it), with a timeout, SIGTERM then SIGKILL,
 * and every byte it prints kept in `<logDir>/<name>.log` for error messages.
 */
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { released, watchGroup } from './reaper.js';

export interface SpawnOptions {
  /** Short name: the log file is `<logDir>/<name>.log`. */
  name: string;
  logDir: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Kill the group after this long (ms); undefined = no limit. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
  /** Keep stdin/stdout as pipes for the caller (protocol over stdio); stderr still goes to the log. */
  stdio?: 'log' | 'pipe';
  /** The run's cancellation (Ctrl-C): the group gets SIGTERM, then SIGKILL after the grace period. */
  signal?: AbortSignal;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** Set when tinyhil killed it (timeout, teardown, interrupt). */
  killedBy?: string;
  timedOut: boolean;
  /** Why the process could not be started at all (ENOENT...). */
  startError?: string;
}

/** A child process started by {@link spawnManaged}. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  readonly child: ResultPromise;
  /** True until the process exits. */
  running(): boolean;
  /** SIGTERM the whole group, SIGKILL after the grace period; resolves on exit. */
  kill(reason: string): Promise<ExitInfo>;
  /** SIGKILL the whole group at once. */
  killNow(reason: string): void;
  /** The last `bytes` of the log, for error messages. */
  tail(bytes?: number): string;
}

const live = new Set<ManagedProcess>();

/** Every managed process still running. */
export function liveProcesses(): ManagedProcess[] {
  return [...live];
}

/** A second Ctrl-C: every live group gets SIGKILL now, no grace period (the runner still writes its reports). */
export function killAllNow(reason: string): void {
  for (const p of live) p.killNow(reason);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  // Only a real child's group. A child that never started has pid -1, and kill(-(-1)) is kill(1): init.
  // kill(-1) signals every process this user may signal; kill(-0), our own group. No child is pid 0 or 1.
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

// Last resort: if the runner itself exits (even on an uncaught error), no emulator survives it.
process.once('exit', () => {
  for (const p of live) killGroup(p.pid, 'SIGKILL');
});

export function spawnManaged(file: string, args: string[], opts: SpawnOptions): ManagedProcess {
  mkdirSync(opts.logDir, { recursive: true });
  const logPath = join(opts.logDir, `${opts.name}.log`);
  const log: WriteStream = createWriteStream(logPath, { flags: 'a' });
  log.write(`$ ${[file, ...args].map(shellQuote).join(' ')}\n`);
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    detached: true, // new process group: kill(-pid) reaches grandchildren
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: opts.stdio === 'pipe' ? 'pipe' : 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // execa reports spawn failures (ENOENT...) through the promise: such a handle has pid -1.
  const pid = child.pid ?? -1;
  // If the runner is SIGKILLed, the reaper kills this group (detached: its pgid is its pid).
  watchGroup(pid);
  if (opts.stdio !== 'pipe') child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let killedBy: string | undefined;
  let timedOut = false;
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const exited: Promise<ExitInfo> = child.then(
    (r) => {
      done = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      live.delete(handle);
      // The leader is gone; what is left of its group goes too, and the reaper forgets it.
      killGroup(pid, 'SIGKILL');
      released(pid);
      const info: ExitInfo = { code: r.exitCode ?? null, signal: r.signal ?? null, timedOut };
      if (killedBy) info.killedBy = killedBy;
      if (r.failed && r.exitCode === undefined && !r.signal) {
        info.startError = r.originalMessage || r.shortMessage;
        log.write(`\n[tinyhil] could not start: ${info.startError}\n`);
      }
      log.write(`\n[tinyhil] exited: code=${info.code} signal=${info.signal}${killedBy ? ` (killed: ${killedBy})` : ''}\n`);
      return new Promise<ExitInfo>((res) => log.end(() => res(info)));
    },
  );
  const kill = async (reason: string): Promise<ExitInfo> => {
    if (!done && !killedBy) {
      killedBy = reason;
      killGroup(pid, 'SIGTERM');
      const hard = setTimeout(() => killGroup(pid, 'SIGKILL'), opts.graceMs ?? 2000);
      const info = await exited;
      clearTimeout(hard);
      // The leader may exit on SIGTERM while a grandchild ignores it.
      killGroup(pid, 'SIGKILL');
      return info;
    }
    return exited;
  };
  const killNow = (reason: string): void => {
    if (done) return;
    killedBy ??= reason;
    killGroup(pid, 'SIGKILL');
  };
  const handle: ManagedProcess = {
    name: opts.name,
    pid,
    logPath,
    exited,
    child,
    running: () => !done,
    kill,
    killNow,
    tail: (bytes = 2000) => tailFile(logPath, bytes),
  };
  if (pid > 0) live.add(handle);
  const onAbort = () => void kill(`interrupted: ${typeof opts.signal?.reason === 'string' ? opts.signal.reason : 'the run was stopped'}`);
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.timeoutMs !== undefined) {
    timer = setTimeout(() => {
      timedOut = true;
      void kill(`timeout after ${opts.timeoutMs} ms`);
    }, opts.timeoutMs);
  }
  return handle;
}

/** The last `bytes` of a file, starting at a line boundary when possible. */
export function tailFile(path: string, bytes = 2000): string {
  try {
    const s = readFileSync(path, 'utf8');
    if (s.length <= bytes) return s.trimEnd();
    const cut = s.slice(-bytes);
    const nl = cut.indexOf('\n');
    return (nl >= 0 && nl < 200 ? cut.slice(nl + 1) : cut).trimEnd();
  } catch {
    return '';
  }
}

/** Runs a command to completion (a build); resolves with its exit info and log tail. */
export async function runManaged(file: string, args: string[], opts: SpawnOptions): Promise<ExitInfo & { logPath: string; tail: string }> {
  const p = spawnManaged(file, args, opts);
  const info = await p.exited;
  return { ...info, logPath: p.logPath, tail: p.tail() };
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
