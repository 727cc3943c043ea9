/**
 * The Renode 1.15.3 recordings in fixtures/renode-1.15.3, read back: the
 * XML-RPC exchanges (exact request and response bytes) and what the telnet
 * monitor answered to each command (telnet bytes removed, echo and prompt cut).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REC = join(import.meta.dirname, 'fixtures', 'renode-1.15.3');

export interface RpcExchange {
  /** e.g. `05-ExecuteCommand-LoadELF-missing-FAIL`. */
  name: string;
  request: Buffer;
  response: Buffer;
  /** The request's XML body. */
  requestBody: string;
  method: string;
  /** run_keyword's keyword and its string arguments. */
  keyword?: string;
  args?: string[];
}

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export function rpcExchanges(): RpcExchange[] {
  const dir = join(REC, 'rpc');
  const names = [...new Set(readdirSync(dir).map((f) => f.replace(/\.(request|response)\.raw$/, '')))].sort();
  return names.map((name) => {
    const request = readFileSync(join(dir, `${name}.request.raw`));
    const response = readFileSync(join(dir, `${name}.response.raw`));
    const text = request.toString('utf8');
    const requestBody = text.slice(text.indexOf('\r\n\r\n') + 4);
    const method = /<methodName>(.*?)<\/methodName>/.exec(requestBody)![1]!;
    const strings = [...requestBody.matchAll(/<string>(.*?)<\/string>/gs)].map((m) => unxml(m[1]!));
    const ex: RpcExchange = { name, request, response, requestBody, method };
    if (method === 'run_keyword') {
      ex.keyword = strings[0]!;
      ex.args = strings.slice(1);
    }
    return ex;
  });
}

export function rpcExchange(prefix: string): RpcExchange {
  const e = rpcExchanges().find((x) => x.name.startsWith(prefix));
  if (!e) throw new Error(`no recorded exchange ${prefix}`);
  return e;
}

/** Removes telnet commands (IAC ...) from received bytes, as the recorder's `strip_telnet`. */
export function stripTelnet(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0xff && i + 1 < b.length) {
      const cmd = b[i + 1]!;
      if (cmd >= 0xfb && cmd <= 0xfe) {
        i += 2;
        continue;
      }
      if (cmd === 0xff) {
        out.push(0xff);
        i += 1;
        continue;
      }
      i += 1;
      continue;
    }
    out.push(c);
  }
  return Buffer.from(out);
}

export interface MonitorReply {
  session: string;
  command: string;
  /** What Renode printed between the echo and the next prompt, `\r` removed. */
  output: string;
  /** `There was an error executing command ...` (the monitor's way of saying FAIL). */
  failed: boolean;
}

/** Every command of every recorded monitor session with Renode's answer. */
export function monitorReplies(): MonitorReply[] {
  const sessions = [join(REC, 'monitor-session'), ...readdirSync(join(REC, 'more')).filter((f) => f.endsWith('.steps.json')).map((f) => join(REC, 'more', f.replace('.steps.json', '')))];
  const out: MonitorReply[] = [];
  for (const base of sessions) {
    const raw = readFileSync(`${base}.raw`);
    const steps = JSON.parse(readFileSync(`${base}.steps.json`, 'utf8')) as { sent?: string | null; offset?: number; length?: number }[];
    for (const s of steps) {
      if (typeof s.sent !== 'string' || s.sent.startsWith('<') || s.offset === undefined || s.length === undefined) continue;
      const text = stripTelnet(raw.subarray(s.offset, s.offset + s.length)).toString('utf8').replace(/\r/g, '');
      const lines = text.split('\n');
      // The echo, then the output, then the prompt `(machine-0) `.
      if (lines[0]?.trim() === s.sent) lines.shift();
      const body = lines.join('\n').replace(/\n?\([\w-]+\) $/, '').replace(/\n+$/, '');
      out.push({ session: base.split('/').pop()!, command: s.sent, output: body, failed: body.startsWith('There was an error executing command') });
    }
  }
  return out;
}

/** Renode's monitor answer to exactly this command, if one was recorded. */
export function monitorReply(command: string): MonitorReply | undefined {
  cache ??= monitorReplies();
  return cache.find((r) => r.command === command);
}
let cache: MonitorReply[] | undefined;

/** The recordings of tinyhil against a live Renode (fixtures/renode-live, README there). */
export const LIVE = join(import.meta.dirname, 'fixtures', 'renode-live');

/** One XML-RPC exchange with a live Renode, as its relay logged it (exact request and response text). */
export interface LiveExchange {
  n: number;
  request: string;
  response: string;
  /** The request's run_keyword arguments (`['ExecuteCommand', 'mach create']`), or its method. */
  call: string[];
}

/** Every exchange of one live recording (`1.15.3-E-svd-offline`), in order. */
export function liveExchanges(name: string): LiveExchange[] {
  return readExchanges(join(LIVE, `${name}.jsonl`));
}

/** An `exchanges.jsonl` as the relay or `--renode-record` writes it. */
export function readExchanges(file: string): LiveExchange[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => {
    const e = JSON.parse(l) as { n: number; request: string; response: string };
    const body = e.request.slice(e.request.indexOf('\r\n\r\n') + 4);
    const strings = [...body.matchAll(/<string>(.*?)<\/string>/gs)].map((m) => unxml(m[1]!));
    const method = /<methodName>(.*?)<\/methodName>/.exec(body)![1]!;
    return { n: e.n, request: e.request, response: e.response, call: method === 'run_keyword' ? strings : [method] };
  });
}

/** The live exchange that ran this monitor command (the first one). */
export function liveCommand(name: string, command: string | RegExp): LiveExchange {
  const e = liveExchanges(name).find((x) => x.call[0] === 'ExecuteCommand' && (typeof command === 'string' ? x.call[1] === command : command.test(x.call[1] ?? '')));
  if (!e) throw new Error(`${name} has no ExecuteCommand ${command}`);
  return e;
}

/** A keyword reply's `error` member, decoded (the robot server's FAIL text). */
export function replyError(response: string): string {
  const m = /<name>error<\/name>\s*<value>\s*<string>([\s\S]*?)<\/string>/.exec(response);
  if (!m) throw new Error('the reply has no error member');
  return unxml(m[1]!);
}
