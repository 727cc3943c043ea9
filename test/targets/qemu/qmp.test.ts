/**
 * The QMP client against a fake QEMU monitor on a unix socket: the instruction
 * count when QMP answers, and what happens to the connection when the other end
 * does not speak QMP (closed, not leaked) or a question is still waiting as the
 * client closes (answered with undefined, not left hanging).
 */
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Qmp } from '../../../src/targets/qemu/qmp.js';
import { tempDir } from '../../helpers/tmp.js';

/** A unix-socket server calling `onLine` with each line a client sends; its connections, in order. */
async function monitor(t: Test, greeting: string, onLine: (s: Socket, line: string) => void) {
  const path = join(tempDir(t, 'hil-qmp-'), 'q.qmp');
  const conns: Socket[] = [];
  const server: Server = createServer((s) => {
    conns.push(s);
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (d: string) => {
      buf += d;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        onLine(s, buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    s.on('error', () => undefined);
    s.write(`${greeting}\n`);
  });
  server.listen(path);
  await once(server, 'listening');
  t.teardown(() => {
    for (const c of conns) c.destroy();
    server.close();
  });
  return { path, conns };
}

const GREETING = JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 } }, capabilities: [] } });

t.test('a QMP monitor: capabilities negotiated, then the instruction count', async (t) => {
  const asked: string[] = [];
  const m = await monitor(t, GREETING, (s, line) => {
    const cmd = (JSON.parse(line) as { execute: string }).execute;
    asked.push(cmd);
    s.write(`${JSON.stringify({ event: 'RESUME' })}\n`); // unasked: must not be taken for the answer
    s.write(`${JSON.stringify({ return: cmd === 'query-replay' ? { mode: 'none', icount: 12345 } : {} })}\n`);
  });
  const q = new Qmp(m.path);
  t.equal(await q.icount(), 12345);
  t.equal(await q.icount(), 12345);
  t.same(asked, ['qmp_capabilities', 'query-replay', 'query-replay'], 'negotiated once, on one connection');
  t.equal(m.conns.length, 1);
  q.close();
});

t.test('not QMP (a bad greeting): no count, and the client closes the socket instead of keeping it', async (t) => {
  const m = await monitor(t, JSON.stringify({ hello: 'not qmp' }), () => undefined);
  const q = new Qmp(m.path);
  t.equal(await q.icount(), undefined);
  t.equal(m.conns.length, 1);
  await once(m.conns[0]!, 'close');
  t.pass('the server saw the client close its end');
  t.equal(await q.icount(), undefined, 'the next read tries afresh');
  t.equal(m.conns.length, 2, 'on a new connection');
  q.close();
});

t.test('close() with a question waiting: it is answered undefined, not left waiting for good', async (t) => {
  let asked!: () => void;
  const replayAsked = new Promise<void>((r) => (asked = r));
  const m = await monitor(t, GREETING, (s, line) => {
    // Capabilities accepted; query-replay never answered (a QEMU that stopped answering).
    if (line.includes('qmp_capabilities')) s.write(`${JSON.stringify({ return: {} })}\n`);
    if (line.includes('query-replay')) asked();
  });
  const q = new Qmp(m.path);
  const n = q.icount();
  await replayAsked;
  q.close();
  t.equal(await n, undefined);
});
