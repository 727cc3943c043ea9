/**
 * Clips time out on the device's own time, not the host's (issue 11, item 8).
 * A QEMU stopped with SIGSTOP stands for a host too loaded to run it: its clock
 * stands still, so the firmware is not blamed; only if it stays stopped past
 * the wall-clock backstop (5 x timeouts.clip) is the clip given up, as the
 * emulator's failure (exit 3). A firmware that really hangs still times out:
 * its instructions run on; and so does one asleep for good (WFI with its
 * interrupts off), whose count stands still like a stopped QEMU's but whose
 * QMP still answers. Asserted: statuses, exit codes and reasons.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { markedProcesses, ROOT, startCli, waitFor } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');
const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
const runLog = (dir: string) => (existsSync(join(dir, 'run.log')) ? readFileSync(join(dir, 'run.log'), 'utf8') : '');
const scenario = (inputs: string) =>
  ['name: dt', 'platform: mps2-an386', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]', `inputs:\n${inputs}`, 'verify: selftest',
    'timeouts: { boot: 10s, clip: 1s }', 'target: { audio_path: uart }', ''].join('\n');
const qemuPid = (out: string) => Number(/qemu pid (\d+) connected/.exec(runLog(out))?.[1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('a QEMU stopped for 3 s of wall-clock time mid-clip, with a 1 s clip timeout: not a timeout, the clip passes', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario(`  - files: ["${join(CLIPS, 'seg0', 'seg0-0.wav')}", "${join(CLIPS, 'seg1', 'seg1-0.wav')}"]`) });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  await waitFor('the first clip done', () => existsSync(join(out, 'results.jsonl')) && readFileSync(join(out, 'results.jsonl'), 'utf8').includes('"passed"'));
  const pid = qemuPid(out);
  t.ok(pid > 0);
  process.kill(pid, 'SIGSTOP');
  await sleep(3000);
  process.kill(pid, 'SIGCONT');
  const r = await run.done;
  t.equal(r.code, 0, r.stdout);
  t.same(report(out).clips.map((c) => c.status), ['passed', 'passed'], 'the host\'s 3 s were not the device\'s');
});

t.test('a QEMU stopped for good mid-clip: given up after the backstop as the emulator\'s failure, exit 3, not the firmware\'s', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario(`  - files: ["${join(CLIPS, 'seg0', 'seg0-0.wav')}", "${join(CLIPS, 'seg1', 'seg1-0.wav')}", "${join(CLIPS, 'seg2', 'seg2-0.wav')}"]`) });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  await waitFor('the first clip done', () => existsSync(join(out, 'results.jsonl')) && readFileSync(join(out, 'results.jsonl'), 'utf8').includes('"passed"'));
  process.kill(qemuPid(out), 'SIGSTOP');
  const r = await run.done;
  t.equal(r.code, 3, r.stdout);
  const rep = report(out);
  const stalled = rep.clips.find((c) => c.status === 'error');
  t.match(stalled?.reason, /^the emulator made no progress: in \d+(\.\d)? s the device neither answered nor ran 1 s of its own time/);
  t.notOk(rep.clips.some((c) => c.status === 'timedout'), 'no clip blamed on the firmware');
  t.match(rep.errors, [{ kind: 'emulator', message: /the emulator made no progress/ }]);
  t.equal(rep.clips.at(-1)?.status, 'passed', 'a fresh QEMU ran the rest');
  t.same(markedProcesses(run.marker), []);
});

t.test('a firmware that really hangs still times out on its own time (its instructions run on)', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario(`  - files: ["${join(CLIPS, 'seg1', 'seg1-0.wav')}"]\n    args: { hang: 1 }`) });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  const r = await run.done;
  t.equal(r.code, 1);
  t.match(report(out).clips[0], { status: 'timedout', reason: /^no answer from the device for 1 s of its own time \(\d+ instructions; / });
});

t.test('a firmware asleep for good (WFI, interrupts off) runs no instructions, yet it is the firmware\'s timeout (exit 1), not a stalled emulator (exit 3)', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario(`  - files: ["${join(CLIPS, 'seg1', 'seg1-0.wav')}"]\n    args: { hang: 2 }`) });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  const r = await run.done;
  t.equal(r.code, 1, r.stdout);
  const rep = report(out);
  t.match(rep.clips[0], {
    status: 'timedout',
    reason: /^no answer from the device for 5(\.\d)? s, and its clock answers but has not moved for \d+(\.\d)? s \(\d+ instructions run\): the device is asleep or waiting for an interrupt/,
  });
  t.same(rep.errors, [], 'no infrastructure error');
  t.same(markedProcesses(run.marker), []);
});
