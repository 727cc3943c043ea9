/**
 * StallWatch's verdicts, with the host's clock and the device's stepped by
 * hand: which of the two clocks ran decides between a firmware hang
 * (`timeout`), an emulator that stopped (`stalled`) and waiting on.
 */
import t from 'tap';
import { StallWatch, type DeviceClock } from '../../src/protocol/stall.js';

/** A device clock whose count the test sets; `answers: false` stands for an emulator that no longer replies. */
function device(rate = 1000) {
  const c = {
    count: 0,
    answers: true,
    last: undefined as number | undefined,
    rate,
    unit: 'instructions',
    async read() {
      if (!c.answers) return new Promise<number | undefined>(() => undefined);
      c.last = c.count;
      return c.count;
    },
  };
  return c satisfies DeviceClock;
}

function host() {
  const h = { ms: 0, now: () => h.ms };
  return h;
}

t.test('a device that runs on without answering, while the host waits as long: the firmware hangs (timeout)', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, h.now);
  t.equal(await w.check(5, 2), undefined, 'progress');
  d.count = 2000; // two device seconds
  h.ms = 500;
  t.equal(await w.check(5, 2), undefined, 'the device ran 2 s but the host only 0.5 s: Renode racing a sleeping CPU ahead, not yet a hang');
  h.ms = 1000;
  t.match(await w.check(5, 2), { kind: 'timeout', message: 'no answer from the device for 1 s of its own time (2000 instructions; 2 frames unacknowledged)' });
});

t.test('the host waits long but the device barely ran (a loaded host, a slow emulator): waiting on, then the backstop blames the emulator', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, h.now);
  await w.check(1, 0);
  d.count = 300;
  h.ms = 4000;
  t.equal(await w.check(1, 0), undefined, '4 s of the host, 0.3 s of the device');
  h.ms = 5000;
  t.match(await w.check(1, 0), { kind: 'stalled', message: /^the emulator made no progress: in 5 s the device neither answered nor ran 1 s of its own time \(300 instructions\)$/ });
});

t.test('a clock that stops answering stands still at its last reading (a SIGSTOPped QEMU answers no QMP)', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 200, device: d, backstopMs: 600 }, h.now);
  d.count = 100;
  await w.check(1, 0);
  d.answers = false;
  d.count = 10_000; // what it would say if it could
  h.ms = 400;
  t.equal(await w.check(1, 0), undefined);
  h.ms = 600;
  t.match(await w.check(1, 0), { kind: 'stalled' }, 'never a timeout: the device\'s time stood still');
});

t.test('progress starts both clocks again; a count that goes back (a reset) is measured from there', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, h.now);
  d.count = 50_000;
  await w.check(1, 0);
  d.count = 100;
  h.ms = 1500;
  t.equal(await w.check(1, 0), undefined, 'after the reset the device has run 0 s, not -49.9 s or 49.9 s');
  d.count = 900;
  t.equal(await w.check(1, 0), undefined, '0.8 s since the reset');
  d.count = 5000;
  t.equal(await w.check(2, 0), undefined, 'an answer: everything starts again');
  h.ms = 2400;
  d.count = 10_000;
  t.equal(await w.check(2, 0), undefined, 'the device ran 5 s, the host 0.9 s');
  h.ms = 2500;
  t.match(await w.check(2, 0), { kind: 'timeout' });
});

t.test('no device clock (the host build, a real board): the host\'s time is the limit', async (t) => {
  const h = host();
  const w = new StallWatch({ ms: 1000 }, h.now);
  await w.check(0, 3);
  h.ms = 999;
  t.equal(await w.check(0, 3), undefined);
  h.ms = 1000;
  t.same(await w.check(0, 3), { kind: 'timeout', message: 'no answer from the device for 1 s (3 frames unacknowledged)' });
});

t.test('a clock that never answered: the host\'s time decides', async (t) => {
  const d = device();
  d.answers = false;
  const h = host();
  const w = new StallWatch({ ms: 200, device: d }, h.now);
  await w.check(0, 0);
  h.ms = 200;
  t.match(await w.check(0, 0), { kind: 'timeout', message: /^no answer from the device for 200 ms \(/ });
});
