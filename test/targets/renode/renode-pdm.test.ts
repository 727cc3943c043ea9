/**
 * The pdm audio path (the nRF52840's PDM microphone model on Renode), without
 * Renode: which platforms offer it and the located errors where they do not,
 * the commands the backend sends per clip (to the fake robot server) and the
 * exact bytes of the file it feeds the model, the refusal of firmware without
 * a microphone (on the host side from HELLO, on the device side with ERROR 7).
 * The microphone itself is exercised by renode-live.test.ts on a real Renode.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware } from '../../../src/build/make.js';
import { loadPlatform } from '../../../src/config/index.js';
import type { Platform } from '../../../src/config/schema.js';
import { DeviceSession } from '../../../src/protocol/session.js';
import { which } from '../../../src/proc/tools.js';
import { createHostTarget } from '../../../src/targets/host/host.js';
import { audioPathsFor, resolveAudioPath } from '../../../src/targets/registry.js';
import { micCommands, micFileSamples } from '../../../src/targets/renode/renode-commands.js';
import { createRenodeTarget } from '../../../src/targets/renode/renode.js';
import { ROOT, runCli } from '../../helpers/cli.js';
import { fakeRenode } from './fake-renode-bin.js';
import { buildSelftest, runRenode, selftestClips } from './renode-cases.js';
import { tempDir } from '../../helpers/tmp.js';

const work = tempDir(t, 'hil-renode-pdm-');
const shipped = (name: string) => loadPlatform(join(ROOT, 'platforms', `${name}.yaml`));
const qemu = which(['qemu-system-arm'], 'QEMU');
const needQemu = qemu ? {} : { skip: 'qemu-system-arm not found: the fake Renode runs the device on QEMU (bash scripts/setup.sh installs it)' };

t.test('pdm is offered where the platform declares a microphone, on Renode only, never picked by auto', async (t) => {
  const nrf = await shipped('nrf52840');
  t.equal(nrf.renode?.pdm, 'sysbus.pdm');
  t.same(audioPathsFor('renode', nrf), ['uart', 'memory', 'pdm']);
  t.equal(resolveAudioPath('pdm', 'renode', nrf), 'pdm');
  t.equal(resolveAudioPath('auto', 'renode', nrf), 'memory', 'auto stays on the faster memory path');
  const f4 = await shipped('stm32f4-discovery');
  t.throws(() => resolveAudioPath('pdm', 'renode', f4), {
    message: 'the pdm audio path is not available on target renode for platform stm32f4-discovery (available: uart, memory; the pdm path needs a microphone model: target renode and renode.pdm in the platform file (platforms/nrf52840.yaml has one))',
  });
  t.throws(() => resolveAudioPath('pdm', 'qemu', { ...nrf, qemu: { machine: 'x', instructions_per_tick: 1 } }), /the pdm audio path is not available on target qemu/);
});

t.test('the microphone file: the clip, then silence past any block the model reads, an even count', async (t) => {
  t.equal(micFileSamples(16000), 16000 + 4096);
  t.equal(micFileSamples(4000), 8096);
  t.equal(micFileSamples(3001), 3001 + 4096 + 1);
  t.equal(micFileSamples(0), 4096);
});

t.test('micCommands: reset the model, then queue the file', async (t) => {
  t.same(micCommands('sysbus.pdm', '/tmp/tinyhil-renode-x/mic-w0-1.raw'), ['sysbus.pdm Reset', 'sysbus.pdm SetInputFile @/tmp/tinyhil-renode-x/mic-w0-1.raw']);
});

t.test('a scenario asking for pdm on a platform without a microphone: a located config error, exit 2', async (t) => {
  const dir = t.testdir({
    platforms: { 'stm32f4-discovery.yaml': readFileSync(join(ROOT, 'platforms', 'stm32f4-discovery.yaml'), 'utf8') },
    's.yaml': [
      'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'target: { kind: renode, audio_path: pdm }', '',
    ].join('\n'),
  });
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'r')]);
  t.equal(r.code, 2, r.stdout + r.stderr);
  t.match(r.stdout + r.stderr, /s\.yaml:6:37: the pdm audio path is not available on target renode for platform stm32f4-discovery .*renode\.pdm in the platform file/);
  const cli = await runCli(['run', join(ROOT, 'scenarios', 'selftest-renode.yaml'), '--audio-path', 'pdm', '--out', join(dir, 'r2')]);
  t.equal(cli.code, 2);
  t.match(cli.stdout + cli.stderr, /--audio-path: the pdm audio path is not available on target renode for platform stm32f4-discovery/);
});

t.test('the C library without a microphone: HELLO has no pdm bit, a microphone clip is refused with ERROR 7', async (t) => {
  const platform = { name: 'host', cpu: 'cortex-m4', clock_hz: 1, memory: { flash: { start: 0, size: 1 }, ram: { start: 0, size: 1 } } } as Platform;
  const exe = await buildFirmware({ firmware: { app: 'selftest' }, platform, baseDir: ROOT, logDir: work, timeoutMs: 120_000, host: true });
  const target = createHostTarget({ platform, elf: exe.elf, runDir: work, worker: 0, bootMs: 5000, log: () => undefined });
  const conn = await target.start();
  const s = new DeviceSession(conn.input, conn.output);
  try {
    const hello = await s.waitHello(10_000);
    t.equal(hello.audioPaths & 4, 0, 'no pdm bit');
    await t.rejects(s.runClip({ clipId: 7, samples: new Int16Array(512), sampleRate: 16000, args: [0, 0], mic: true }, 5000), {
      kind: 'device-error', message: 'device error 7 (bad payload): no microphone on this port: clip 7',
    });
    // The link and the session go on: the next clip over the UART passes.
    const r = await s.runClip({ clipId: 8, samples: new Int16Array(512), sampleRate: 16000, args: [0, 0] }, 5000);
    t.equal(r.samples, 512);
  } finally {
    s.close();
    await target.stop();
  }
});

t.test('the Renode backend over pdm, against the fake robot server', needQemu, async (t) => {
  const fake = fakeRenode(work, 'renode-pdm', ['--device', 'qemu']);
  process.env.RENODE = fake.path;
  const base = await loadPlatform(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'));
  const platform: Platform = { ...base, renode: { ...base.renode!, pdm: 'sysbus.pdm' } };
  const elf = await buildSelftest(base, work);

  t.test('each clip: Reset then SetInputFile of a raw s16le file holding exactly the clip', async (t) => {
    const target = createRenodeTarget({ platform, elf, runDir: t.testdir(), worker: 0, bootMs: 30_000, log: () => undefined });
    try {
      t.same(audioPathsFor('renode', platform), ['uart', 'memory', 'pdm']);
      await target.start();
      for (const clip of selftestClips(3, -1, 3001)) {
        const before = fake.journal().length;
        await target.feedMic!(clip.samples);
        const sent = fake.journal().slice(before).map((e) => e.args[0]!);
        t.equal(sent.length, 2);
        t.equal(sent[0], 'sysbus.pdm Reset');
        const file = /^sysbus\.pdm SetInputFile @(\S+\/mic-w0-[01]\.raw)$/.exec(sent[1]!)?.[1];
        t.ok(file, String(sent[1]));
        const raw = readFileSync(file!);
        t.equal(raw.length, 2 * (3001 + 4096 + 1), `${clip.id}: two bytes per sample, no header; the clip, 4096 samples of silence, one more for an even count`);
        t.ok(clip.samples.every((v, i) => raw.readInt16LE(2 * i) === v), `${clip.id}: every sample, little-endian`);
        t.ok(raw.subarray(2 * 3001).every((b) => b === 0), `${clip.id}: the tail is silence`);
        t.same(fake.journal().slice(before).map((e) => e.status), ['PASS', 'PASS']);
      }
      t.same(target.describe().microphone, 'sysbus.pdm');
    } finally {
      await target.stop();
    }
  });

  t.test('the CLI over pdm: the report says pdm; firmware without a microphone is exit 2 with the reason', async (t) => {
    const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8');
    const dir = t.testdir({
      platforms: { 'stm32f4-discovery.yaml': `${fixture.trimEnd()}\n  pdm: sysbus.pdm\n` },
      's.yaml': [
        'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
        `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'target: { kind: renode, audio_path: pdm }', '',
      ].join('\n'),
    });
    const r = await runCli(['run', join(dir, 's.yaml'), '--renode', fake.path, '--out', join(dir, 'r'), '--reporter', 'json']);
    t.equal(r.code, 2, 'the firmware does not match the scenario: exit 2');
    const report = JSON.parse(readFileSync(join(dir, 'r', 'report.json'), 'utf8')) as { reason: string; target: { kind: string; audioPath: string } };
    t.same([report.target.kind, report.target.audioPath], ['renode', 'pdm'], 'the report says which path');
    t.match(report.reason, /^handshake: the firmware has no microphone \(HELLO audio_paths 3 lacks the pdm bit\)/);
  });

  t.test('firmware without a microphone is refused at HELLO, before any clip is fed', async (t) => {
    const before = fake.journal().length;
    const r = await runRenode(platform, elf, t.testdir(), selftestClips(2, -1, 2000), { audioPath: 'pdm' });
    t.match(r.outcome.handshakeError?.message, /^the firmware has no microphone \(HELLO audio_paths 3 lacks the pdm bit\): the pdm audio path needs a port built with HIL_PORT_HAS_MIC/);
    t.notOk(fake.journal().slice(before).some((e) => /SetInputFile/.test(e.args[0] ?? '')), 'nothing fed');
  });
});
