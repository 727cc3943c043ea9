import t from 'tap';
import { budgetFigures, budgetPair, clipFailureText, fmtBytes, fmtDuration, fmtNum, fmtPct, fmtQuantity, oneLine, sanitize } from '../../src/reporters/format.js';
import { budget, clip } from './fixtures/reports.js';

t.test('numbers are grouped and locale-independent', async (t) => {
  t.equal(fmtNum(1234567), '1,234,567');
  t.equal(fmtNum(-1234567.25), '-1,234,567.25');
  t.equal(fmtNum(5.7156), '5.72');
  t.equal(fmtNum(5.7156, 3), '5.716');
  t.equal(fmtNum(12), '12');
  t.equal(fmtNum(-0.001), '0');
  t.equal(fmtNum(999.999), '1,000');
  t.equal(fmtPct(0.9), '90%');
  t.equal(fmtPct(0.123456), '12.35%');
  t.equal(fmtBytes(1000), '1,000 B');
  t.equal(fmtBytes(61234), '61,234 B (59.8 KiB)');
  t.equal(fmtBytes(1048576), '1,048,576 B (1 MiB)');
});

t.test('durations', async (t) => {
  t.equal(fmtDuration(850), '850 ms');
  t.equal(fmtDuration(12345), '12.3 s');
  t.equal(fmtDuration(125_000), '2 min 05 s');
  t.equal(fmtDuration(NaN), 'n/a');
});

t.test('budget figures never look equal when they differ', async (t) => {
  t.same(budgetPair(budget.recall({ measured: 0.8999, budget: 0.9 })), ['89.99%', '90%']);
  t.same(budgetPair(budget.recall({ measured: 0.899999, budget: 0.9 })), ['89.9999%', '90%']);
  t.same(budgetPair(budget.latency({ measured: 2_000_000.4, budget: 2_000_000 })), ['2,000,000.4 cycles', '2,000,000 cycles']);
  t.same(budgetPair(budget.latency({ unit: 'ms', measured: 40.0004, budget: 40 })), ['40.0004 ms', '40 ms']);
  t.same(budgetPair(budget.ram({ measured: null })), ['n/a', '60,000 B']);
  t.equal(budgetFigures(budget.ram({ measured: 61234 })), 'measured 61,234 B, allowed <= 60,000 B');
  t.equal(budgetFigures(budget.recall(), true), 'measured 95%, allowed ≥ 90%');
  t.equal(fmtQuantity(1e6, 'instructions'), '1,000,000 instr');
  t.equal(fmtQuantity(3, 'mJ'), '3 mJ');
});

t.test('clip failure text', async (t) => {
  t.equal(clipFailureText(clip('yes/1.wav', { status: 'failed', predicted: 'no', reason: 'wrong label' })), 'wrong label; expected yes, predicted no');
  t.equal(clipFailureText(clip('yes/1.wav', { status: 'failed', predicted: null, reason: undefined })), 'failed; expected yes, predicted none');
  t.equal(
    clipFailureText(clip('x/1.wav', { status: 'error', reason: 'crc\nmismatch', mismatches: [{ field: 'crc32', expected: '1', actual: '2' }, { field: 'sum', expected: '3', actual: '4' }] })),
    'crc mismatch; mismatches: crc32 expected 1 got 2; sum expected 3 got 4',
  );
});

t.test('sanitize strips escapes and control characters', async (t) => {
  t.equal(sanitize('\x1b[1;31mred\x1b[0m\x00\x07 ok\n\tnext'), 'red ok\n\tnext');
  t.equal(oneLine('  a\r\n  b  \n'), 'a b');
});
