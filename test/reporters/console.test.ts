import t from 'tap';
import { join } from 'node:path';
import { ConsoleReporter, consoleSummary } from '../../src/reporters/console.js';
import { clip, context, emptyReport, failingBudgetsReport, infraErrorReport, passingReport, timedOutReport, ANSI, capture } from './fixtures/reports.js';
import type { RunReport } from '../../src/core/types.js';

/** Runs the reporter like the set would and returns the printed text. */
async function summary(r: RunReport, opts: { isTTY?: boolean; env?: NodeJS.ProcessEnv; runDir?: string } = {}) {
  const out = capture();
  const rep = new ConsoleReporter({ write: out.write, env: opts.env ?? {} });
  rep.onBegin(context(opts.runDir ?? '/nonexistent/run', { isTTY: opts.isTTY ?? false }));
  rep.onEnd(r);
  return out.text();
}
const lineOf = (text: string, start: string) => text.split('\n').find((l) => l.trimStart().startsWith(start));

t.test('passing run: key lines, plain ASCII when not a TTY', async (t) => {
  const text = await summary(passingReport());
  t.notMatch(text, ANSI);
  t.ok(/^[\x20-\x7e\n]*$/.test(text), 'ASCII only');
  t.equal(lineOf(text, 'Scenario:'), '  Scenario:  kws-smoke (scenarios/kws-smoke.yaml)');
  t.equal(lineOf(text, 'Platform:'), '  Platform:  stm32f746-renode (cortex-m7 @ 216 MHz, RAM 327,680 B (320 KiB), flash 1,048,576 B (1 MiB))');
  t.equal(lineOf(text, 'Device:'), '  Device:    kws 1.2.0 on nucleo-f746, cycle source dwt (cycles)');
  t.equal(lineOf(text, 'Clips:'), '  Clips:     4 passed, 0 failed, 0 timed out, 0 error (4 total)');
  t.equal(lineOf(text, 'Accuracy:'), '  Accuracy:  100% (4/4), 95% CI 51.01%..100%');
  t.equal(lineOf(text, 'Latency:'), '  Latency:   p50 1,234,567 cycles (5.716 ms), p95 1,300,000 cycles (6.019 ms), max 1,310,000 cycles (6.065 ms) [dwt]');
  t.equal(lineOf(text, 'Peak RAM:'), '  Peak RAM:  58,000 B (56.6 KiB) = static 46,020 B + stack 11,980 B + heap 0 B [linker + stack painting]');
  t.equal(lineOf(text, 'Flash:'), '  Flash:     301,234 B (294.2 KiB) [linker map]');
  t.equal(lineOf(text, 'Stack:'), '  Stack:     11,980 B (11.7 KiB) [stack painting]');
  t.equal(lineOf(text, 'Budgets'), 'Budgets (3/3 passed)');
  t.equal(lineOf(text, '[PASS]  latency'), '  [PASS]  latency.p95.max  1,300,000 cycles  <= 2,000,000 cycles');
  t.equal(lineOf(text, '[PASS]  recall'), '  [PASS]  recall.min[yes]  95%               >= 90%');
  t.notMatch(text, /Clip failures|Infrastructure errors|Budgets not passed/);
  t.ok(text.endsWith('\nkws-smoke PASSED\n'));
});

t.test('failing budgets: table marks, reasons, clip failures, verdict last', async (t) => {
  const text = await summary(failingBudgetsReport());
  t.equal(lineOf(text, 'Budgets ('), 'Budgets (1/4 passed)');
  t.equal(lineOf(text, '[FAIL]   ram'), '  [FAIL]   ram.peak.max     61,234 B          <= 60,000 B');
  t.equal(lineOf(text, '[ERROR]  recall'), '  [ERROR]  recall.min[yes]  n/a               >= 90%');
  t.equal(lineOf(text, '[SKIP]   energy'), '  [SKIP]   energy.max       n/a               <= 5 mJ');
  t.match(text, /\nBudgets not passed\n  \[FAIL\] ram\.peak\.max \(failed\): measured 61234 B > allowed 60000 B \[stack painting \+ linker regions\]\n  \[ERROR\] recall\.min\[yes\] \(error\): no labelled clip/);
  t.match(text, /\nClip failures \(1\)\n  \[FAIL\] yes\/2\.wav \(failed\): predicted no, expected yes; mismatches: scores\[0\] expected 230 got 229\n/);
  t.ok(text.endsWith('\nkws-smoke FAILED: budget ram.peak.max: measured 61234 B > allowed 60000 B\n'));
});

t.test('timed-out clip and infrastructure errors are listed apart', async (t) => {
  const timed = await summary(timedOutReport());
  t.equal(lineOf(timed, 'Clips:'), '  Clips:     3 passed, 0 failed, 1 timed out, 0 error (4 total)');
  t.equal(lineOf(timed, '[FAIL] unknown'), '  [FAIL] unknown/1.wav (timedout): no RESULT within 5000 ms');
  const infra = await summary(infraErrorReport(), { runDir: '/runs/7' });
  t.match(infra, /\nInfrastructure errors \(2\)\n  \[ERROR\] link \(clip no\/1\.wav\): CRC mismatch in RESULT frame frame 12: 0xdeadbeef != 0x0badf00d \[logs: \/runs\/7\/logs\/worker-1\.log\]\n  \[ERROR\] emulator: renode exited with code 139 \(SIGSEGV\) \[logs: /);
  t.notMatch(infra, ANSI, 'escapes inside messages are stripped too');
  // A log path that is already absolute is printed as it is, not joined onto the run folder again.
  const abs = infraErrorReport();
  abs.errors = [{ kind: 'boot', message: 'no HELLO', logs: ['/runs/7/renode-w0-1.log', 'qemu-w0.log'] }];
  t.match(await summary(abs, { runDir: '/runs/7' }), /\n  \[ERROR\] boot: no HELLO \[logs: \/runs\/7\/renode-w0-1\.log, \/runs\/7\/qemu-w0\.log\]\n/);
  t.ok(infra.indexOf('Clip failures') < infra.indexOf('Infrastructure errors'));
});

t.test('clip failures are capped with "and N more"', async (t) => {
  const r = failingBudgetsReport();
  r.clips = Array.from({ length: 27 }, (_, i) => clip(`yes/${i}.wav`, { status: 'failed', reason: `miss ${i}` }));
  const text = await summary(r);
  t.match(text, /Clip failures \(27\)/);
  t.equal(text.split('\n').filter((l) => /^  \[FAIL\] yes\//.test(l)).length, 20);
  t.match(text, /miss 19\n  \.\.\. and 7 more \(see results\.jsonl\)\n/);
  t.notMatch(text, /miss 20/);
  const out = capture();
  const rep = new ConsoleReporter({ write: out.write, env: {}, maxClipFailures: 5 });
  rep.onEnd(r);
  t.match(out.text(), /and 22 more/);
});

t.test('empty run: no device, no accuracy, no budgets', async (t) => {
  const text = await summary(emptyReport());
  t.equal(lineOf(text, 'Device:'), '  Device:    unknown (no HELLO from the device)');
  t.equal(lineOf(text, 'Accuracy:'), '  Accuracy:  n/a (no labelled clip with a prediction)');
  t.equal(lineOf(text, 'Budgets'), 'Budgets: none declared');
  t.notOk(lineOf(text, 'Latency:'));
  t.ok(text.endsWith('\nkws-smoke ERROR: build failed\n'));
});

t.test('report paths: only files that exist are listed', async (t) => {
  const dir = t.testdir({ 'report.json': '{}', 'junit.xml': '<x/>', logs: { 'build.log': '' } });
  const text = await summary(passingReport(), { runDir: dir });
  t.equal(lineOf(text, 'report.json:'), `  report.json:  ${join(dir, 'report.json')}`);
  t.equal(lineOf(text, 'junit.xml:'), `  junit.xml:    ${join(dir, 'junit.xml')}`);
  t.equal(lineOf(text, 'logs:'), `  logs:         ${join(dir, 'logs')}`);
  t.notOk(lineOf(text, 'results.jsonl:'));
  t.equal(lineOf(text, 'run folder:'), `  run folder:   ${dir}`);
});

t.test('colour and symbols only on a TTY without NO_COLOR', async (t) => {
  const tty = await summary(failingBudgetsReport(), { isTTY: true });
  t.match(tty, ANSI);
  t.match(tty, /\x1b\[32m✔\x1b\[0m  latency\.p95\.max/);
  t.match(tty, /\x1b\[31m✘\x1b\[0m  ram\.peak\.max  /);
  t.match(tty, /≤ 60,000 B/);
  t.match(tty, /95% CI 30\.06%–95\.44%/);
  const noColor = await summary(failingBudgetsReport(), { isTTY: true, env: { NO_COLOR: '1' } });
  t.notMatch(noColor, ANSI);
  t.equal(noColor, await summary(failingBudgetsReport(), { isTTY: false }));
  // no-color.org: an empty NO_COLOR does not disable colour.
  t.match(await summary(passingReport(), { isTTY: true, env: { NO_COLOR: '' } }), ANSI);
  t.match(consoleSummary(passingReport(), undefined, true), ANSI);
  t.notMatch(consoleSummary(passingReport(), undefined, false), ANSI);
});
