import t from 'tap';
import path from 'node:path';
import { failedClipIds } from '../../src/inputs/failed.js';
import { shown } from './fixtures/index.js';

const result = (id: string, status: string) => ({ id, status, wallMs: 1 });
const report = (clips: object[]) => JSON.stringify({ schemaVersion: 1, status: 'failed', clips });

t.test('from report.json: every status but passed', async (t) => {
  const dir = t.testdir({
    'report.json': report([result('a.wav', 'passed'), result('b.wav', 'failed'), result('c.wav', 'error'), result('d.wav', 'timedout'), result('e.wav', 'skipped')]),
  });
  t.same([...(await failedClipIds(path.join(dir, 'report.json')))].sort(), ['b.wav', 'c.wav', 'd.wav', 'e.wav']);
});

t.test('from results.jsonl: last line of a clip wins, blank lines and CRLF are fine', async (t) => {
  const lines = [result('a.wav', 'failed'), result('b.wav', 'passed'), result('a.wav', 'passed'), result('c.wav', 'timedout')].map((r) => JSON.stringify(r));
  const dir = t.testdir({ 'results.jsonl': lines.join('\r\n') + '\r\n\n' });
  t.same([...(await failedClipIds(path.join(dir, 'results.jsonl')))], ['c.wav']);
});

t.test('a run folder: report.json first, else results.jsonl', async (t) => {
  const both = t.testdir({ 'report.json': report([result('r.wav', 'failed')]), 'results.jsonl': JSON.stringify(result('j.wav', 'failed')) });
  t.same([...(await failedClipIds(both))], ['r.wav']);
  const jsonl = t.testdir({ 'results.jsonl': JSON.stringify(result('j.wav', 'error')) + '\n' });
  t.same([...(await failedClipIds(jsonl))], ['j.wav']);
  const empty = t.testdir({ 'other.txt': '' });
  await t.rejects(failedClipIds(empty), { message: `${empty}: neither report.json nor results.jsonl is in this folder; is it a run folder?` });
});

t.test('missing and garbled files are clear errors', async (t) => {
  const dir = t.testdir({
    'cut.json': '{"schemaVersion": 1, "clips": [{"id": "a.wav", "sta',
    'other.json': '{"name": "not a report"}',
    'badclip.json': report([{ id: 3, status: 'failed' }]),
    'bad.jsonl': JSON.stringify(result('a.wav', 'passed')) + '\n{oops\n',
    'status.jsonl': JSON.stringify(result('a.wav', 'pass')) + '\n',
  });
  await t.rejects(failedClipIds(path.join(dir, 'nope.json')), {
    message: `${path.join(dir, 'nope.json')}: no such file or folder (give a previous run's folder, report.json or results.jsonl)`,
  });
  await t.rejects(failedClipIds(path.join(dir, 'cut.json')), { message: new RegExp(`^${shown(dir, 'cut.json')}: not valid JSON \\(.*\\); is the file complete\\?$`) });
  await t.rejects(failedClipIds(path.join(dir, 'other.json')), { message: `${shown(dir, 'other.json')}: no "clips" list; is it a tinyhil report.json?` });
  await t.rejects(failedClipIds(path.join(dir, 'badclip.json')), { message: `${shown(dir, 'badclip.json')}: clips[0]: a clip result needs a string "id" and "status"` });
  await t.rejects(failedClipIds(path.join(dir, 'bad.jsonl')), { message: new RegExp(`^${shown(dir, 'bad.jsonl')}:2: not valid JSON \\(`) });
  await t.rejects(failedClipIds(path.join(dir, 'status.jsonl')), {
    message: `${shown(dir, 'status.jsonl')}:1: unknown status "pass" (expected passed, failed, error, skipped, timedout)`,
  });
});
