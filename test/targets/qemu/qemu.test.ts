/**
 * The QEMU target with the real selftest firmware: boot-to-HELLO robustness
 * (the host sends nothing before READY), streaming a 32 KB clip after each of
 * 20 fresh boots, and the command line it builds; with a stand-in QEMU whose
 * QMP never answers, a start that still ends.
 */
import t from 'tap';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware } from '../../../src/build/make.js';
import { loadPlatform } from '../../../src/config/index.js';
import { createQemuTarget, qemuArgs } from '../../../src/targets/qemu/qemu.js';
import { DeviceSession } from '../../../src/protocol/session.js';
import { selftestVerifier } from '../../../src/harness/selftest.js';
import { ROOT } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const logDir = tempDir(t, 'hil-qemu-');

t.test('the command line: socket chardev, no -nographic, icount, the serial index', async (t) => {
  const platform = await loadPlatform(join(ROOT, 'platforms', 'mps2-an386.yaml'));
  const args = qemuArgs({ platform: { ...platform, qemu: { ...platform.qemu!, serial: 2 } }, elf: 'fw.elf', runDir: '.', worker: 0, bootMs: 1, log: () => undefined }, 4321);
  t.notOk(args.includes('-nographic'), 'never -nographic: it eats 0x01 bytes');
  t.match(args.join(' '), /-display none -nodefaults -icount shift=0/);
  t.match(args.join(' '), /-chardev socket,id=hil,host=127\.0\.0\.1,port=4321,nodelay=on -serial null -serial null -serial chardev:hil/);
  t.equal(args[args.indexOf('-kernel') + 1], 'fw.elf');
});

for (const name of ['mps2-an386', 'netduinoplus2']) {
  t.test(`${name}: ${name === "mps2-an386" ? 20 : 5} boots, a 32 KB clip streamed after each, every one within a few seconds`, async (t) => {
    const platform = await loadPlatform(join(ROOT, 'platforms', `${name}.yaml`));
    const fw = await buildFirmware({ firmware: { app: 'selftest' }, platform, baseDir: ROOT, logDir, timeoutMs: 180_000 });
    const samples = new Int16Array(16384);
    for (let i = 0; i < samples.length; i++) samples[i] = ((i * 7919) % 65536) - 32768;
    const boots = name === 'mps2-an386' ? 20 : 5;
    const times: number[] = [];
    for (let b = 0; b < boots; b++) {
      const target = createQemuTarget({ platform, elf: fw.elf, runDir: logDir, worker: b, bootMs: 10_000, log: () => undefined });
      const t0 = Date.now();
      try {
        const conn = await target.start();
        const s = new DeviceSession(conn.input, conn.output);
        s.link.flush();
        const hello = await s.waitHello(10_000);
        t.equal(hello.board, name);
        const r = await s.runClip({ clipId: b, samples, sampleRate: 16000, args: [0, 0] }, 10_000);
        const ci = target.cycleInfo(hello);
        // Its own words for its counts: the metrics and budgets repeat them, they know no target.
        t.match(ci, { unit: 'instructions', description: 'QEMU -icount shift=0: instruction-equivalent, not cycle-accurate', caveat: 'QEMU icount, not cycle-accurate' });
        t.same(selftestVerifier.check({ id: `boot${b}`, samples, sampleRate: 16000 }, r, { labels: hello.labels, cycleInfo: ci }), [], `boot ${b}: 32 KB clip verified`);
        s.close();
      } finally {
        await target.stop();
      }
      times.push(Date.now() - t0);
    }
    t.ok(Math.max(...times) < 20_000, `boot + 32 KB clip: max ${Math.max(...times)} ms, median ${times.sort((a, b) => a - b)[times.length >> 1]} ms`);
  });
}

t.test('a QMP that never answers cannot hang the start: the first clock reading is bounded by the boot timeout', async (t) => {
  // A stand-in qemu-system-arm: connects the UART like QEMU, opens the QMP socket, never greets on it.
  const dir = tempDir(t, 'hil-fakeqemu-');
  const script = join(dir, 'fake-qemu.mjs');
  writeFileSync(script, [
    "import { connect, createServer } from 'node:net';",
    'const a = process.argv.slice(2);',
    "const port = Number(/port=(\\d+)/.exec(a[a.indexOf('-chardev') + 1])[1]);",
    "const qmp = /^unix:([^,]+)/.exec(a[a.indexOf('-qmp') + 1])[1];",
    'createServer(() => undefined).listen(qmp, () => connect(port, "127.0.0.1"));',
    '',
  ].join('\n'));
  const bin = join(dir, 'qemu-system-arm');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
  chmodSync(bin, 0o755);
  const saved = process.env.QEMU;
  process.env.QEMU = bin;
  t.teardown(() => {
    if (saved === undefined) delete process.env.QEMU;
    else process.env.QEMU = saved;
  });
  const platform = await loadPlatform(join(ROOT, 'platforms', 'mps2-an386.yaml'));
  const lines: string[] = [];
  const target = createQemuTarget({ platform, elf: join(dir, 'unused.elf'), runDir: dir, worker: 7, bootMs: 5000, log: (l) => lines.push(l) });
  try {
    const conn = await target.start();
    t.ok(conn.input, 'started');
    t.equal(target.deviceClock?.last, undefined, 'no reading: the host\'s clock decides');
    t.match(lines, [/qemu pid \d+ connected/, /worker 7: qemu's QMP gave no instruction count within 5 s; clip timeouts count the host's time until it does/]);
  } finally {
    await target.stop();
  }
});

t.test('memory path layout: clips back to back, 4-byte aligned, refused past the region', async (t) => {
  const { layoutClips } = await import('../../../src/targets/target.js');
  const a = Int16Array.from([1, 2, 3]);
  const b = Int16Array.from([4, 5]);
  const { image, addrs } = layoutClips([a, b], 0x21000000, 64);
  t.same(addrs, [0x21000000, 0x21000008], '6 bytes round up to 8');
  t.same([...new Int16Array(image.buffer, image.byteOffset, 3)], [1, 2, 3]);
  t.same([...new Int16Array(image.buffer, image.byteOffset + 8, 2)], [4, 5]);
  t.throws(() => layoutClips([a, b], 0x21000000, 8), /2 clips take 12 bytes; the harness region holds 8/);
  const platform = await loadPlatform(join(ROOT, 'platforms', 'mps2-an386.yaml'));
  const args = qemuArgs({ platform, elf: 'fw.elf', runDir: '.', worker: 0, bootMs: 1, log: () => undefined }, 1, '/tmp/c.bin').join(' ');
  t.match(args, /-device loader,file=\/tmp\/c\.bin,addr=0x21000000,force-raw=on/);
});
