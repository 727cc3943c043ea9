/**
 * Records every exchange with Renode's robot server, the way the replay
 * fixtures in test/targets/renode/fixtures/renode-live were made, so a run on a new
 * Renode version leaves fixtures behind (`--renode-record <dir>`, or
 * `$TINYHIL_RENODE_RECORD`). One folder per Renode process:
 *
 *   <dir>/renode-<n>/cmdline.txt      the command line
 *   <dir>/renode-<n>/exchanges.jsonl  {n, t, seconds, request, response}: the exact HTTP text both ways
 *   <dir>/renode-<n>/summary.txt      one line per call and its decoded answer
 *
 * `t` is seconds since the process started, `seconds` how long the call took.
 * Paths are written as they are (the live fixtures had theirs rewritten to
 * placeholders of the same length before they were committed).
 */
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeResponse, type XmlRpcValue } from './renode-rpc.js';

/** One XML-RPC call as it crossed the socket. */
export interface Exchange {
  request: Buffer;
  response: Buffer;
  /** Host milliseconds the call took. */
  ms: number;
}

/** The recording of one Renode process; `add` is called for every exchange, in order. */
export interface ProcessRecording {
  readonly dir: string;
  /**
   * Records one exchange. Never throws and never rejects: it runs inside the
   * RPC call's socket handler, where a recording problem (a full disk) must not
   * fail the call nor become an unhandled rejection. Resolves once the
   * exchange's summary line is written (or has failed).
   */
  add(e: Exchange): Promise<void>;
}

/** Where recordings go, from `--renode-record` (which sets it) or the environment; undefined: not recording. */
export function recordDir(): string | undefined {
  return process.env.TINYHIL_RENODE_RECORD || undefined;
}

/**
 * Starts the recording of one Renode process under `root` (the next free
 * `renode-<n>`). A write that fails later is passed to `onError` (the first
 * only: one full disk would otherwise say so for every call), and the run goes on.
 */
export function recordProcess(root: string, cmdline: string[], onError: (message: string) => void = () => undefined): ProcessRecording {
  mkdirSync(root, { recursive: true });
  // Workers start Renodes concurrently: mkdir without `recursive` fails on a taken name, so each gets its own.
  let n = readdirSync(root).filter((f) => /^renode-\d+$/.test(f)).length + 1;
  let dir: string;
  for (;;) {
    dir = join(root, `renode-${n}`);
    try {
      mkdirSync(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      n++;
    }
  }
  writeFileSync(join(dir, 'cmdline.txt'), `${cmdline.join(' ')}\n`);
  const t0 = Date.now();
  let count = 0;
  let last: Promise<void> = Promise.resolve();
  let failed = false;
  const fail = (file: string, e: unknown) => {
    if (failed) return;
    failed = true;
    onError(`renode: recording to ${join(dir, file)} failed (${(e as Error).message}); the run goes on, the recording is incomplete`);
  };
  return {
    dir,
    add(e) {
      const n = ++count;
      const t = (Date.now() - e.ms - t0) / 1000;
      const request = e.request.toString('utf8');
      const response = e.response.toString('utf8');
      try {
        appendFileSync(join(dir, 'exchanges.jsonl'), `${JSON.stringify({ n, t, seconds: e.ms / 1000, request, response })}\n`);
      } catch (err) {
        fail('exchanges.jsonl', err);
      }
      // The summary decodes the answer (async): chained, so its lines stay in call order. The catch
      // keeps one failed write from rejecting this and every later link (unhandled: the runner would die).
      last = last
        .then(async () => appendFileSync(join(dir, 'summary.txt'), `${summaryLine(n, t, e.ms / 1000, request)}\n      -> ${await decoded(response)}\n`))
        .catch((err: unknown) => fail('summary.txt', err));
      return last;
    },
  };
}

/** `[003] t=   0.001s   5.999s  run_keyword ExecuteCommand ["machine LoadPlatformDescription @x.repl"]` */
function summaryLine(n: number, t: number, seconds: number, request: string): string {
  const body = request.slice(request.indexOf('\r\n\r\n') + 4);
  const method = /<methodName>(.*?)<\/methodName>/.exec(body)?.[1] ?? '?';
  const strings = [...body.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  const args = method === 'run_keyword' ? `${strings[0] ?? ''} ${JSON.stringify(strings.slice(1))}` : '';
  return `[${String(n).padStart(3, '0')}] t=${t.toFixed(3).padStart(8)}s ${seconds.toFixed(3).padStart(8)}s  ${method} ${args}`.trimEnd();
}

/** The decoded answer, short: `{"status":"PASS","return":""}`, `[51 names]`, or why it does not decode. */
async function decoded(response: string): Promise<string> {
  try {
    const v: XmlRpcValue = await decodeResponse(response.slice(response.indexOf('\r\n\r\n') + 4));
    if (Array.isArray(v)) return `[${v.length} names]`;
    const s = JSON.stringify(v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch (e) {
    return `(${(e as Error).message})`;
  }
}
