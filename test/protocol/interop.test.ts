/**
 * The TypeScript host against the C device library (host build of the selftest,
 * stdin/stdout), through a channel that corrupts, drops, duplicates and splits
 * bytes in both directions: every clip must still come back exactly right.
 */
import t, { type Test } from 'tap';
import { buildFirmware } from '../../src/build/make.js';
import { createHostTarget } from '../../src/targets/host/host.js';
import { DeviceSession } from '../../src/protocol/session.js';
import { selftestExpected, selftestVerifier } from '../../src/harness/selftest.js';
import type { Platform } from '../../src/config/schema.js';
import { Lossy, type Faults } from '../helpers/lossy.js';
import { tempDir } from '../helpers/tmp.js';

const platform = { name: 'host', cpu: 'cortex-m4', clock_hz: 1, memory: { flash: { start: 0, size: 1 }, ram: { start: 0, size: 1 } } } as Platform;
const logDir = tempDir(t, 'hil-interop-');

function clip(n: number, seed: number): Int16Array {
  const a = new Int16Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    // Zero runs and extremes stress the COBS framing.
    a[i] = i % 97 < 20 ? 0 : i % 251 === 0 ? -32768 : ((s >>> 16) & 0xffff) - 32768;
  }
  return a;
}

async function session(faults: { toDevice: Faults; toHost: Faults }, seed: number) {
  const exe = await buildFirmware({ firmware: { app: 'selftest' }, platform, baseDir: process.cwd(), logDir, timeoutMs: 120_000, host: true });
  const target = createHostTarget({ platform, elf: exe.elf, runDir: logDir, worker: seed, bootMs: 5000, log: () => undefined });
  const conn = await target.start();
  const down = new Lossy(seed, faults.toDevice);
  const up = new Lossy(seed + 1, faults.toHost);
  down.pipe(conn.output);
  conn.input.pipe(up);
  const s = new DeviceSession(up, down, { rtoMs: 50 });
  return { s, target, down, up };
}

async function roundTrips(t: Test, faults: { toDevice: Faults; toHost: Faults }, seed: number, clips: number) {
  const { s, target, down, up } = await session(faults, seed);
  try {
    const hello = await s.waitHello(10_000);
    t.equal(hello.fwName, 'selftest');
    t.equal(hello.board, 'host');
    t.equal(hello.cycleSource, 'host');
    for (let k = 0; k < clips; k++) {
      const samples = clip(3000 + k * 1711, seed * 100 + k);
      const r = await s.runClip({ clipId: k, samples, sampleRate: 16000, args: [k === 1 ? 2048 : 0, 0] }, 10_000);
      const exp = selftestExpected(samples);
      const mism = selftestVerifier.check({ id: `c${k}`, sampleRate: 16000, samples, args: { recurse_bytes: k === 1 ? 2048 : 0 } }, r, { labels: hello.labels, cycleInfo: { source: 'host', unit: 'ns', factor: 1 } });
      t.same(mism, [], `clip ${k}: ${samples.length} samples verified (crc ${exp.values.crc32})`);
    }
    return { stats: s.link.stats, down: down.hits, up: up.hits };
  } finally {
    s.close();
    await target.stop();
  }
}


t.test('clean channel', async (t) => {
  const r = await roundTrips(t, { toDevice: {}, toHost: {} }, 1, 4);
  t.equal(r.stats.retransmits, 0);
  t.equal(r.stats.corrupt, 0);
});

t.test('host to device: bit flips, drops and duplicates (the C receiver NAKs, the TS sender resends)', async (t) => {
  const r = await roundTrips(t, { toDevice: { flip: 0.0002, drop: 0.0002, dup: 0.0002 }, toHost: {} }, 2, 5);
  t.ok(r.down.flip + r.down.drop + r.down.dup > 5, `faults injected: ${JSON.stringify(r.down)}`);
  t.ok(r.stats.retransmits > 0, `host retransmitted ${r.stats.retransmits} frames`);
});

t.test('device to host: corrupted RESULT, ACK and LOG frames (the TS receiver NAKs, the C sender resends)', async (t) => {
  const r = await roundTrips(t, { toDevice: {}, toHost: { flip: 0.004, drop: 0.002 } }, 3, 6);
  t.ok(r.up.flip + r.up.drop > 0, `faults injected: ${JSON.stringify(r.up)}`);
  t.ok(r.stats.corrupt > 0 || r.stats.naksSent > 0, `host saw ${r.stats.corrupt} corrupt frames, sent ${r.stats.naksSent} NAKs`);
});

t.test('both directions at once', async (t) => {
  await roundTrips(t, { toDevice: { flip: 0.0005, drop: 0.0005 }, toHost: { flip: 0.002, drop: 0.001, dup: 0.001 } }, 4, 6);
});

t.test('garbage before HELLO and between frames is skipped', async (t) => {
  const { s, target, down } = await session({ toDevice: {}, toHost: {} }, 5);
  try {
    // Line noise towards the device, including bytes that look like frame starts.
    down.write(Buffer.from('\x02\x10\xff\xfe garbage \x00\x05\x01\x02\x03\x04\x00', 'latin1'));
    const hello = await s.waitHello(10_000);
    down.write(Buffer.alloc(3000, 0x41));
    down.write(Buffer.from([0]));
    const samples = clip(4000, 9);
    const r = await s.runClip({ clipId: 7, samples, sampleRate: 16000, args: [0, 0] }, 10_000);
    t.same(selftestVerifier.check({ id: 'g', sampleRate: 16000, samples }, r, { labels: hello.labels, cycleInfo: { source: 'host', unit: 'ns', factor: 1 } }), []);
  } finally {
    s.close();
    await target.stop();
  }
});

