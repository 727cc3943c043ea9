/**
 * StallWatch's verdicts, with the host's clock and the device's stepped by
 * hand: which of the two clocks ran decides between a firmware hang
 * (`timeout`), an emulator that stopped (`stalled`) and waiting on. Where it
 * matters when a verdict comes, the test counts the checks (each one `every`
 * of the stepped host clock), never wall-clock time.
 */
import t from 'tap';
import { readWithin, StallWatch, type DeviceClock, type StallVerdict } from '../../src/protocol/stall.js';

/**
 * A device clock whose count the test sets; `answers: false` stands for an emulator that no longer
 * replies. `runsWhileAsleep`: false like QEMU's instructions, true like Renode's virtual time.
 */
function device(rate = 1000, runsWhileAsleep = false) {
  const c = {
    count: 0,
    answers: true,
    last: undefined as number | undefined,
    rate,
    unit: 'instructions',
    runsWhileAsleep,
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

/** Checks every `w.every` of host time, `step` moving the device before each, until a verdict: which check gave it. */
async function ticksUntil(w: StallWatch, h: { ms: number }, step: () => void = () => undefined, progress = 0): Promise<{ tick: number; v: StallVerdict }> {
  for (let tick = 1; tick <= 1000; tick++) {
    h.ms += w.every;
    step();
    const v = await w.check(progress, 1);
    if (v) return { tick, v };
  }
  throw new Error('no verdict in 1000 checks');
}

t.test('a device that runs on without answering, while the host waits as long: the firmware hangs (timeout)', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
  t.equal(await w.check(5, 2), undefined, 'progress');
  d.count = 2000; // two device seconds
  h.ms = 500;
  t.equal(await w.check(5, 2), undefined, 'the device ran 2 s but the host only 0.5 s: Renode racing a sleeping CPU ahead, not yet a hang');
  h.ms = 1000;
  t.match(await w.check(5, 2), { kind: 'timeout', message: 'no answer from the device for 1 s of its own time (2000 instructions; 2 frames unacknowledged)' });
});

t.test('the first check already measures from the clip\'s start: a hang is called at `ms`, not one check later', async (t) => {
  const h = host();
  const plain = new StallWatch({ ms: 1000 }, 7, h.now);
  t.equal(plain.every, 250);
  t.match(await ticksUntil(plain, h, undefined, 7), { tick: 4, v: { kind: 'timeout' } }, 'no device clock: the 4th check, at 1 s');

  // The device left at 50k instructions by earlier clips; it runs at the host's pace.
  const d = device();
  d.count = 50_000;
  const h2 = host();
  const w = new StallWatch({ ms: 1000, device: d }, 7, h2.now);
  const r = await ticksUntil(w, h2, () => (d.count += 250), 7);
  t.match(r, { tick: 4, v: { kind: 'timeout', message: /\(1000 instructions; / } }, 'device time too counts from the clip\'s start: 1 s of it by the 4th check');
});

t.test('the host waits long but the device barely ran (a loaded host, a slow emulator): waiting on while its clock moves, then its own time decides', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
  await w.check(1, 0);
  d.count = 300;
  h.ms = 4000;
  t.equal(await w.check(1, 0), undefined, '4 s of the host, 0.3 s of the device');
  h.ms = 5000;
  t.equal(await w.check(1, 0), undefined, 'past the backstop, but the clock moved 1 s ago: a slowed emulator is waited for');
  d.count = 1000;
  h.ms = 7000;
  t.match(await w.check(1, 0), { kind: 'timeout', message: /^no answer from the device for 1 s of its own time \(1000 instructions; / }, 'the firmware\'s timeout, on its own time');
});

t.test('a clock that moved, then stood still for the backstop: the emulator is blamed', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
  await w.check(1, 0);
  d.count = 300;
  h.ms = 4000;
  t.equal(await w.check(1, 0), undefined);
  h.ms = 8900;
  t.equal(await w.check(1, 0), undefined, 'still within 5 s of its last movement');
  h.ms = 9000;
  t.match(await w.check(1, 0), { kind: 'stalled', message: /^the emulator made no progress: in 9 s the device neither answered nor ran 1 s of its own time \(300 instructions\)$/ });
});

t.test('a clock that answers but stands still, on a clock that stops while the CPU sleeps (QEMU): the firmware sleeps for good (timeout at the backstop)', async (t) => {
  const d = device();
  d.count = 9000;
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
  const r = await ticksUntil(w, h);
  t.equal(r.tick, 20, 'not before the backstop (5 s = 20 checks): a stopped emulator looks the same until then');
  t.same(r.v, {
    kind: 'timeout',
    message: 'no answer from the device for 5 s, and its clock answers but has not moved for 5 s (0 instructions run): the device is asleep or waiting for an interrupt (1 frames unacknowledged)',
  });

  const d2 = device();
  const h2 = host();
  const w2 = new StallWatch({ ms: 1000, device: d2 }, 0, h2.now);
  t.equal(await w2.check(3, 0), undefined, 'the device\'s last word');
  h2.ms = 250;
  d2.count = 40; // the few instructions it ran after it, before it slept
  t.equal(await w2.check(3, 0), undefined);
  t.match(await ticksUntil(w2, h2, undefined, 3), { tick: 19, v: { kind: 'timeout', message: /has not moved for 4\.8 s \(40 instructions run\): the device is asleep or waiting for an interrupt/ } }, 'a little running after its last word is still asleep');
});

t.test('the same standing clock where time runs while the CPU sleeps (Renode): the emulator, not the firmware (stalled)', async (t) => {
  const d = device(1e9, true);
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
  t.match(await ticksUntil(w, h), { tick: 20, v: { kind: 'stalled', message: /^the emulator made no progress: in 5 s / } });
});

t.test('a clock that stops answering stands still at its last reading (a SIGSTOPped QEMU answers no QMP): stalled, never asleep', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 200, device: d, backstopMs: 600 }, 0, h.now);
  d.count = 100;
  await w.check(1, 0);
  d.answers = false;
  d.count = 10_000; // what it would say if it could
  h.ms = 400;
  t.equal(await w.check(1, 0), undefined);
  h.ms = 600;
  t.match(await w.check(1, 0), { kind: 'stalled' }, 'never a timeout: the device\'s time stood still, and its clock said nothing');
});

t.test('progress starts both clocks again; a count that goes back (a reset) is measured from there', async (t) => {
  const d = device();
  const h = host();
  const w = new StallWatch({ ms: 1000, device: d }, 0, h.now);
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
  const w = new StallWatch({ ms: 1000 }, 0, h.now);
  t.equal(await w.check(0, 3), undefined);
  h.ms = 999;
  t.equal(await w.check(0, 3), undefined);
  h.ms = 1000;
  t.same(await w.check(0, 3), { kind: 'timeout', message: 'no answer from the device for 1 s (3 frames unacknowledged)' });
});

t.test('a clock that never answered: the host\'s time decides', async (t) => {
  const d = device();
  d.answers = false;
  const h = host();
  const w = new StallWatch({ ms: 200, device: d }, 0, h.now);
  await w.check(0, 0);
  h.ms = 200;
  t.match(await w.check(0, 0), { kind: 'timeout', message: /^no answer from the device for 200 ms \(/ });
});

t.test('readWithin: the reading, or undefined from a clock that does not answer in time or fails', async (t) => {
  const d = device();
  d.count = 42;
  t.equal(await readWithin(d, 1000), 42);
  d.answers = false;
  t.equal(await readWithin(d, 20), undefined, 'never answers: given up after the bound');
  t.equal(await readWithin({ ...d, read: () => Promise.reject(new Error('QMP gone')) }, 1000), undefined, 'fails');
});
