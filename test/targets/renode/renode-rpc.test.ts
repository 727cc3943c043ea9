/**
 * The XML-RPC client against the bytes a real Renode 1.15.3 exchanged
 * (fixtures/renode-1.15.3/rpc): requests written exactly as recorded, every
 * recorded reply decoded (PASS, FAIL, fault, lists, structs), HTTP framing by
 * Content-Length from the Mono-HTTPAPI/1.0 server, and Renode's own message
 * unwrapped from a FAIL.
 */
import t from 'tap';
import { createServer } from 'node:net';
import {
  decodeResponse, encodeCall, encodeRequest, parseHttpResponse, renodeMessage, runKeyword, RpcTransportError, XmlRpcFault, xmlRpcCall,
} from '../../../src/targets/renode/renode-rpc.js';
import { liveCommand, replyError, rpcExchange, rpcExchanges } from './renode-recordings.js';
import { svdFailures, withoutSvdFailures } from '../../../src/targets/renode/renode-commands.js';

const body = (raw: Buffer) => parseHttpResponse(raw)!.body.toString('utf8');

t.test('every recorded request is written byte for byte (body), with the recorded headers', async (t) => {
  const all = rpcExchanges();
  t.equal(all.length, 18);
  for (const e of all) {
    const params = e.method === 'run_keyword' ? [e.keyword!, e.args!] : [];
    t.equal(encodeCall(e.method, params), e.requestBody, `${e.name}: body`);
    const ours = encodeRequest(49999, e.method, params).toString('utf8');
    // Only the User-Agent differs from the recording's raw client.
    t.equal(ours.replace('User-Agent: tinyhil', 'User-Agent: rawclient'), e.request.toString('utf8'), `${e.name}: request`);
  }
});

t.test('every recorded reply is framed by Content-Length and decoded', async (t) => {
  for (const e of rpcExchanges()) {
    const r = parseHttpResponse(e.response)!;
    t.equal(r.status, 200, e.name);
    t.equal(r.headers.server, 'Mono-HTTPAPI/1.0');
    t.equal(r.body.length, Number(r.headers['content-length']));
    // Incomplete until the last byte arrived.
    t.equal(parseHttpResponse(e.response.subarray(0, e.response.length - 1)), undefined, `${e.name}: not complete one byte short`);
  }
  const names = (await decodeResponse(body(rpcExchange('01').response))) as string[];
  t.equal(names.length, 51);
  t.ok(names.includes('ExecuteCommand'));
  t.same(await decodeResponse(body(rpcExchange('02').response)), { return: '', status: 'PASS' });
  t.same(await decodeResponse(body(rpcExchange('09').response)), { return: 0, status: 'PASS' }, '<i4>/<int> return');
  t.same(await decodeResponse(body(rpcExchange('10').response)), { status: 'PASS' }, 'no return member');
  t.same(await decodeResponse(body(rpcExchange('11').response)), { return: { line: 'ECHOFW v1 ready (stm32f4 usart2, polling)', timestamp: 0.00032, groups: [] }, status: 'PASS' }, 'nested struct, double, empty array');
  const ei = (await decodeResponse(body(rpcExchange('16').response))) as Record<string, string>;
  t.match(ei.return, /^0x000000000695B054\s*$/);
  t.equal(await decodeResponse(body(rpcExchange('18').response)), '', 'stop_remote_server');
  const fail = (await decodeResponse(body(rpcExchange('05').response))) as Record<string, string>;
  t.equal(fail.status, 'FAIL');
  t.equal(fail.error, "KeywordException: Could not execute command 'sysbus LoadELF @/srv/renode-demo/fw/missing.elf': There was an error executing command 'sysbus LoadELF @/srv/renode-demo/fw/missing.elf'File does not exist: /srv/renode-demo/fw/missing.elf\n");
  t.match(fail.traceback, /RenodeKeywords\.ExecuteCommand .*System\.Reflection\.RuntimeMethodInfo\.InternalInvoke\(.*Exception&\)/s, 'entities decoded');
  await t.rejects(decodeResponse(body(rpcExchange('08').response)), new XmlRpcFault(1, 'Keyword "NoSuchKeyword" not found'));
  await t.rejects(decodeResponse('<html/>'), RpcTransportError);
});

t.test("Renode's message unwrapped from a FAIL, the command named once", async (t) => {
  const error = async (n: string) => String(((await decodeResponse(body(rpcExchange(n).response))) as Record<string, string>).error);
  t.equal(renodeMessage(await error('05'), 'sysbus LoadELF @/srv/renode-demo/fw/missing.elf'), 'File does not exist: /srv/renode-demo/fw/missing.elf');
  t.equal(renodeMessage(await error('06'), 'frobnicate 42'), 'No such command or device: frobnicate');
  t.match(renodeMessage(await error('15'), 'WaitForLineOnUart'), /^InvalidOperationException: Terminal tester failed!/);
  // The monitor's wording for commands the RPC session did not send, in the RPC's envelope:
  // the echo may differ from the command (decimal address), the message may quote.
  const cmd = 'sysbus LoadBinary @/srv/renode-more/run/missing.bin 0x60000000';
  t.equal(renodeMessage(`KeywordException: Could not execute command '${cmd}': There was an error executing command 'sysbus LoadBinary @/srv/renode-more/run/missing.bin 1610612736'File does not exist: /srv/renode-more/run/missing.bin\n`, cmd), 'File does not exist: /srv/renode-more/run/missing.bin');
  const repl = 'machine LoadPlatformDescription @/srv/renode-demo/run/does-not-exist.repl';
  t.equal(renodeMessage(`KeywordException: Could not execute command '${repl}': There was an error executing command '${repl}'Could not find file '/srv/renode-demo/run/does-not-exist.repl'.\n`, repl), "Could not find file '/srv/renode-demo/run/does-not-exist.repl'.");
  t.equal(renodeMessage('plain text'), 'plain text');
});

t.test("a live Renode's other wrapper: the command ran and wrote errors (recorded offline, 1.15.3 E and 1.16.1 F)", async (t) => {
  for (const rec of ['1.15.3-E-svd-offline', '1.16.1-F-svd-offline']) {
    const e = liveCommand(rec, /^machine LoadPlatformDescription /);
    const error = replyError(e.response);
    t.match(error, /^KeywordException: There was an error when executing command 'machine LoadPlatformDescription @\S+': Failed to download/, `${rec}: as recorded`);
    const msg = renodeMessage(error, e.call[1]);
    t.equal(msg, 'Failed to download https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz, see log for details.', `${rec}: Renode's message, unwrapped`);
    t.same(svdFailures(msg), ['https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz']);
    t.equal(withoutSvdFailures(msg), '', 'nothing but the SVD failure: the start goes on');
    // Without the command (or with another one) the wrapper still goes.
    t.equal(renodeMessage(error), msg);
  }
  // Any other message in the same wrapper is left whole, so it stays an error.
  const cmd = 'machine LoadPlatformDescriptionFromString "x: Memory.MappedMemory @ sysbus 0x60000000 { size: 0x100 }"';
  const other = `KeywordException: There was an error when executing command '${cmd}': Error E39: Region conflicts\nwith address <0x60000000, 0x6FFFFFFF>\n`;
  t.equal(renodeMessage(other, cmd), 'Error E39: Region conflicts\nwith address <0x60000000, 0x6FFFFFFF>');
  t.equal(withoutSvdFailures(renodeMessage(other, cmd)), 'Error E39: Region conflicts\nwith address <0x60000000, 0x6FFFFFFF>');
  // 1.16.1's answer to a missing ELF, in the first wrapper (recorded live, I).
  const elf = liveCommand('1.16.1-I-missing-elf', /^sysbus LoadELF @.*missing/);
  t.equal(renodeMessage(replyError(elf.response), elf.call[1]), 'Parameters did not match the signature');
});

t.test('a call over a real socket: the reply read to Content-Length, split reads, errors', async (t) => {
  const reply = rpcExchange('05').response;
  let seen = '';
  const srv = createServer((s) => {
    s.on('data', (d) => {
      seen += d.toString('utf8');
      if (!seen.includes('</methodCall>')) return;
      // Byte by byte, and the connection kept open (Keep-Alive): Content-Length ends the reply.
      let i = 0;
      const tick = setInterval(() => {
        if (i >= reply.length) return clearInterval(tick);
        s.write(reply.subarray(i, i + 97));
        i += 97;
      }, 1);
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  const r = await runKeyword(port, 'ExecuteCommand', ['sysbus LoadELF @/srv/renode-demo/fw/missing.elf'], 5000);
  t.equal(r.status, 'FAIL');
  t.equal(seen.slice(seen.indexOf('\r\n\r\n') + 4), rpcExchange('05').requestBody, 'the recorded request body was sent');
  srv.close();
  await t.rejects(xmlRpcCall(port, 'get_keyword_names', [], 2000), RpcTransportError, 'refused when nothing listens');
  const silent = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  await t.rejects(xmlRpcCall((silent.address() as { port: number }).port, 'get_keyword_names', [], 300), /no reply to get_keyword_names within/);
  silent.close();
});
