/**
 * One Renode process and its robot server: started, asked one monitor command
 * at a time, stopped. What to ask (the machine, the clips) is renode.ts's.
 *
 * Every command goes through the `ExecuteCommand` keyword, which answers PASS
 * or FAIL with Renode's message: a FAIL becomes a {@link RenodeCommandError}
 * naming the command and quoting Renode's essential line (the whole reply is
 * kept as its detail, and Renode's log holds the rest).
 */
import { existsSync } from 'node:fs';
import { spawnManaged, shellQuote, type ManagedProcess } from '../../proc/spawn.js';
import { toolSpec, which } from '../../proc/tools.js';
import { fmtMs } from '../../protocol/session.js';
import { svdFailures, withoutSvdFailures } from './renode-commands.js';
import { recordProcess } from './renode-record.js';
import { renodeMessage, runKeyword, RpcTransportError, XmlRpcFault, xmlRpcCall, type ExchangeSink } from './renode-rpc.js';
import { freePort } from './renode-uart.js';
import { firstLine, processHealth, telling, TargetError } from '../target.js';

/** A monitor command Renode refused: the command and Renode's own message (whole; the error's text quotes its first line). */
export class RenodeCommandError extends TargetError {
  override name = 'RenodeCommandError';
  /** `note`: what tinyhil knows that Renode's message does not say (a missing file). */
  constructor(readonly command: string, readonly renodeMessage: string, logPath?: string, note?: string) {
    super(`Renode refused "${command}": ${firstLine(renodeMessage) || '(no message)'}${note ? ` (${note})` : ''}`, logPath, renodeMessage.includes('\n') || renodeMessage.length > 200 ? renodeMessage : undefined);
  }
}

/**
 * A FAIL for a command naming a file (`@/path`) that does not exist, where
 * Renode's message does not say so: 1.16.1 answers a missing ELF with
 * "Parameters did not match the signature" (recorded live), 1.15.3 with "File
 * does not exist: <path>".
 */
function missingFile(cmd: string, message: string): string | undefined {
  const path = /@(\/\S+)/.exec(cmd)?.[1];
  if (!path || existsSync(path) || /does not exist|Could not find/i.test(message)) return undefined;
  return `the file does not exist: ${path}`;
}

/** Where to find Renode: $RENODE, else `renode` on PATH. */
export function findRenode(): string | undefined {
  return which(['renode'], 'RENODE');
}

/** The advice for a missing Renode (hil doctor says the same). */
export function renodeMissing(): string {
  const env = process.env.RENODE;
  const where = env ? `RENODE=${env} is not an executable file` : 'renode is not on PATH and RENODE is not set';
  return `Renode not found (${where}); install: ${toolSpec('renode').install}, or pass --renode <path>`;
}

export interface LaunchOptions {
  /** Record every exchange under this folder (renode-record.ts). */
  recordDir?: string;
  binary: string;
  /** Arguments before ours (a fake Renode in the tests takes a script). */
  extraArgs: string[];
  /** The process's name: its log is `<logDir>/<name>.log`. */
  name: string;
  logDir: string;
  /** Longest wait for the robot server to answer (ms). */
  startMs: number;
  /** Longest one command may take (ms). */
  commandMs: number;
  log(line: string): void;
  /** The run's cancellation: Renode's group is stopped, and a call in flight fails at once. */
  signal?: AbortSignal;
}

export interface ExecOptions {
  /** SVD download failures are only logged (Renode carries on without the register names). */
  tolerateSvd?: boolean;
  /** Not written to the run log (per-clip counter reads). */
  quiet?: boolean;
}

/** A Renode whose robot server answered. */
export interface RenodeProcess {
  readonly proc: ManagedProcess;
  /** Runs one monitor command; its output, or a RenodeCommandError / TargetError. */
  exec(cmd: string, o?: ExecOptions): Promise<string>;
  /** Asks the robot server to stop, then kills the process group (mono's children included). */
  stop(): Promise<void>;
}

/** The error for a robot server that stopped answering: how the process ended, if it did. */
async function dead(proc: ManagedProcess, what: string, e: unknown): Promise<TargetError> {
  const h = await processHealth(proc, 'renode', 500);
  if (!h.alive) {
    const why = telling(h.logTail);
    return new TargetError(`${h.reason} while ${what}${why ? `: ${why}` : ''}`, h.logPath, h.logTail);
  }
  return new TargetError(`Renode's robot server failed while ${what}: ${(e as Error).message}`, proc.logPath);
}

/** Starts Renode and waits until its robot server answers with the ExecuteCommand keyword. */
export async function launchRenode(o: LaunchOptions): Promise<RenodeProcess> {
  const port = await freePort();
  const args = [...o.extraArgs, '--disable-gui', '--plain', '--robot-server-port', String(port)];
  const p = spawnManaged(o.binary, args, { name: o.name, logDir: o.logDir, ...(o.signal ? { signal: o.signal } : {}) });
  const rec = o.recordDir ? recordProcess(o.recordDir, [o.binary, ...args].map(shellQuote), o.log) : undefined;
  const sink: ExchangeSink | undefined = rec ? (e) => rec.add(e) : undefined;
  if (rec) o.log(`renode: recording every exchange with this Renode in ${rec.dir}`);
  const t0 = Date.now();
  const deadline = t0 + o.startMs;
  for (;;) {
    if (!p.running()) {
      const e = await p.exited;
      const tail = p.tail(1200);
      const why = telling(tail);
      throw new TargetError(`renode exited before its robot server answered (${e.startError ?? `code ${e.code}, signal ${e.signal}`})${why ? `: ${why}` : ''}`, p.logPath, tail);
    }
    try {
      const names = await xmlRpcCall(port, 'get_keyword_names', [], 5000, sink, o.signal);
      if (!Array.isArray(names) || !names.includes('ExecuteCommand')) {
        await p.kill('not a robot server');
        throw new TargetError(`port ${port} answers XML-RPC but is not Renode's robot server (no ExecuteCommand keyword)`, p.logPath);
      }
      break;
    } catch (e) {
      if (!(e instanceof RpcTransportError)) throw e;
    }
    if (Date.now() > deadline) {
      await p.kill('robot server never answered');
      const tail = p.tail(1200);
      const why = telling(tail);
      throw new TargetError(`renode's robot server did not answer within ${fmtMs(deadline - t0)}${why ? `: ${why}` : ''}`, p.logPath, tail);
    }
    if (o.signal?.aborted) {
      await p.kill('interrupted');
      throw new TargetError('interrupted while Renode started', p.logPath);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  o.log(`renode pid ${p.pid} ready in ${Date.now() - t0} ms (${[o.binary, ...args].map(shellQuote).join(' ')})`);

  const exec = async (cmd: string, x: ExecOptions = {}): Promise<string> => {
    if (!x.quiet) o.log(`renode> ${cmd}`);
    let r;
    try {
      r = await runKeyword(port, 'ExecuteCommand', [cmd], o.commandMs, sink, o.signal);
    } catch (e) {
      if (e instanceof XmlRpcFault) throw new TargetError(`Renode's robot server refused ExecuteCommand: ${e.faultString}`, p.logPath);
      throw await dead(p, `running "${cmd}"`, e);
    }
    const out = r.status === 'PASS' ? String(r.return ?? '') : renodeMessage(r.error ?? '', cmd);
    const svd = svdFailures(out);
    if (svd.length) {
      if (!x.tolerateSvd) throw new RenodeCommandError(cmd, out, p.logPath);
      for (const url of svd) o.log(`renode: skipped ApplySVD ${url}: the download failed (offline?); only Renode's register names in its log are missing, the machine is the same`);
      const rest = withoutSvdFailures(out);
      if (r.status === 'FAIL' && rest) throw new RenodeCommandError(cmd, rest, p.logPath);
      return rest;
    }
    if (r.status === 'FAIL') throw new RenodeCommandError(cmd, out, p.logPath, missingFile(cmd, out));
    return out;
  };

  const stop = async (): Promise<void> => {
    if (!p.running()) return;
    // Ask nicely (Renode exits 0), then the process group goes anyway.
    await xmlRpcCall(port, 'stop_remote_server', [], 2000, sink).catch(() => undefined);
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 3000))]);
    await p.kill('teardown');
  };

  return { proc: p, exec, stop };
}
