/**
 * `--renode-record` writes beside the run: a write that fails (full disk, the
 * folder removed) is said once and must neither fail the RPC call nor become an
 * unhandled rejection, which would kill the runner mid-run.
 */
import t from 'tap';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { recordProcess } from '../../../src/targets/renode/renode-record.js';

const body = '<?xml version="1.0"?><methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>';
const exchange = {
  request: Buffer.from('POST /RPC2 HTTP/1.1\r\n\r\n<methodCall><methodName>get_keyword_names</methodName></methodCall>'),
  response: Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
  ms: 3,
};

t.test('a recording writes each exchange and its summary line', async (t) => {
  const root = t.testdir();
  const errors: string[] = [];
  const rec = recordProcess(root, ['renode', '--plain'], (m) => errors.push(m));
  await rec.add(exchange);
  t.equal(JSON.parse(readFileSync(join(rec.dir, 'exchanges.jsonl'), 'utf8')).n, 1);
  t.match(readFileSync(join(rec.dir, 'summary.txt'), 'utf8'), /^\[001\] .*get_keyword_names\n {6}-> "ok"\n$/);
  t.same(errors, []);
});

t.test('a summary write that fails (async) resolves, and is said once', async (t) => {
  const root = t.testdir();
  const errors: string[] = [];
  const rec = recordProcess(root, ['renode'], (m) => errors.push(m));
  // A folder where the file should be: every append to it fails with EISDIR.
  mkdirSync(join(rec.dir, 'summary.txt'));
  await rec.add(exchange);
  await rec.add(exchange);
  t.equal(readFileSync(join(rec.dir, 'exchanges.jsonl'), 'utf8').trim().split('\n').length, 2, 'the exchanges are still written');
  t.equal(errors.length, 1, 'said once, not for every call');
  t.match(errors[0], /^renode: recording to .*summary\.txt failed \(EISDIR.*\); the run goes on, the recording is incomplete$/);
});

t.test('an exchange write that fails (sync) does not throw', async (t) => {
  const root = t.testdir();
  const errors: string[] = [];
  const rec = recordProcess(root, ['renode'], (m) => errors.push(m));
  rmSync(rec.dir, { recursive: true });
  let p: Promise<void> | undefined;
  t.doesNotThrow(() => (p = rec.add(exchange)));
  await p;
  t.equal(errors.length, 1);
  t.match(errors[0], /exchanges\.jsonl failed \(ENOENT/);
});
