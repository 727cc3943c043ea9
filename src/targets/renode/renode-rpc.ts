/**
 * A client for Renode's Robot Framework remote server (`renode
 * --robot-server-port N`): XML-RPC over HTTP/1.1, one connection per call,
 * exactly like the recorded sessions in test/targets/renode/fixtures/renode-1.15.3.
 * The server (`Mono-HTTPAPI/1.0`) answers any path; replies carry a
 * Content-Length. A keyword replies with a struct `{status: PASS|FAIL,
 * return?, error?, traceback?}`; an unknown keyword with an XML-RPC fault.
 *
 * Requests are written byte for byte as Python's xmlrpc.client writes them (the
 * recordings' client), so the tests can compare them with the recorded bytes.
 */
import { connect, type Socket } from 'node:net';
import { parseStringPromise } from 'xml2js';

export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [k: string]: XmlRpcValue };

/** The server answered with an XML-RPC fault (an unknown keyword). */
export class XmlRpcFault extends Error {
  override name = 'XmlRpcFault';
  constructor(readonly code: number, readonly faultString: string) {
    super(`XML-RPC fault ${code}: ${faultString}`);
  }
}

/** The HTTP exchange itself failed: refused, closed early, timed out, not HTTP 200, not XML-RPC. */
export class RpcTransportError extends Error {
  override name = 'RpcTransportError';
}

/** A keyword's reply. */
export interface KeywordResult {
  status: 'PASS' | 'FAIL';
  return?: XmlRpcValue;
  error?: string;
  traceback?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function dumpValue(v: XmlRpcValue, out: string[]): void {
  if (typeof v === 'string') out.push(`<value><string>${esc(v)}</string></value>\n`);
  else if (typeof v === 'boolean') out.push(`<value><boolean>${v ? 1 : 0}</boolean></value>\n`);
  else if (typeof v === 'number') out.push(Number.isInteger(v) ? `<value><int>${v}</int></value>\n` : `<value><double>${v}</double></value>\n`);
  else if (v === null) out.push('<value><nil/></value>');
  else if (Array.isArray(v)) {
    out.push('<value><array><data>\n');
    for (const x of v) dumpValue(x, out);
    out.push('</data></array></value>\n');
  } else {
    out.push('<value><struct>\n');
    for (const [k, x] of Object.entries(v)) {
      out.push(`<member>\n<name>${esc(k)}</name>\n`);
      dumpValue(x, out);
      out.push('</member>\n');
    }
    out.push('</struct></value>\n');
  }
}

/** The body of an XML-RPC call, as Python's `xmlrpc.client.dumps(params, method)` writes it. */
export function encodeCall(method: string, params: XmlRpcValue[]): string {
  const out = ["<?xml version='1.0'?>\n<methodCall>\n", `<methodName>${esc(method)}</methodName>\n`, '<params>\n'];
  for (const p of params) {
    out.push('<param>\n');
    dumpValue(p, out);
    out.push('</param>\n');
  }
  out.push('</params>\n</methodCall>\n');
  return out.join('');
}

/** The HTTP request for a call (the recordings' header order; `User-Agent: tinyhil`). */
export function encodeRequest(port: number, method: string, params: XmlRpcValue[]): Buffer {
  const body = Buffer.from(encodeCall(method, params), 'utf8');
  const head = `POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: tinyhil\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

type Node = Record<string, unknown[]> & { _?: string };

function decodeValue(node: unknown): XmlRpcValue {
  // `<value>text</value>` without a type is a string.
  if (typeof node === 'string') return node;
  const n = node as Node;
  const first = (k: string) => (n[k] as unknown[] | undefined)?.[0];
  const text = (x: unknown) => (typeof x === 'string' ? x : ((x as Node | undefined)?._ ?? ''));
  if ('string' in n) return text(first('string'));
  for (const k of ['int', 'i4', 'i8']) if (k in n) return Number.parseInt(text(first(k)).trim(), 10);
  if ('double' in n) return Number.parseFloat(text(first('double')).trim());
  if ('boolean' in n) return text(first('boolean')).trim() === '1';
  if ('nil' in n) return null;
  if ('array' in n) {
    const data = (first('array') as Node | undefined)?.data?.[0] as Node | string | undefined;
    const values = typeof data === 'object' ? ((data.value as unknown[] | undefined) ?? []) : [];
    return values.map(decodeValue);
  }
  if ('struct' in n) {
    const out: Record<string, XmlRpcValue> = {};
    const st = first('struct') as Node | string | undefined;
    const members = typeof st === 'object' ? ((st.member as Node[] | undefined) ?? []) : [];
    for (const m of members) out[text(m.name?.[0])] = decodeValue(m.value?.[0] ?? '');
    return out;
  }
  return n._ ?? '';
}

/** Decodes a methodResponse body; throws {@link XmlRpcFault} for a fault. */
export async function decodeResponse(body: string): Promise<XmlRpcValue> {
  let doc: { methodResponse?: Node };
  try {
    doc = (await parseStringPromise(body, { explicitArray: true })) as { methodResponse?: Node };
  } catch (e) {
    throw new RpcTransportError(`the reply is not XML: ${(e as Error).message}`);
  }
  const r = doc.methodResponse;
  if (!r || typeof r !== 'object') throw new RpcTransportError('the reply is not an XML-RPC methodResponse');
  const fault = r.fault?.[0] as Node | undefined;
  if (fault) {
    const f = decodeValue(fault.value?.[0] ?? '') as Record<string, XmlRpcValue>;
    throw new XmlRpcFault(Number(f.faultCode ?? 0), String(f.faultString ?? ''));
  }
  const params = r.params?.[0] as Node | undefined;
  const param = params?.param?.[0] as Node | undefined;
  if (!param) throw new RpcTransportError('the XML-RPC reply has no value');
  return decodeValue(param.value?.[0] ?? '');
}

/** Splits an HTTP response; undefined until all of it (headers and Content-Length bytes) is there. `raw`: all of it. */
export function parseHttpResponse(buf: Buffer): { status: number; headers: Record<string, string>; body: Buffer; raw: Buffer } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) throw new RpcTransportError(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const len = Number(headers['content-length']);
  if (!Number.isInteger(len) || len < 0) throw new RpcTransportError('the HTTP response has no Content-Length');
  if (buf.length < end + 4 + len) return undefined;
  return { status: Number(m[1]), headers, body: buf.subarray(end + 4, end + 4 + len), raw: buf.subarray(0, end + 4 + len) };
}

/**
 * Sees each completed call's exact bytes (`--renode-record`). Called inside the
 * reply handler's try, so a sink that throws fails that call with its error; a
 * promise it returns is not awaited and must not reject (the recording's never does).
 */
export type ExchangeSink = (e: { request: Buffer; response: Buffer; ms: number }) => unknown;

/** One XML-RPC call on a fresh connection. */
export async function xmlRpcCall(port: number, method: string, params: XmlRpcValue[], timeoutMs: number, sink?: ExchangeSink, signal?: AbortSignal): Promise<XmlRpcValue> {
  const req = encodeRequest(port, method, params);
  const t0 = Date.now();
  const reply = await new Promise<Buffer>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const sock: Socket = connect({ host: '127.0.0.1', port });
    const finish = (e?: Error, body?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (e) reject(e);
      else resolve(body!);
    };
    const timer = setTimeout(() => finish(new RpcTransportError(`no reply to ${method} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    // Ctrl-C must not wait out a long command (a platform load retrying SVD downloads takes a minute).
    const onAbort = () => finish(new RpcTransportError(`${method}: interrupted`));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('close', () => signal?.removeEventListener('abort', onAbort));
    sock.on('connect', () => sock.write(req));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        const r = parseHttpResponse(buf);
        if (!r) return;
        sink?.({ request: req, response: Buffer.from(r.raw), ms: Date.now() - t0 });
        if (r.status !== 200) return finish(new RpcTransportError(`HTTP ${r.status} from the robot server`));
        finish(undefined, r.body);
      } catch (e) {
        finish(e as Error);
      }
    });
    sock.on('error', (e) => finish(new RpcTransportError(`${method}: ${e.message}`)));
    sock.on('close', () => finish(new RpcTransportError(`${method}: the robot server closed the connection before replying`)));
  });
  return decodeResponse(reply.toString('utf8'));
}

/** `run_keyword(name, args)`, its reply checked to be a keyword result. */
export async function runKeyword(port: number, name: string, args: XmlRpcValue[], timeoutMs: number, sink?: ExchangeSink, signal?: AbortSignal): Promise<KeywordResult> {
  const v = await xmlRpcCall(port, 'run_keyword', [name, args], timeoutMs, sink, signal);
  if (!v || typeof v !== 'object' || Array.isArray(v) || (v.status !== 'PASS' && v.status !== 'FAIL'))
    throw new RpcTransportError(`run_keyword ${name}: not a keyword result: ${JSON.stringify(v).slice(0, 200)}`);
  const r: KeywordResult = { status: v.status };
  if (v.return !== undefined) r.return = v.return;
  if (typeof v.error === 'string') r.error = v.error;
  if (typeof v.traceback === 'string') r.traceback = v.traceback;
  return r;
}

/**
 * Renode's own message from a failed ExecuteCommand. Its robot server
 * (RenodeKeywords.ExecuteCommand) wraps it one of two ways:
 * - the monitor could not run the command at all: `KeywordException: Could not
 *   execute command '<cmd>': There was an error executing command '<cmd as
 *   Renode echoes it>'<message>\n` (recorded: a missing ELF, an unknown command).
 *   The echo may differ from what was sent (addresses in decimal) but has as
 *   many words, and the message may itself quote things (`Could not find file
 *   '/x.repl'.`), so the echo is skipped word by word;
 * - it ran and wrote errors: `KeywordException: There was an error when
 *   executing command '<cmd>': <message>\n` (recorded live, 1.15.3 and 1.16.1:
 *   the offline SVD download in LoadPlatformDescription).
 * Returns `<message>`, whole (it may span lines).
 */
export function renodeMessage(error: string, command?: string): string {
  let m = error.replace(/^KeywordException:\s*/, '');
  m = stripQuoted(m, 'There was an error when executing command', command) ?? stripQuoted(m, 'Could not execute command', command) ?? m;
  const W = "There was an error executing command '";
  if (m.startsWith(W)) m = m.slice(W.length + echoLength(m.slice(W.length), command));
  return m.trim();
}

/** `<lead> '<command>': rest` → `rest`, the command matched exactly when known; undefined if `m` does not start so. */
function stripQuoted(m: string, lead: string, command: string | undefined): string | undefined {
  const open = `${lead} '`;
  if (!m.startsWith(open)) return undefined;
  if (command !== undefined && m.startsWith(`${open}${command}': `)) return m.slice(open.length + command.length + 3);
  const i = m.indexOf("': ", open.length);
  return i >= 0 ? m.slice(i + 3) : undefined;
}

/** Length of Renode's echo of `command` (through its closing quote) at the start of `rest`. */
function echoLength(rest: string, command: string | undefined): number {
  if (command !== undefined && rest.startsWith(`${command}'`)) return command.length + 1;
  const words = command !== undefined ? command.trim().split(/\s+/).length : 1;
  let at = 0;
  for (let w = 1; w < words; w++) {
    const sp = rest.indexOf(' ', at);
    if (sp < 0) break;
    at = sp + 1;
  }
  const q = rest.indexOf("'", at);
  return q >= 0 ? q + 1 : 0;
}
