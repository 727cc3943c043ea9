/**
 * A gate must be red when it should be, however the run ends: Ctrl-C or SIGTERM
 * in every phase ends with exit 130 and a report of what finished; a second one
 * kills every child at once and the report is still written; SIGKILL of the
 * runner itself leaves no child and no temp folder behind. What is asserted is
 * the exit code, the report and the process table, never how long anything took.
 */
import t, { type Test } from 'tap';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { installInterrupts } from '../../src/cli/interrupts.js';
import { markedProcesses, ROOT, runCli, startCli, waitFor } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');
const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
const runLog = (dir: string) => (existsSync(join(dir, 'run.log')) ? readFileSync(join(dir, 'run.log'), 'utf8') : '');
/** A TMPDIR of the test's own, so the temp folders a run leaves are its own (tests run in parallel). */
function ownTmp(dir: string): string {
  const d = join(dir, 'tmp');
  mkdirSync(d, { recursive: true });
  return d;
}
const tinyhilTemps = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('tinyhil-'));

function selftest(o: { firmware?: string; budgets?: string; timeouts?: string; inputs?: string; target?: string } = {}): string {
  return [
    'name: int', 'platform: mps2-an386', `firmware: ${o.firmware ?? '{ app: selftest }'}`, 'labels: [seg0, seg1, seg2, seg3]',
    `inputs:\n${o.inputs ?? `  - folder: ${CLIPS}`}`, 'verify: selftest', `timeouts: ${o.timeouts ?? '{ boot: 10s, clip: 10s }'}`,
    `target: ${o.target ?? '{ audio_path: uart }'}`, o.budgets ? `budgets:\n${o.budgets}` : '', '',
  ].join('\n');
}

/** No process of this run left: waited for, since a SIGKILLed runner's reaper needs a moment to act. */
async function noneLeft(t: Test, marker: string, what: string): Promise<void> {
  await waitFor(`${what}: no process left`, () => markedProcesses(marker).length === 0, 20_000).catch(() => undefined);
  t.same(markedProcesses(marker), [], `${what}: no process left`);
}

t.test('SIGINT while the inputs are synthesized: exit 130, a report saying how far synthesis got, nothing ran', async (t) => {
  const dir = t.testdir({
    's.yaml': [
      'name: synth-int', 'platform: mps2-an386', 'firmware: { app: selftest }', 'labels: ["yes", "no", seg2, seg3]',
      'inputs:', '  - synth: { words: ["yes", "no"], voices: espeak-ng, per_word: 60, snr_db: 20..30 }', '',
    ].join('\n'),
    cache: {},
  });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out], { env: { TINYHIL_SYNTH_CACHE: join(dir, 'cache') } });
  await waitFor('synthesis under way', () => run.stderr().includes('synth inputs[0].synth'));
  process.kill(run.child.pid!, 'SIGINT');
  const r = await run.done;
  t.equal(r.code, 130, `${r.stdout}\n${r.stderr}`);
  const rep = report(out);
  t.equal(rep.status, 'error');
  t.match(rep.reason, /^interrupted while synthesizing: \d+ of 120 clips ready; nothing ran$/);
  t.same(rep.clips, [], 'no clip ran');
  t.match(rep.errors, [{ kind: 'interrupted' }]);
  await noneLeft(t, run.marker, 'synthesis');
});

t.test('SIGTERM during the build: exit 130, the build stopped, the report says so', async (t) => {
  const dir = t.testdir({ 's.yaml': selftest({ firmware: '{ path: fw, build: "echo building; sleep 60", elf: fw.elf }' }), fw: {} });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  await waitFor('the build started', () => existsSync(join(out, 'build.log')) && readFileSync(join(out, 'build.log'), 'utf8').includes('building'));
  process.kill(run.child.pid!, 'SIGTERM');
  const r = await run.done;
  t.equal(r.code, 130, `${r.stdout}\n${r.stderr}`);
  const rep = report(out);
  t.match(rep.reason, /^interrupted; 0 of 12 clips had finished$/);
  t.ok(rep.clips.every((c) => c.status === 'skipped' && /the external firmware build was interrupted/.test(c.reason ?? '')), 'every clip: not run, and why');
  t.match(runLog(out), /the external firmware build was interrupted: echo building; sleep 60/);
  await noneLeft(t, run.marker, 'build');
});

t.test('SIGINT while the host reference runs: exit 130, and parity is not passed', async (t) => {
  // One clip hangs on the device and on the host build alike, so the reference is still running when the signal comes.
  const inputs = `  - files: ["${join(CLIPS, 'seg0', 'seg0-0.wav')}"]\n  - files: ["${join(CLIPS, 'seg1', 'seg1-0.wav')}"]\n    args: { hang: 1 }`;
  const dir = t.testdir({ 's.yaml': selftest({ inputs, timeouts: '{ boot: 10s, clip: 3s }', budgets: '  parity: exact' }) });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out]);
  await waitFor('the reference running', () => /reference: host build/.test(runLog(out)));
  process.kill(run.child.pid!, 'SIGINT');
  const r = await run.done;
  t.equal(r.code, 130, `${r.stdout}\n${r.stderr}`);
  const parity = report(out).budgets.find((b) => b.name === 'parity');
  t.match(parity, { status: 'error', measured: null, reason: /^parity: not measured: the host reference was interrupted after \d of 2 clips$/ });
  await noneLeft(t, run.marker, 'reference');
});

t.test('the run signal takes a listener per worker and more: no MaxListenersExceededWarning', async (t) => {
  // Node warns past 10 listeners on one AbortSignal; 6 workers add more than that, each removed when done.
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  const stop = installInterrupts(() => undefined);
  try {
    const listeners = Array.from({ length: 6 * 2 }, () => () => undefined);
    for (const l of listeners) stop.signal.addEventListener('abort', l);
    // process.emitWarning emits on the next tick.
    await new Promise((r) => setImmediate(r));
    for (const l of listeners) stop.signal.removeEventListener('abort', l);
  } finally {
    stop.dispose();
    process.off('warning', onWarning);
  }
  t.same(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')), []);
});

t.test('timeouts.run running out during the build: exit 1, timed out, the report names the limit, not an interrupt', async (t) => {
  const dir = t.testdir({ 's.yaml': selftest({ firmware: '{ path: fw, build: "echo building; sleep 60", elf: fw.elf }', timeouts: '{ boot: 10s, clip: 10s, run: 1s }' }), fw: {} });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', out]);
  t.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const rep = report(out);
  t.equal(rep.status, 'timedout');
  t.equal(rep.reason, 'the run exceeded timeouts.run (1 s); 0 of 12 clips had finished');
  t.ok(rep.clips.length === 12 && rep.clips.every((c) => c.status === 'skipped' && c.reason === 'not run: the run exceeded timeouts.run (1 s) before the firmware was built'), 'every clip: not run, and why');
  t.same(rep.errors.filter((e) => e.kind === 'interrupted'), [], 'not an interrupt');
  await noneLeft(t, r.marker, 'run timeout in the build');
});

t.test('timeouts.run running out mid-clip with a parity budget: parity names the limit, not an interrupt', async (t) => {
  // The second clip hangs and the clip timeout is longer than the run's: the run's limit stops it.
  const inputs = `  - files: ["${join(CLIPS, 'seg0', 'seg0-0.wav')}"]\n  - files: ["${join(CLIPS, 'seg1', 'seg1-0.wav')}"]\n    args: { hang: 1 }`;
  const dir = t.testdir({ 's.yaml': selftest({ inputs, timeouts: '{ boot: 10s, clip: 600s, run: 15s }', budgets: '  parity: exact' }) });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', out]);
  t.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const rep = report(out);
  t.equal(rep.status, 'timedout');
  t.match(rep.reason, /^the run exceeded timeouts\.run \(15 s\); [01] of 2 clips had finished$/);
  t.match(rep.budgets.find((b) => b.name === 'parity'), { status: 'error', measured: null, reason: 'parity: not measured: the run exceeded timeouts.run (15 s) before the host reference ran' });
  t.same(rep.errors.filter((e) => e.kind === 'interrupted'), [], 'not an interrupt');
  await noneLeft(t, r.marker, 'run timeout');
});

t.test('Ctrl-C twice: every child killed at once, the report still written, no temp folder left', async (t) => {
  // A build that ignores SIGTERM (ignored signals carry over to its children): the first Ctrl-C
  // would wait out the grace period before SIGKILL; the second must not wait at all.
  const dir = t.testdir({ 's.yaml': selftest({ firmware: '{ path: fw, build: "trap \'\' TERM; echo building; sleep 60", elf: fw.elf }' }), fw: {} });
  const out = join(dir, 'out');
  const tmp = ownTmp(dir);
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out], { env: { TMPDIR: tmp } });
  await waitFor('the build started', () => existsSync(join(out, 'build.log')) && readFileSync(join(out, 'build.log'), 'utf8').includes('building'));
  process.kill(run.child.pid!, 'SIGINT');
  // One at a time: two signals sent together may arrive as one.
  await waitFor('the first Ctrl-C taken', () => run.stderr().includes('SIGINT: stopping'));
  process.kill(run.child.pid!, 'SIGINT');
  const r = await run.done;
  t.equal(r.code, 130, `${r.stdout}\n${r.stderr}`);
  t.match(r.stderr, /SIGINT again: killing every child now; the report is still written/);
  const rep = report(out);
  t.equal(rep.status, 'error');
  t.ok(rep.clips.length === 12 && rep.clips.every((c) => c.status === 'skipped'), 'every clip accounted for');
  t.ok(existsSync(join(out, 'junit.xml')), 'every report written');
  await noneLeft(t, run.marker, 'double Ctrl-C');
  t.same(tinyhilTemps(tmp), [], 'no tinyhil-* temp folder left');
});

for (const phase of ['mid-clip', 'mid-build'] as const) {
  t.test(`SIGKILL of the runner ${phase}: every child and temp folder goes with it`, async (t) => {
    const dir = phase === 'mid-clip'
      ? t.testdir({ 's.yaml': selftest({ timeouts: '{ boot: 10s, clip: 600s }', target: '{ audio_path: memory }', inputs: `  - files: ["${join(CLIPS, 'seg1', 'seg1-0.wav')}"]\n    args: { hang: 1 }` }) })
      : t.testdir({ 's.yaml': selftest({ firmware: '{ path: fw, build: "echo building; sleep 60 & sleep 60", elf: fw.elf }' }), fw: {} });
    const out = join(dir, 'out');
    const tmp = ownTmp(dir);
    const run = startCli(['run', join(dir, 's.yaml'), '--out', out], { env: { TMPDIR: tmp } });
    if (phase === 'mid-clip') await waitFor('qemu running the hung clip', () => /qemu pid \d+ connected/.test(runLog(out)) && markedProcesses(run.marker).length >= 2);
    else await waitFor('the build running', () => existsSync(join(out, 'build.log')) && readFileSync(join(out, 'build.log'), 'utf8').includes('building'));
    t.ok(markedProcesses(run.marker).length >= 2, 'children running');
    if (phase === 'mid-clip') t.ok(tinyhilTemps(tmp).length >= 1, 'and its temp folder (clip images, QMP socket) exists');
    process.kill(run.child.pid!, 'SIGKILL');
    const r = await run.done;
    t.equal(r.signal, 'SIGKILL');
    await noneLeft(t, run.marker, phase);
    await waitFor('temp folders removed', () => tinyhilTemps(tmp).length === 0, 20_000).catch(() => undefined);
    t.same(tinyhilTemps(tmp), [], 'no tinyhil-* temp folder left');
  });
}
