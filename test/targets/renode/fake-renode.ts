/**
 * A stand-in for `renode --robot-server-port N` built from the recordings of
 * Renode 1.15.3 (fixtures/renode-1.15.3), for machines without Renode.
 *
 *   node --import=@tapjs/typescript/import test/targets/renode/fake-renode.ts \
 *     [--journal FILE] [--version 1.15.3|1.16.1] [--svd offline|online] \
 *     [--reset-halts] [--device qemu|none] [--boot-ms N] [--replay FILE] [--delay CMD=MS] \
 *     [--disable-gui] [--plain] --robot-server-port N
 *
 * The robot server answers like the recorded one, byte for byte where the
 * recordings have the exchange:
 * - a request whose body equals a recorded one gets the recorded response bytes
 *   (get_keyword_names, stop_remote_server, the missing ELF, `frobnicate 42`,
 *   the unknown keyword's fault...);
 * - a command that replied PASS with no output gets the recorded PASS response
 *   (`02-ExecuteCommand-mach-create`, the same bytes for every such command);
 * - a command only the telnet monitor recorded gets the monitor's text in the
 *   recorded RPC envelope: PASS with it as `return`, or, for an error, FAIL with
 *   `KeywordException: Could not execute command '<cmd>': <text>` and the
 *   recorded traceback, as in `05-...-FAIL`;
 * - what the live runs recorded (fixtures/renode-live) is answered as they
 *   were, byte for byte but for the command's own path: offline (`--svd
 *   offline`, the default) LoadPlatformDescription of a description that calls
 *   ApplySVD FAILs with "There was an error when executing command ...: Failed
 *   to download ..." (1.15.3: E, 1.16.1: F); `--svd online` passes it, as a
 *   machine that can download does; on `--version 1.16.1` a missing ELF is
 *   "Parameters did not match the signature" (I);
 * - `version` answers Renode's version string (`--version`; 1.15.3's is the
 *   recorded greeting's), `emulation GetTimeSourceInfo` the recorded reply
 *   (with `--device qemu`, its elapsed virtual time the device QEMU's).
 * Commands with run-time arguments (ports, paths) are interpreted: the UART
 * terminal listens, LoadELF/LoadBinary check the file (the recorded "File does
 * not exist" error otherwise), the 0x60000000 harness on stm32f4 fails with the
 * recorded E39 error; `sysbus.pdm SetInputFile` checks its file the same way
 * (the device behind is an STM32, so nothing records from it).
 *
 * `--device qemu` puts a real device behind the UART terminal: on `start` the
 * ELF runs on QEMU's netduinoplus2 (an STM32F405: the stm32f4-discovery port's
 * USART2 is its second serial port), with the last LoadBinary image loaded by
 * `-device loader`; `pause` stops it and `start` boots it again. That stands in
 * for Renode's machine, not for its timing (QEMU has no DWT: SysTick counts).
 * `machine Reset` does what the live runs recorded (B, D): with a reset macro
 * registered (`macro reset "..."`) it runs the macro's commands, else the CPU
 * is left halted ("No action for reset - macro machine_0.reset is not
 * registered", "PC does not lay in memory ... CPU was halted", printed to the
 * log as Renode printed them) and no `start` boots the device again.
 * `--reset-halts` makes every reset end halted, macro or not (a Renode whose
 * in-place reset gives no HELLO: the fresh-start fallback's test).
 * QEMU executes the DSP instructions right; the Renode it stands in for does
 * not. So the device's HELLO passes through with its conformance probe (tag
 * 0x0f) replaced by what the firmware reported on that live Renode version
 * (test/harness/fixtures/hello-renode-<version>-stm32f4-discovery.json: 1.15.3
 * fails 12 checks, 1.16.1 fails 7), frame and CRC re-encoded.
 *
 * `--replay FILE` answers from one recorded Renode process instead (an
 * `exchanges.jsonl` as `--renode-record` writes it): the n-th request gets the
 * n-th recorded response, if its body is the recorded one with the run's own
 * values (ports, paths) put back; any other request gets an XML-RPC fault
 * naming the difference (status REPLAY-MISMATCH in the journal).
 *
 * Every request is appended to the journal as JSON lines: `{method, keyword,
 * args, body, status}` (body: the request body, for byte comparisons).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { LIVE, liveCommand, monitorReply, readExchanges, rpcExchange, rpcExchanges } from './renode-recordings.js';
import { decodeBlock, encodeFrame, FrameType } from '../../../src/protocol/frame.js';
import { decodeTlvs, encodeTlvs } from '../../../src/protocol/tlv.js';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Qmp } from '../../../src/targets/qemu/qmp.js';

const argv = process.argv.slice(2);
const opt = (name: string, def?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const port = Number(opt('--robot-server-port'));
const journal = opt('--journal');
const svd = opt('--svd', 'offline')!;
const version = opt('--version', '1.15.3')!;
const resetHalts = argv.includes('--reset-halts');
const replayFile = opt('--replay');
const delayOpt = opt('--delay');
const delay = delayOpt ? { prefix: delayOpt.slice(0, delayOpt.lastIndexOf('=')), ms: Number(delayOpt.slice(delayOpt.lastIndexOf('=') + 1)) } : undefined;
/** The recorded greeting's version string (1.15.3); 1.16's format skips the revision (EmulationManager.VersionString). */
const VERSIONS: Record<string, string> = { '1.15.3': 'Renode, version 1.15.3.11670 (-202611240629)', '1.16.1': 'Renode, version 1.16.1 (-202602111200)' };
if (!VERSIONS[version] || !['offline', 'online'].includes(svd)) {
  process.stderr.write(`fake-renode: --version ${Object.keys(VERSIONS).join('|')}, --svd offline|online\n`);
  process.exit(2);
}
const device = opt('--device', 'none');
const bootMs = Number(opt('--boot-ms', '300'));
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('fake-renode: --robot-server-port N is required\n');
  process.exit(2);
}

const exchanges = rpcExchanges();
const PASS_EMPTY = rpcExchange('02-ExecuteCommand-mach-create').response;
const FAIL_TEMPLATE = rpcExchange('05-ExecuteCommand-LoadELF-missing-FAIL').response.toString('utf8');
const TRACEBACK = /<name>traceback<\/name>\s*<value>\s*<string>([\s\S]*?)<\/string>/.exec(FAIL_TEMPLATE)![1]!;

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The recorded response headers around a new body (Content-Length recomputed). */
function http(body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  const head = `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nServer: Mono-HTTPAPI/1.0\r\nDate: Tue, 24 Nov 2026 07:00:14 GMT\r\nContent-Length: ${b.length}\r\nKeep-Alive: timeout=15,max=100\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

/** A keyword struct in the recorded layout (members in the recorded order). */
function member(name: string, value: string): string {
  const v = value === '' ? '<string />' : `<string>${xmlEsc(value)}</string>`;
  return `          <member>\n            <name>${name}</name>\n            <value>\n              ${v}\n            </value>\n          </member>\n`;
}
function keywordReply(members: string): Buffer {
  return http(`<?xml version="1.0"?>\n<methodResponse>\n  <params>\n    <param>\n      <value>\n        <struct>\n${members}        </struct>\n      </value>\n    </param>\n  </params>\n</methodResponse>`);
}
const pass = (ret: string) => (ret === '' ? PASS_EMPTY : keywordReply(member('return', ret) + member('status', 'PASS')));
/** FAIL as recorded: the monitor's two-line error joined without a newline, `\n` at the end. */
const fail = (cmd: string, monitorText: string) =>
  keywordReply(member('status', 'FAIL') + member('error', `KeywordException: Could not execute command '${cmd}': ${monitorText.replace(/^(There was an error executing command '.*')\n/, '$1')}\n`) + member('traceback', TRACEBACK.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
/**
 * A live recording's reply to `recorded`, for `cmd`: the recorded response with
 * the recorded command's text replaced by this one (Content-Length recomputed).
 */
function liveReply(recording: string, recorded: string | RegExp, cmd: string, replace: [string, string][] = []): Buffer {
  const e = liveCommand(recording, recorded);
  let body = e.response.slice(e.response.indexOf('\r\n\r\n') + 4);
  const swaps: [string, string][] = [[e.call[1]!, cmd], ...replace];
  for (const [from, to] of swaps) body = body.split(xmlEsc(from)).join(xmlEsc(to));
  return http(body);
}
const fault = (code: number, text: string) =>
  http(`<?xml version="1.0"?>\n<methodResponse>\n  <fault>\n    <value>\n      <struct>\n        <member>\n          <name>faultCode</name>\n          <value>\n            <i4>${code}</i4>\n          </value>\n        </member>\n        <member>\n          <name>faultString</name>\n          <value>\n            <string>${xmlEsc(text)}</string>\n          </value>\n        </member>\n      </struct>\n    </value>\n  </fault>\n</methodResponse>`);

// ---------------------------------------------------------------- the machine
let elf: string | undefined;
let image: { file: string; addr: number } | undefined;
let uartServer: Server | undefined;
let host: Socket | undefined;
let qemu: ChildProcess | undefined;
let qemuSock: Socket | undefined;
let qemuServer: Server | undefined;
/** The device QEMU's instruction count (QMP `query-replay`): Renode's ExecutedInstructions, for the stand-in. */
const qmpDir = mkdtempSync(join(tmpdir(), 'fake-renode-'));
let qmp: Qmp | undefined;
/** Virtual time (ns) of the QEMUs stopped before this one, and this one's latest: Renode's elapsed virtual time never goes back. */
let virtualBase = 0;
let virtualNow = 0;
let stopping = false;
/** `macro reset "..."`: what `machine Reset` runs. */
let resetMacro: string | undefined;
/** The CPU halted on a reset that did not reload the ELF: `start` runs nothing. */
let halted = false;
/** What Renode 1.15.3 logged for a reset without a reset macro (recorded live, B). */
const HALT_LOG = readFileSync(join(LIVE, '1.15.3-B-renode-w0.head.log'), 'utf8').split('\n').filter((l) => /No action for reset|non existing peripheral|CPU was halted/.test(l));

/** The probe TLV value the firmware sent on the live Renode of this version. */
const RECORDED_PROBE = (() => {
  const rec = JSON.parse(readFileSync(new URL(`../../harness/fixtures/hello-renode-${version}-stm32f4-discovery.json`, import.meta.url), 'utf8')) as { hello: string };
  return decodeTlvs(Buffer.from(rec.hello, 'hex')).find((x) => x.tag === 0x0f)!.value;
})();

/** Device → host bytes, frame by frame; a HELLO's probe tag becomes the recorded one. */
function deviceToHost(): (d: Buffer) => void {
  let block: number[] = [];
  return (d) => {
    for (const b of d) {
      if (b !== 0) {
        block.push(b);
        continue;
      }
      const raw = Buffer.from(block);
      block = [];
      const f = decodeBlock(raw);
      if (f.kind === 'frame' && f.type === FrameType.HELLO) {
        const tlvs = decodeTlvs(f.payload).map((x) => (x.tag === 0x0f ? { tag: x.tag, value: RECORDED_PROBE } : x));
        host?.write(encodeFrame(f.type, f.seq, encodeTlvs(tlvs)));
      } else host?.write(Buffer.concat([raw, Buffer.from([0])]));
    }
  };
}

function stopDevice(): void {
  virtualBase += virtualNow;
  virtualNow = 0;
  qmp?.close();
  qmp = undefined;
  qemuSock?.destroy();
  qemuSock = undefined;
  qemuServer?.close();
  qemuServer = undefined;
  if (qemu && qemu.exitCode === null) qemu.kill('SIGKILL');
  qemu = undefined;
}

/** QEMU netduinoplus2 running the ELF, its USART2 bridged to the host's terminal connection. */
function startDevice(): void {
  stopDevice();
  if (device !== 'qemu' || !elf) return;
  const srv = createServer({ noDelay: true }, (s) => {
    qemuSock = s;
    s.on('data', deviceToHost());
    s.on('error', () => undefined);
    srv.close();
  });
  qemuServer = srv;
  srv.listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    const sock = join(qmpDir, `qmp-${Date.now()}.sock`);
    const args = ['-M', 'netduinoplus2', '-display', 'none', '-nodefaults', '-icount', 'shift=0', '-qmp', `unix:${sock},server=on,wait=off`,
      '-chardev', `socket,id=hil,host=127.0.0.1,port=${p},nodelay=on`, '-serial', 'null', '-serial', 'chardev:hil', '-kernel', elf!];
    qmp = new Qmp(sock);
    if (image) args.push('-device', `loader,file=${image.file},addr=0x${image.addr.toString(16)},force-raw=on`);
    qemu = spawn('qemu-system-arm', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`[fake-renode] device: qemu-system-arm ${args.join(' ')}`);
  });
}

/** What Renode would answer to one monitor command. */
function execute(cmd: string): Buffer {
  const recorded = monitorReply(cmd);
  let m: RegExpExecArray | null;
  if ((m = /^machine LoadPlatformDescription @(\S+)$/.exec(cmd))) {
    if (recorded?.output.startsWith('Failed to download'))
      return svd === 'online'
        ? pass('')
        : liveReply(version === '1.16.1' ? '1.16.1-F-svd-offline' : '1.15.3-E-svd-offline', /^machine LoadPlatformDescription /, cmd, [
          // The live runs were on stm32f4: another chip's file fails on its own SVD (the monitor recorded which).
          ['https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz', /Failed to download (\S+?),/.exec(recorded.output)![1]!],
        ]);
    if (m[1]!.startsWith('/') && !existsSync(m[1]!)) return fail(cmd, `There was an error executing command '${cmd}'\nCould not find file '${m[1]}'.`);
    return pass('');
  }
  if ((m = /^machine LoadPlatformDescriptionFromString "(.*)"$/.exec(cmd))) {
    if (recorded?.failed) return fail(cmd, recorded.output);
    return pass('');
  }
  if ((m = /^sysbus LoadELF @(\S+)$/.exec(cmd))) {
    if (!existsSync(m[1]!)) {
      if (version === '1.16.1') return liveReply('1.16.1-I-missing-elf', /^sysbus LoadELF @.*missing/, cmd);
      return fail(cmd, `There was an error executing command '${cmd}'\nFile does not exist: ${m[1]}`);
    }
    elf = m[1]!;
    return pass('');
  }
  if ((m = /^macro reset "(.*)"$/.exec(cmd))) {
    resetMacro = m[1]!;
    return pass('');
  }
  if (cmd === 'machine Reset') {
    if (resetMacro && !resetHalts) {
      // The monitor parses the macro line by line, and a line's commands split at `;`.
      for (const line of resetMacro.split(/[\n;]/)) execute(line.trim());
      halted = false;
    } else {
      halted = true;
      for (const l of HALT_LOG) console.log(l);
    }
    return pass('');
  }
  if (cmd === 'version') return pass(`${VERSIONS[version]}\n\n`);
  if ((m = /^sysbus LoadBinary @(\S+) (0x[0-9A-Fa-f]+)$/.exec(cmd))) {
    const addr = Number.parseInt(m[2]!, 16);
    // Renode echoes the address in decimal (recorded).
    if (!existsSync(m[1]!)) return fail(cmd, `There was an error executing command 'sysbus LoadBinary @${m[1]} ${addr}'\nFile does not exist: ${m[1]}`);
    image = { file: m[1]!, addr };
    return pass('');
  }
  if ((m = /^emulation CreateServerSocketTerminal (\d+) "(\w+)" false$/.exec(cmd))) {
    const srv = createServer({ noDelay: true }, (s) => {
      host = s;
      s.on('data', (d) => qemuSock?.write(d));
      s.on('error', () => undefined);
    });
    srv.listen(Number(m[1]), '127.0.0.1');
    uartServer = srv;
    return pass('');
  }
  if (/^\S+ ExecutedInstructions$/.test(cmd)) throw new Error('answered by counterReply');
  if (cmd === 'start') {
    if (halted) console.log('[fake-renode] start: the CPU is halted, nothing runs');
    else startDevice();
    return pass(recorded!.output);
  }
  if (cmd === 'pause') {
    stopDevice();
    return pass(recorded!.output);
  }
  if (recorded) {
    if (recorded.failed || /^(No such command|Bad parameters)/.test(recorded.output)) return fail(cmd, recorded.output);
    return pass(recorded.output);
  }
  // Commands no recording covers, answered as Renode documents them (see renode-commands.test.ts).
  if (/^mach create$|^connector Connect \S+ \w+$|^emulation SetGlobalAdvanceImmediately (true|false)$/.test(cmd)) return pass('');
  if (/^\S+ PerformanceInMips \d+$|^sysbus\.nvic Frequency \d+$|^sysbus\.pdm Reset$/.test(cmd)) return pass('');
  // Recorded (more/nrf52840-load-pdm): PASS with no output, or the missing file's error.
  if ((m = /^sysbus\.pdm SetInputFile @(\S+)$/.exec(cmd))) {
    if (!existsSync(m[1]!)) return fail(cmd, `There was an error executing command '${cmd}'\nFile does not exist: ${m[1]}`);
    return pass('');
  }
  return fail(cmd, `No such command or device: ${cmd.split(' ')[0]}`);
}

/** A request body with the run's own values (ports, ELF and temp paths) replaced by placeholders. */
function normalised(body: string): string {
  return body
    .replace(/@\/\S*?\/([\w-]+\.elf)/g, '@<dir>/$1')
    .replace(/@\/\S*\/tinyhil-renode-\w+\//g, '@<tmp>/')
    .replace(/CreateServerSocketTerminal \d+/g, 'CreateServerSocketTerminal <port>');
}

const replay = replayFile ? readExchanges(replayFile) : undefined;
let replayAt = 0;

/** --replay: the next recorded response, if this request is the recorded one. */
function replayed(body: string): { reply: Buffer; status: string } {
  const want = replay![replayAt];
  const wantBody = want ? want.request.slice(want.request.indexOf('\r\n\r\n') + 4) : '(the recording has ended)';
  if (!want || normalised(wantBody) !== normalised(body)) {
    return { reply: fault(99, `replay mismatch at exchange ${replayAt + 1}: expected ${JSON.stringify(normalised(wantBody)).slice(0, 400)}, got ${JSON.stringify(normalised(body)).slice(0, 400)}`), status: 'REPLAY-MISMATCH' };
  }
  replayAt++;
  // The run's own UART port must listen, as Renode's socket terminal does.
  const term = /CreateServerSocketTerminal (\d+)/.exec(body);
  if (term) {
    uartServer = createServer((s) => {
      host = s;
      s.on('error', () => undefined);
    });
    uartServer.listen(Number(term[1]), '127.0.0.1');
  }
  if (/<methodName>stop_remote_server<\/methodName>/.test(body)) stopping = true;
  return { reply: Buffer.from(want.response, 'utf8'), status: /<string>(PASS|FAIL)<\/string>/.exec(want.response)?.[1] ?? 'OK' };
}

/** `sysbus.cpu ExecutedInstructions`: the device's real count (0 while nothing runs); the recorded reply ends in \r\r\n. */
async function counterReply(): Promise<Buffer> {
  const n = (await qmp?.icount()) ?? 0;
  return pass(`0x${n.toString(16).toUpperCase().padStart(16, '0')}\r\r\n`);
}

/**
 * `emulation GetTimeSourceInfo`: the recorded reply, its elapsed virtual time the device QEMU's
 * (`-icount shift=0`: one nanosecond per instruction, QEMU's own virtual clock).
 */
async function timeReply(): Promise<Buffer> {
  const n = await qmp?.icount();
  if (n !== undefined) virtualNow = n;
  const ns = virtualBase + virtualNow;
  const s = Math.floor(ns / 1e9);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join(':');
  return pass(monitorReply('emulation GetTimeSourceInfo')!.output.replace(/Elapsed Virtual Time: \S+/, `Elapsed Virtual Time: ${hms}.${String(ns % 1e9).padStart(9, '0')}`));
}

function handle(body: string): Buffer | Promise<Buffer> {
  if (replay) {
    const r = replayed(body);
    if (journal) appendFileSync(journal, JSON.stringify({ method: /<methodName>(.*?)<\/methodName>/.exec(body)?.[1] ?? '', args: [], body, status: r.status }) + '\n');
    return r.reply;
  }
  // The exact recorded request gets the exact recorded response.
  // The rpc/ transcripts are 1.15.3's: another version answers from its own live recordings (execute()).
  const same = version === '1.15.3' ? exchanges.find((e) => e.requestBody === body) : undefined;
  const method = /<methodName>(.*?)<\/methodName>/.exec(body)?.[1] ?? '';
  const strings = [...body.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((x) => x[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  let reply: Buffer;
  const counter = method === 'run_keyword' && strings[0] === 'ExecuteCommand' && /ExecutedInstructions$/.test(strings[1] ?? '');
  if (counter) {
    if (journal) appendFileSync(journal, JSON.stringify({ method, keyword: strings[0], args: strings.slice(1), body, status: 'PASS' }) + '\n');
    return counterReply();
  }
  if (method === 'run_keyword' && strings[0] === 'ExecuteCommand' && strings[1] === 'emulation GetTimeSourceInfo' && device === 'qemu') {
    if (journal) appendFileSync(journal, JSON.stringify({ method, keyword: strings[0], args: strings.slice(1), body, status: 'PASS' }) + '\n');
    return timeReply();
  }
  if (method === 'stop_remote_server') {
    reply = rpcExchange('18-stop_remote_server').response;
    stopping = true;
  } else if (same && !counter && (method !== 'run_keyword' || strings[0] !== 'ExecuteCommand' || !/^(start|pause)$/.test(strings[1] ?? ''))) reply = same.response;
  else if (method === 'get_keyword_names') reply = rpcExchange('01-get_keyword_names').response;
  else if (method === 'run_keyword' && strings[0] === 'ExecuteCommand') reply = execute(strings[1] ?? '');
  else if (method === 'run_keyword') reply = fault(1, `Keyword "${strings[0]}" not found`);
  else reply = fault(1, `method ${method} not supported`);
  if (journal) {
    const status = /<string>(PASS|FAIL)<\/string>/.exec(reply.toString('utf8'))?.[1] ?? (reply.includes('<fault>') ? 'FAULT' : 'OK');
    appendFileSync(journal, JSON.stringify({ method, keyword: method === 'run_keyword' ? strings[0] : undefined, args: strings.slice(1), body, status }) + '\n');
  }
  return reply;
}

const server = createServer((sock) => {
  let buf = Buffer.alloc(0);
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const len = Number(/Content-Length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
    if (buf.length < end + 4 + len) return;
    const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
    buf = buf.subarray(end + 4 + len);
    void Promise.resolve(handle(body)).then((reply) => {
      // --delay '<command prefix>=<ms>': that command answers late (a platform load retrying SVD downloads takes a minute).
      const late = delay && body.includes(`<string>${xmlEsc(delay.prefix)}`) ? delay.ms : 0;
      setTimeout(() => sock.write(reply, () => {
        if (stopping) {
          console.log('[fake-renode] stop_remote_server: quitting');
          stopDevice();
          uartServer?.close();
          host?.destroy();
          setTimeout(() => process.exit(0), 50);
        }
      }), late);
    });
  });
  sock.on('error', () => undefined);
});

// Renode prints its log, then opens the robot port after ~3 s (here --boot-ms).
console.log(readFileSync(new URL('./fixtures/renode-1.15.3/monitor-session.renode-log.txt', import.meta.url), 'utf8').split('\n')[0]);
setTimeout(() => server.listen(port, '127.0.0.1'), bootMs);
process.on('exit', () => rmSync(qmpDir, { recursive: true, force: true }));
process.on('SIGTERM', () => {
  stopDevice();
  process.exit(143);
});
