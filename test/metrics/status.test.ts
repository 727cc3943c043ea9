import t from 'tap';
import type { BudgetVerdict, ClipResult, InfraError } from '../../src/core/types.js';
import { EXIT, runStatus } from '../../src/metrics/status.js';

const clip = (id: string, over: Partial<ClipResult> = {}): ClipResult => ({ id, status: 'passed', wallMs: 1, ...over });
const verdict = (name: string, status: BudgetVerdict['status'], reason: string): BudgetVerdict => ({
  name, status, reason, measured: status === 'error' ? null : 1, budget: 1, unit: 'bytes', kind: 'max', source: 'test',
});
const ok = [clip('a.wav'), clip('b.wav'), clip('c.wav')];
const pass = [verdict('flash.max', 'passed', 'flash.max: measured 1 B (0.0 KiB) <= allowed 1 B (0.0 KiB)')];

t.test('exit codes', async (t) => {
  t.same(EXIT, { PASS: 0, FAIL: 1, BAD_INPUT: 2, INFRA: 3 });
});

t.test('passed: every clip passed, every budget passed', async (t) => {
  t.same(runStatus({ clips: ok, budgets: pass, errors: [] }), { status: 'passed', exitCode: 0 });
  t.same(runStatus({ clips: [...ok, clip('d.wav', { status: 'skipped' })], budgets: [], errors: [] }), { status: 'passed', exitCode: 0 }, 'some skipped is fine');
});

t.test('an infrastructure error wins over everything', async (t) => {
  const errors: InfraError[] = [{ kind: 'boot', message: 'no HELLO within 10 s' }, { kind: 'emulator', message: 'qemu exited with code 1' }];
  const failing = [verdict('stack.max', 'failed', 'stack.max: too big')];
  t.same(runStatus({ clips: [clip('a', { status: 'error', reason: 'x' })], budgets: failing, errors }), {
    status: 'error', exitCode: EXIT.INFRA, reason: 'boot: no HELLO within 10 s (and 1 more infrastructure errors)',
  });
  t.same(runStatus({ clips: ok, budgets: pass, errors: [{ kind: 'interrupted', message: 'SIGINT' }] }), { status: 'error', exitCode: 3, reason: 'interrupted: SIGINT' });
});

t.test('failed: a budget failed or could not be measured', async (t) => {
  const budgets = [
    ...pass,
    verdict('ram.peak.max', 'error', 'ram.peak.max: not measured: no clip reported a stack high-water mark'),
    verdict('stack.max', 'failed', 'stack.max: measured 2 B > allowed 1 B'),
  ];
  t.same(runStatus({ clips: ok, budgets, errors: [] }), {
    status: 'failed', exitCode: EXIT.FAIL, reason: 'ram.peak.max: not measured: no clip reported a stack high-water mark (and 1 more budget failures)',
  });
});

t.test('failed: a clip failed, timed out or errored', async (t) => {
  const clips = [clip('a.wav'), clip('b.wav', { status: 'timedout', reason: 'no RESULT within 5 s' }), clip('c.wav', { status: 'error' }), clip('d.wav', { status: 'timedout' })];
  t.same(runStatus({ clips, budgets: pass, errors: [] }), {
    status: 'failed', exitCode: 1, reason: '3 of 4 clips did not pass (2 timed out, 1 errored); first: b.wav: no RESULT within 5 s',
  });
  t.same(runStatus({ clips: [clip('x', { status: 'failed' })], budgets: [verdict('flash.max', 'failed', 'flash.max: over')], errors: [] }), {
    status: 'failed', exitCode: 1, reason: 'flash.max: over; 1 of 1 clips did not pass (1 failed); first: x (failed)',
  });
});

t.test('failed: no clip ran', async (t) => {
  t.same(runStatus({ clips: [], budgets: [], errors: [] }), { status: 'failed', exitCode: 1, reason: 'no clip ran: there were no clips' });
  t.same(runStatus({ clips: [clip('a', { status: 'skipped' }), clip('b', { status: 'skipped' })], budgets: [], errors: [] }), {
    status: 'failed', exitCode: 1, reason: 'no clip ran: all 2 were skipped',
  });
});
