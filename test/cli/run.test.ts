/**
 * End to end on QEMU with the real selftest firmware: what a user runs, with the
 * exit codes, reports and process hygiene the README promises.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { markedProcesses, ROOT, runCli, startCli, waitFor } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');

function scenario(extra: { budgets?: string; inputs?: string; firmware?: string; timeouts?: string; platform?: string; path?: string } = {}): string {
  return `name: e2e
platform: ${extra.platform ?? 'mps2-an386'}
firmware: ${extra.firmware ?? '{ app: selftest }'}
labels: [seg0, seg1, seg2, seg3]
inputs:
${extra.inputs ?? `  - folder: ${CLIPS}`}
verify: selftest
timeouts: ${extra.timeouts ?? '{ boot: 10s, clip: 10s }'}
target: { audio_path: ${extra.path ?? 'uart'} }
${extra.budgets ? `budgets:\n${extra.budgets}` : ''}
`;
}

const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;

t.test('a passing run: exit 0, every clip verified, reports written, nothing left running', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario({ budgets: '  accuracy: { min: 100% }\n  flash: { max: 64KiB }' }) });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--limit', '3', '--out', out]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  const rep = report(out);
  t.equal(rep.status, 'passed');
  t.equal(rep.clips.length, 3);
  t.ok(rep.clips.every((c) => c.status === 'passed' && c.mismatches === undefined));
  t.equal(rep.firmware.device?.fwName, 'selftest');
  t.equal(rep.provenance.cycleInfo?.unit, 'instructions');
  // The device library's conformance probe ran at boot (Cortex-M4: DSP) and QEMU executes all of it right.
  t.same(rep.firmware.device?.probe, { set: 1, ran: 0x7fff, failed: 0 });
  t.match(rep.conformance, { status: 'passed', mode: 'warn', probeSet: 1, emulator: { name: 'qemu', version: /^\d+\.\d+\.\d+$/ } });
  t.equal(rep.conformance?.checks.filter((c) => c.status === 'passed').length, 15);
  t.match(r.stdout, /conformance probe: 15 of 15 checks passed on QEMU \d/);
  t.ok(existsSync(join(out, 'junit.xml')) && existsSync(join(out, 'results.jsonl')) && existsSync(join(out, 'run.log')));
  t.same(markedProcesses(r.marker), [], 'no process of the run is left');
});

t.test('6 workers: every clip passes and Node prints no MaxListenersExceededWarning', async (t) => {
  // Each worker's target, session and children listen on the run's one AbortSignal: past 10, Node warned.
  const dir = t.testdir({ 's.yaml': scenario() });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--workers', '6', '--limit', '6', '--out', out]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.same(report(out).clips.map((c) => c.status), Array(6).fill('passed'));
  t.equal(report(out).target.workers, 6, 'six workers ran');
  // Each worker's link counters are reported: one entry per worker, each having carried one clip's frames.
  const links = report(out).target.links!;
  t.same(links.map((l) => l.worker), [0, 1, 2, 3, 4, 5]);
  for (const l of links) t.ok(l.framesSent > 0 && l.framesReceived > 0 && l.bytesSent > 0, `worker ${l.worker}: ${JSON.stringify(l)}`);
  t.notMatch(r.stderr, /MaxListenersExceededWarning|memory leak/);
  t.same(markedProcesses(r.marker), [], 'no process of the run is left');
});

t.test('--timeout-multiplier past what a timer can wait is clamped, not fired at once', async (t) => {
  // 10 s x 1e12 overflows Node's timers (2^31-1 ms): unclamped, boot "failed within 3600000 s" after 1 ms.
  const dir = t.testdir({ 's.yaml': scenario() });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--limit', '1', '--timeout-multiplier', '1e12', '--out', out]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.same(report(out).clips.map((c) => c.status), ['passed']);
});

t.test('a budget at the measured value passes; one byte less fails with measured vs allowed', async (t) => {
  const dir = t.testdir({ 'probe.yaml': scenario() });
  const probe = await runCli(['run', join(dir, 'probe.yaml'), '--limit', '1', '--out', join(dir, 'p')]);
  t.equal(probe.code, 0, probe.stderr);
  const flash = report(join(dir, 'p')).metrics.flash!.value;
  t.ok(flash > 1000, `flash measured: ${flash}`);
  const at = join(dir, 'at.yaml');
  const below = join(dir, 'below.yaml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(at, scenario({ budgets: `  flash: { max: ${flash} }` }));
  writeFileSync(below, scenario({ budgets: `  flash: { max: ${flash - 1} }` }));
  const ok = await runCli(['run', at, '--limit', '1', '--out', join(dir, 'a')]);
  t.equal(ok.code, 0, ok.stdout);
  const bad = await runCli(['run', below, '--limit', '1', '--out', join(dir, 'b')]);
  t.equal(bad.code, 1);
  const grouped = (n: number) => n.toLocaleString('en-US');
  t.match(bad.stdout, new RegExp(`flash\\.max: measured ${grouped(flash)} B .*> allowed ${grouped(flash - 1)} B`));
  const v = report(join(dir, 'b')).budgets.find((b) => b.name === 'flash.max')!;
  t.match(v, { status: 'failed', measured: flash, budget: flash - 1, unit: 'bytes' });
});

t.test('a malformed scenario: exit 2, file:line:col, nothing runs', async (t) => {
  const dir = t.testdir({ 'bad.yaml': scenario({ budgets: '  latency:\n    p95: { max: -3 }' }) });
  const r = await runCli(['run', join(dir, 'bad.yaml')]);
  t.equal(r.code, 2);
  t.match(r.stderr, /bad\.yaml:\d+:\d+: budgets\.latency\.p95\.max must be a positive number of cycles or a duration like "40ms"; got -3/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

t.test('a firmware that hangs on one clip: that clip times out, the rest are measured, exit 1', async (t) => {
  const dir = t.testdir({
    's.yaml': scenario({
      inputs: `  - files: ["${CLIPS}/seg0/*.wav"]\n  - files: "${CLIPS}/seg1/seg1-0.wav"\n    args: { hang: 1 }\n  - files: ["${CLIPS}/seg2/*.wav"]`,
      timeouts: '{ boot: 10s, clip: 2s }',
    }),
  });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', out]);
  t.equal(r.code, 1, r.stdout);
  const rep = report(out);
  const hung = rep.clips.filter((c) => c.status === 'timedout');
  t.equal(hung.length, 1);
  t.match(hung[0]!.id, /seg1-0\.wav$/);
  t.match(hung[0]!.reason, /no answer from the device for 2 s/);
  t.equal(rep.clips.filter((c) => c.status === 'passed').length, 6, 'the clips after the hang ran on a restarted target');
  t.same(markedProcesses(r.marker), []);
});

t.test('a deliberate firmware fault: exit 1 naming the clip and the wrong field', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario({ firmware: '{ app: selftest, variables: { DEFINES: SELFTEST_FAULT } }' }) });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--limit', '2', '--out', out]);
  t.equal(r.code, 1);
  const rep = report(out);
  const failed = rep.clips.filter((c) => c.status === 'failed');
  t.equal(failed.length, 1, 'odd clip ids carry the fault');
  t.match(failed[0]!.mismatches, [{ field: 'sum' }]);
  t.match(r.stdout, new RegExp(`${failed[0]!.id.replace(/[.]/g, '\\.')}.*sum expected -?\\d+, device said -?\\d+`));
});

t.test('the emulator killed mid-run: exit 3, results so far kept, nothing left', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario() });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--limit', '4', '--out', out]);
  const pid = await waitFor('the first clip and the qemu pid', () => {
    const log = existsSync(join(out, 'run.log')) ? readFileSync(join(out, 'run.log'), 'utf8') : '';
    const m = /qemu pid (\d+)/.exec(log);
    return m && /clip .*: passed/.test(log) ? Number(m[1]) : undefined;
  });
  process.kill(pid, 'SIGKILL');
  const r = await run.done;
  t.equal(r.code, 3, r.stdout);
  const rep = report(out);
  t.ok(rep.clips.some((c) => c.status === 'passed'), 'the clips measured before the kill are in the report');
  t.match(rep.errors[0], { kind: 'emulator', message: /qemu exited \(killed by SIGKILL\) during clip/ });
  const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
  t.ok(lines.length >= 1);
  t.same(markedProcesses(run.marker), []);
});

t.test('Ctrl-C: exit 130, partial report written, no qemu left', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario() });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  await waitFor('the first clip', () => existsSync(join(out, 'results.jsonl')) && readFileSync(join(out, 'results.jsonl'), 'utf8').length > 0);
  process.kill(run.child.pid!, 'SIGINT');
  const r = await run.done;
  t.equal(r.code, 130, r.stderr);
  const rep = report(out);
  t.ok(rep.clips.some((c) => c.status === 'passed'));
  t.ok(rep.clips.some((c) => c.status === 'skipped' && /interrupted/.test(c.reason ?? '')));
  t.same(markedProcesses(run.marker), []);
});

t.test('several scenarios: one sub-folder each in one run folder, reports/latest points at it, the worst exit wins', async (t) => {
  const dir = t.testdir({
    'a.yaml': scenario().replace('name: e2e', 'name: first'),
    'b.yaml': scenario({ budgets: '  flash: { max: 1KiB }' }).replace('name: e2e', 'name: second'),
    reports: {},
  });
  const r = await runCli(['run', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--limit', '1'], { cwd: dir });
  t.equal(r.code, 1, 'the second scenario fails its flash budget');
  const { readlinkSync, readdirSync } = await import('node:fs');
  const latest = readlinkSync(join(dir, 'reports', 'latest'));
  t.match(latest, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d/);
  // One folder per scenario, and the run-level HTML page linking both.
  t.same(readdirSync(join(dir, 'reports', latest)).sort(), ['first', 'index.html', 'second']);
  t.match(readFileSync(join(dir, 'reports', latest, 'index.html'), 'utf8'), /"href":"first\/index\.html"[^]*"href":"second\/index\.html"/);
  t.equal(report(join(dir, 'reports', 'latest', 'first')).status, 'passed');
  t.equal(report(join(dir, 'reports', 'latest', 'second')).status, 'failed');
});

t.test('the memory audio path: same predictions and values as the UART, a hang recovered by re-staging the rest', async (t) => {
  const inputs = `  - files: ["${CLIPS}/seg0/*.wav"]\n  - files: "${CLIPS}/seg1/seg1-0.wav"\n    args: { hang: 1 }\n  - files: ["${CLIPS}/seg2/*.wav"]`;
  const dir = t.testdir({
    'mem.yaml': scenario({ inputs, timeouts: '{ boot: 10s, clip: 2s }', path: 'memory' }),
    'uart.yaml': scenario({ inputs: `  - files: ["${CLIPS}/seg0/*.wav", "${CLIPS}/seg2/*.wav"]` }),
  });
  const mem = await runCli(['run', join(dir, 'mem.yaml'), '--out', join(dir, 'm')]);
  t.equal(mem.code, 1, 'the hung clip fails the run');
  const m = report(join(dir, 'm'));
  t.equal(m.target.audioPath, 'memory');
  t.same(m.clips.map((c) => c.status), ['passed', 'passed', 'passed', 'timedout', 'passed', 'passed', 'passed']);
  const u = await runCli(['run', join(dir, 'uart.yaml'), '--out', join(dir, 'u')]);
  t.equal(u.code, 0, u.stdout);
  const uart = report(join(dir, 'u')).clips;
  const memOk = m.clips.filter((c) => c.status === 'passed');
  const strip = (v: Record<string, number> | undefined) => ({ ...v, loop_cycles: 0 });
  t.same(memOk.map((c) => [c.id, c.predicted, c.scores, strip(c.values)]), uart.map((c) => [c.id, c.predicted, c.scores, strip(c.values)]), 'identical results on both paths');
  t.same(markedProcesses(mem.marker), []);
});

t.test('an unknown reporter is bad input: exit 2 listing the known names, before any folder is made', async (t) => {
  const dir = t.testdir({});
  const r = await runCli(['run', join(ROOT, 'scenarios', 'selftest.yaml'), '--reporter', 'json,nosuch', '--out', join(dir, 'out')]);
  t.equal(r.code, 2, r.stdout);
  t.equal(r.stderr.trim(), '--reporter: unknown reporter "nosuch"; known: progress, jsonl, json, junit, ctrf, html, console, github');
  t.notOk(existsSync(join(dir, 'out')), 'no run folder');
});

t.test('a failed budget is annotated on its own line of the scenario, the path relative to the repository root', async (t) => {
  const dir = t.testdir({
    'gates': {
      's.yaml': [
        'name: s', 'platform: mps2-an386', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
        `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'verify: selftest',
        'budgets:', '  accuracy: { min: 100% }', '  flash:', '    max: 1KiB', '',
      ].join('\n'),
    },
  });
  const r = await runCli(['run', join(dir, 'gates', 's.yaml'), '--reporter', 'github,json', '--out', join(dir, 'out')], { env: { GITHUB_WORKSPACE: dir } });
  t.equal(r.code, 1, r.stderr);
  t.match(r.stdout, /^::error file=gates\/s\.yaml,line=10,col=5,title=Budget flash\.max failed \(s\)::flash\.max: measured /m);
  const rep = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as RunReport;
  t.match(rep.budgets.find((b) => b.name === 'accuracy.min')?.location, { line: 8, col: 15 });
  t.match(rep.scenario.inputsAt, { line: 5, col: 1 }, 'the inputs: key');
});
