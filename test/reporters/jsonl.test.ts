import t from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonlReporter } from '../../src/reporters/jsonl.js';
import { ReporterSet } from '../../src/reporters/reporter.js';
import { clip, context, passingReport } from './fixtures/reports.js';

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

t.test('each clip is on disk as soon as its hook resolves', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'results.jsonl');
  const set = new ReporterSet([new JsonlReporter()]);
  await set.onBegin(context(dir));
  t.equal(readFileSync(file, 'utf8'), '', 'created empty at the start');
  await set.onClipEnd(clip('yes/1.wav'));
  t.same(lines(file).map((c) => c.id), ['yes/1.wav']);
  const failed = clip('no/1.wav', { status: 'failed', reason: 'predicted yes', mismatches: [{ field: 'predicted', expected: 'no', actual: 'yes' }] });
  await set.onClipEnd(failed);
  t.same(lines(file), [JSON.parse(JSON.stringify(clip('yes/1.wav'))), JSON.parse(JSON.stringify(failed))]);
  await set.onEnd(passingReport());
  t.equal(lines(file).length, 2);
  t.same(set.reporterErrors, []);
});

t.test('one compact line per clip, id and status first', async (t) => {
  const dir = t.testdir();
  const rep = new JsonlReporter();
  await rep.onBegin(context(dir));
  await rep.onClipEnd(clip('yes/1.wav', { reason: 'line\nbreak' }));
  await rep.onEnd();
  const text = readFileSync(join(dir, 'results.jsonl'), 'utf8');
  t.equal(text.split('\n').length, 2, 'a newline in a field is escaped, not a second line');
  t.match(text, /^\{"id":"yes\/1\.wav","status":"passed","reason":"line\\nbreak",/);
});

t.test('a stale file from an earlier attempt is replaced', async (t) => {
  const dir = t.testdir({ 'results.jsonl': '{"id":"old"}\n' });
  const rep = new JsonlReporter();
  await rep.onBegin(context(dir));
  await rep.onClipEnd(clip('yes/1.wav'));
  t.same(lines(join(dir, 'results.jsonl')).map((c) => c.id), ['yes/1.wav']);
  await rep.onEnd();
});

t.test('onClipEnd before onBegin fails loudly', async (t) => {
  await t.rejects(new JsonlReporter().onClipEnd(clip('x')), /before onBegin/);
});

t.test('a SIGKILL after the hooks loses nothing', async (t) => {
  const dir = t.testdir();
  const child = fileURLToPath(new URL('./fixtures/jsonl-child.ts', import.meta.url));
  // Only the TypeScript loader of tap's own flags: the child is plain node plus TS.
  const tsLoader = process.execArgv.filter((a) => a.includes('@tapjs/typescript'));
  const proc = spawn(process.execPath, [...tsLoader, child, dir, '25'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => d.toString().includes('written') && resolve());
    proc.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => proc.on('exit', (_c, signal) => resolve(signal)));
  proc.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL');
  const got = lines(join(dir, 'results.jsonl'));
  t.equal(got.length, 25);
  t.equal(got[24].id, 'yes/24.wav');
});
