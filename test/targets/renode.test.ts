/**
 * The Renode target against the recordings of Renode 1.15.3: fake-renode.ts
 * replays the robot server (the recorded bytes where the recordings have the
 * exchange) and runs the stm32f4-discovery firmware on QEMU behind the UART
 * terminal. The same test bodies run against a real Renode in
 * renode-live.test.ts. Here: the commands and their order, the recorded FAIL
 * messages as tinyhil errors, the offline SVD failure carried through (both
 * ways the robot server might report it), the UART and memory audio paths,
 * a hung clip recovered by a reset in place, no process left, and the CLI
 * (--target renode, --renode, exit 3 with advice, target.optional).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../src/config/index.js';
import type { Platform } from '../../src/config/schema.js';
import { which } from '../../src/proc/tools.js';
import { createRenodeTarget } from '../../src/targets/renode.js';
import { markedProcesses, ROOT, runCli } from '../helpers/cli.js';
import {
  buildSelftest, hangRecovery, memorySelftest, missingElf, noLeftovers, normalise, runRenode, selftestClips, sentCommands, STM32F4_UART_BOOT, uartSelftest, unknownCommand,
} from './renode-cases.js';
import { rpcExchange } from './renode-recordings.js';
import { fakeRenode as makeFake } from './fake-renode-bin.js';
import { tempDir } from '../helpers/tmp.js';

const work = tempDir(t, 'hil-renode-');
const fakeRenode = (name: string, flags: string[]) => makeFake(work, name, flags);

const qemu = which(['qemu-system-arm'], 'QEMU');
const needQemu = qemu ? {} : { skip: 'qemu-system-arm not found: the fake Renode runs the device on QEMU (bash scripts/setup.sh installs it)' };
const platform: Platform = await loadPlatform(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'));
let elf = '';
const device = fakeRenode('renode-svd-fail', ['--device', 'qemu', '--svd', 'fail']);
process.env.RENODE = device.path;

t.before(async () => {
  elf = await buildSelftest(platform, work);
});

t.test('UART path: selftest clips verified, the commands in order, virtual cycles, instruction counts', needQemu, async (t) => {
  await uartSelftest(t, platform, elf, STM32F4_UART_BOOT, 4000);
  const j = device.journal();
  t.same(j.slice(0, 1).map((e) => e.method), ['get_keyword_names'], 'first: is it the robot server?');
  t.equal(j[0]!.body, rpcExchange('01').requestBody, 'get_keyword_names as recorded');
  t.equal(j[1]!.body, rpcExchange('02').requestBody, 'mach create: the recorded request, byte for byte');
  t.equal(j[3]!.body, rpcExchange('04').requestBody, 'the DWT line: the recorded request, byte for byte');
  t.equal(j.find((e) => e.args[0]?.startsWith('machine LoadPlatformDescription @'))!.status, 'FAIL', 'the SVD download failed (replied as FAIL here)');
  t.equal(j.at(-1)!.method, 'stop_remote_server', 'stopped politely');
});

t.test('offline SVD failure reported as PASS with the message: carried on the same way, and logged', needQemu, async (t) => {
  const pass = fakeRenode('renode-svd-pass', ['--device', 'qemu', '--svd', 'pass']);
  process.env.RENODE = pass.path;
  try {
    const r = await runRenode(platform, elf, t.testdir(), selftestClips(1, -1, 4000));
    t.same(r.outcome.results.map((c) => c.status), ['passed']);
    t.ok(r.log.some((l) => l.includes('renode: skipped ApplySVD https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz: the download failed (offline?)')), 'the run log says what was skipped');
    t.equal(pass.journal().find((e) => e.args[0]?.startsWith('machine LoadPlatformDescription @'))!.status, 'PASS');
  } finally {
    process.env.RENODE = device.path;
  }
});

t.test('memory path: batches of 2 clips (64 KiB region), LoadBinary + machine Reset in place, one Renode', needQemu, async (t) => {
  const r = await memorySelftest(t, platform, elf, 6);
  const cmds = normalise(sentCommands(r.log), elf);
  const batches = cmds.filter((c) => c.startsWith('sysbus LoadBinary')).length;
  t.equal(batches, 3);
  const i = cmds.lastIndexOf('machine Reset');
  t.same(cmds.slice(i - 2, i + 2), ['pause', 'sysbus LoadBinary @<clips> 0x20020000', 'machine Reset', 'start']);
});

t.test('a hung clip: timed out, the firmware rebooted in place, the next clip passes', needQemu, async (t) => {
  await hangRecovery(t, platform, elf, 4000);
});

t.test("a missing ELF: Renode's recorded FAIL as a tinyhil error naming the command", async (t) => {
  const before = device.journal().length;
  await missingElf(t, platform);
  const sent = device.journal().slice(before).find((e) => e.args[0]?.startsWith('sysbus LoadELF'));
  t.equal(sent?.body, rpcExchange('05').requestBody, 'the recorded request, byte for byte (so the reply is the recorded one)');
});

t.test("an unknown command: Renode's recorded FAIL as a tinyhil error", async (t) => {
  const before = device.journal().length;
  await unknownCommand(t, platform, elf);
  t.equal(device.journal().slice(before).find((e) => e.args[0] === 'frobnicate 42')?.body, rpcExchange('06').requestBody);
});

t.test('no process left after stop (Renode, and what it started)', needQemu, async (t) => {
  await noLeftovers(t, platform, elf);
});

t.test('Renode dies: the UART connection ends and health() says how, with its log', needQemu, async (t) => {
  const lines: string[] = [];
  const target = createRenodeTarget({ platform, elf, runDir: t.testdir(), worker: 0, bootMs: 30_000, log: (l) => lines.push(l) });
  try {
    const conn = await target.start();
    const ended = new Promise((r) => conn.input.on('end', r));
    conn.input.resume();
    const pid = Number(/renode pid (\d+) ready/.exec(lines.join('\n'))?.[1]);
    t.ok(pid > 0);
    process.kill(-pid, 'SIGKILL');
    await ended;
    const h = await target.health(2000);
    t.equal(h.alive, false);
    t.equal(h.reason, 'renode exited (killed by SIGKILL)');
    t.match(h.logPath, /renode-w0\.log$/);
  } finally {
    await target.stop();
  }
});

t.test('the CLI: --target renode --renode <path> runs a scenario; no Renode: exit 3 with advice, or skipped when optional', needQemu, async (t) => {
  const dir = t.testdir({
    'platforms': { 'stm32f4-discovery.yaml': readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8') },
    'clips': {},
    's.yaml': [
      'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'verify: selftest', 'timeouts: { boot: 30s, clip: 30s }',
      'target: { audio_path: memory }', '',
    ].join('\n'),
    'o.yaml': [
      'name: o', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'target: { kind: renode, optional: true }', '',
    ].join('\n'),
  });
  const ok = await runCli(['run', join(dir, 's.yaml'), '--target', 'renode', '--renode', device.path, '--out', join(dir, 'r1'), '--reporter', 'json'], { env: { RENODE: '' } });
  t.equal(ok.code, 0, ok.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'r1', 'report.json'), 'utf8'));
  t.equal(report.target.kind, 'renode');
  t.equal(report.target.audioPath, 'memory', 'the report says which path ran');
  t.match(report.provenance.cycleInfo.description, /virtual cycles/);
  t.match(report.metrics.latency.source, /Renode virtual time/);
  t.ok(report.clips[0].targetCounters.executedInstructions > 0);
  t.same(markedProcesses(ok.marker), [], 'no process left');

  const none = await runCli(['run', join(dir, 's.yaml'), '--target', 'renode', '--out', join(dir, 'r2')], { env: { RENODE: '/nonexistent/renode', PATH: '/usr/bin:/bin' } });
  t.equal(none.code, 3, 'no Renode: infrastructure error');
  t.match(none.stdout + none.stderr, /Renode not found \(RENODE=\/nonexistent\/renode is not an executable file\); install: .*github\.com\/renode\/renode\/releases/);

  const opt = await runCli(['run', join(dir, 'o.yaml'), '--out', join(dir, 'r3')], { env: { RENODE: '/nonexistent/renode' } });
  t.equal(opt.code, 0, 'optional: skipped');
  t.match(opt.stdout, /o: skipped \(target renode is optional\): Renode not found/);
});
