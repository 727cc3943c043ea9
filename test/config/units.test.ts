import t from 'tap';
import { parseDurationMs, parseFraction, parseLatency, parseSize } from '../../src/config/units.js';

const SIZE_SHAPE = 'must be a number of bytes or a size like "64KiB", "60.4KB", "1MiB"';
const WHOLE = 'must be a whole number of bytes, or a size like "1.5MiB"';

t.test('parseSize', async (t) => {
  const cases: [unknown, number | string][] = [
    [65536, 65536],
    [0, 0],
    ['0', 0],
    ['64KiB', 65536],
    ['64 KiB', 65536],
    [' 12 ', 12],
    ['12B', 12],
    ['64kib', 65536],
    ['64k', 65536],
    ['2M', 2 * 1024 * 1024],
    ['60.4KB', 60400],
    ['0.5KiB', 512],
    ['1.0001KiB', 1024], // rounded down
    ['1MiB', 1048576],
    ['1GB', 1e9],
    ['1GiB', 2 ** 30],
    [1.5, WHOLE],
    ['1.5', WHOLE],
    ['1.5B', WHOLE],
    [-1, `${SIZE_SHAPE}, not negative`],
    [Infinity, `${SIZE_SHAPE}, not negative`],
    [NaN, `${SIZE_SHAPE}, not negative`],
    ['64 kilobytes', 'has an unknown size unit "kilobytes" (allowed: B, KiB, MiB, GiB, KB, MB, GB, K (KiB), M (MiB))'],
    ['KiB', SIZE_SHAPE],
    ['', SIZE_SHAPE],
    ['-5KiB', SIZE_SHAPE],
    ['1e3', SIZE_SHAPE],
    ['0x100', SIZE_SHAPE],
    [true, SIZE_SHAPE],
    [null, SIZE_SHAPE],
    ['99999999999GiB', 'is too large'],
    [2 ** 60, 'is too large'],
  ];
  for (const [input, expected] of cases) t.equal(parseSize(input), expected, JSON.stringify(input) ?? String(input));
});

t.test('parseDurationMs', async (t) => {
  const SHAPE = 'must be a duration like "40ms", "1.5s" or "300us"';
  const cases: [unknown, number | string][] = [
    ['40ms', 40],
    ['1.5s', 1500],
    ['10 s', 10000],
    ['10S', 10000],
    ['10MS', 10],
    ['300us', 0.3],
    ['300µs', 0.3],
    ['5ns', 5e-6],
    ['2m', 120000],
    ['2min', 120000],
    ['1h', 3600000],
    ['0s', 0],
    [10, `${SHAPE} (a bare number is ambiguous: add a unit)`],
    ['10', SHAPE],
    ['', SHAPE],
    ['s', SHAPE],
    ['-1s', SHAPE],
    [null, SHAPE],
    ['1d', 'has an unknown time unit "d" (allowed: ns, us, ms, s, m (or min), h)'],
  ];
  for (const [input, expected] of cases) t.equal(parseDurationMs(input), expected, String(input));
});

t.test('parseFraction', async (t) => {
  const SHAPE = 'must be a fraction between 0 and 1 or a percentage like "90%"';
  const RANGE = 'must be between 0 and 1 (or 0% and 100%)';
  const cases: [unknown, number | string][] = [
    [0.9, 0.9],
    [0, 0],
    [1, 1],
    ['90%', 0.9],
    [' 90 % ', 0.9],
    ['100%', 1],
    ['0%', 0],
    ['12.5%', 0.125],
    ['150%', RANGE],
    [1.5, RANGE],
    [-0.1, RANGE],
    [NaN, RANGE],
    ['0.9', SHAPE],
    ['-5%', SHAPE],
    ['%', SHAPE],
    [true, SHAPE],
  ];
  for (const [input, expected] of cases) t.equal(parseFraction(input), expected, String(input));
});

t.test('parseLatency', async (t) => {
  const BAD = 'must be a positive number of cycles or a duration like "40ms"';
  t.same(parseLatency(2000000), { cycles: 2000000 });
  t.same(parseLatency(0.5), { cycles: 0.5 });
  t.same(parseLatency('40ms'), { ms: 40 });
  t.same(parseLatency('1.5 s'), { ms: 1500 });
  for (const bad of [0, -3, Infinity, NaN, '0ms', '-3', '40', 'fast', null, [], {}]) t.equal(parseLatency(bad), BAD, JSON.stringify(bad) ?? String(bad));
});
