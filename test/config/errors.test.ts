import t from 'tap';
import { ConfigError, describeValue, formatPath, quote } from '../../src/config/errors.js';

t.test('ConfigError message formats', async (t) => {
  const e = new ConfigError('scenarios/kws.yaml', 14, 5, ['budgets', 'latency', 'p95', 'max'], 'budgets.latency.p95.max must be positive; got -3');
  t.equal(e.message, 'scenarios/kws.yaml:14:5: budgets.latency.p95.max must be positive; got -3');
  t.equal(e.name, 'ConfigError');
  t.ok(e instanceof Error);
  t.same([e.file, e.line, e.col, e.path, e.detail], ['scenarios/kws.yaml', 14, 5, ['budgets', 'latency', 'p95', 'max'], 'budgets.latency.p95.max must be positive; got -3']);

  const whole = new ConfigError('x.yaml', undefined, undefined, [], 'cannot read: ENOENT: no such file or directory');
  t.equal(whole.message, 'x.yaml: cannot read: ENOENT: no such file or directory');
  t.equal(whole.col, undefined);

  const multi = new ConfigError('x.yaml', 2, 1, [], 'invalid YAML: bad\n\n  a: b\n  ^^^\n');
  t.equal(multi.message, 'x.yaml:2:1: invalid YAML: bad a: b ^^^', 'always one line');
});

t.test('formatPath', async (t) => {
  t.equal(formatPath([]), '');
  t.equal(formatPath(['budgets', 'latency', 'p95', 'max']), 'budgets.latency.p95.max');
  t.equal(formatPath(['inputs', 1, 'files', 0]), 'inputs[1].files[0]');
  t.equal(formatPath(['budgets', 'recall', 'classes', '_silence_']), 'budgets.recall.classes._silence_');
  t.equal(formatPath(['budgets', 'recall', 'classes', 'two words']), 'budgets.recall.classes["two words"]');
  t.equal(formatPath(['$schema']), '$schema');
  t.equal(formatPath(['a', '0']), 'a["0"]', 'a key that looks like an index is quoted');
});

t.test('describeValue', async (t) => {
  t.equal(describeValue(-3), '-3');
  t.equal(describeValue('-3'), '"-3"');
  t.equal(describeValue(true), 'true');
  t.equal(describeValue(null), 'an empty value');
  t.equal(describeValue(undefined), 'nothing');
  t.equal(describeValue([]), 'an empty list');
  t.equal(describeValue([1]), 'a list of 1 item');
  t.equal(describeValue([1, 2]), 'a list of 2 items');
  t.equal(describeValue({}), 'an empty mapping');
  t.equal(describeValue({ app: 1, elf: 2 }), 'a mapping with keys app, elf');
  t.equal(describeValue({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 }), 'a mapping with keys a, b, c, d, e, f, ...');
  t.equal(describeValue('a\nb'), '"a\\nb"', 'escaped, one line');
  t.equal(describeValue('x'.repeat(100)), `"${'x'.repeat(55)}..."`);
  t.equal(quote('x'.repeat(100)).length, 60);
});
