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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../../src/config/index.js';
import type { Platform } from '../../../src/config/schema.js';
import { which } from '../../../src/proc/tools.js';
import { createRenodeTarget } from '../../../src/targets/renode/renode.js';
import { markedProcesses, ROOT, runCli, startCli, waitFor } from '../../helpers/cli.js';
import {
  buildSelftest, hangRecovery, memorySelftest, missingElf, noLeftovers, normalise, runRenode, selftestClips, sentCommands, STM32F4_UART_BOOT, uartSelftest, unknownCommand,
} from './renode-cases.js';
import { readExchanges, rpcExchange } from './renode-recordings.js';
import { fakeRenode as makeFake } from './fake-renode-bin.js';
import { tempDir } from '../../helpers/tmp.js';

const work = tempDir(t, 'hil-renode-');
const fakeRenode = (name: string, flags: string[]) => makeFake(work, name, flags);

const qemu = which(['qemu-system-arm'], 'QEMU');
const needQemu = qemu ? {} : { skip: 'qemu-system-arm not found: the fake Renode runs the device on QEMU (bash scripts/setup.sh installs it)' };
const platform: Platform = await loadPlatform(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'));
let elf = '';
const device = fakeRenode('renode-svd-fail', ['--device', 'qemu']);
process.env.RENODE = device.path;

t.before(async () => {
  elf = await buildSelftest(platform, work);
});

t.test('UART path: selftest clips verified, the commands in order, virtual cycles, instruction counts', needQemu, async (t) => {
  await uartSelftest(t, platform, elf, STM32F4_UART_BOOT, 4000);
  const j = device.journal();
  t.same(j.slice(0, 1).map((e) => e.method), ['get_keyword_names'], 'first: is it the robot server?');
  t.equal(j[0]!.body, rpcExchange('01').requestBody, 'get_keyword_names as recorded');
  t.equal(j[1]!.args[0], 'version', "then which Renode (quietly: not in the run's command list)");
  t.equal(j[2]!.args[0], 'emulation GetTimeSourceInfo', 'and its quantum');
  t.equal(j[3]!.body, rpcExchange('02').requestBody, 'mach create: the recorded request, byte for byte');
  t.equal(j[5]!.body, rpcExchange('04').requestBody, 'the DWT line: the recorded request, byte for byte');
  t.equal(j.at(-1)!.method, 'stop_remote_server', 'stopped politely');
});

t.test('offline: LoadPlatformDescription FAILs as a live Renode answered (1.15.3, 1.16.1); the run goes on and says which SVD it skipped, once', needQemu, async (t) => {
  for (const version of ['1.15.3', '1.16.1']) {
    const fake = fakeRenode(`renode-offline-${version}`, ['--device', 'qemu', '--version', version]);
    process.env.RENODE = fake.path;
    try {
      const r = await runRenode(platform, elf, t.testdir(), selftestClips(1, -1, 4000));
      t.same(r.outcome.results.map((c) => c.status), ['passed'], `${version}: the clip ran`);
      const sent = fake.journal().find((e) => e.args[0]?.startsWith('machine LoadPlatformDescription @'))!;
      t.equal(sent.status, 'FAIL', `${version}: Renode said FAIL`);
      const skipped = r.log.filter((l) => l.includes('renode: skipped ApplySVD'));
      t.same(skipped.map((l) => l.slice(l.indexOf('renode: '))), [
        "renode: skipped ApplySVD https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz: the download failed (offline?); only Renode's register names in its log are missing, the machine is the same",
      ], `${version}: one line names the skipped SVD`);
      t.match(r.log.join('\n'), new RegExp(`renode: Renode, version ${version.replace(/\./g, '\\.')}.*; quantum 100 µs`), `${version}: the run log says which Renode, and its quantum`);
      t.match(r.outcome.targetSettings, { version: new RegExp(`^Renode, version ${version.replace(/\./g, '\\.')}`), quantumSeconds: 0.0001 }, `${version}: so does the report`);
      // The device here is QEMU: SysTick, whose read syncs the CPU on every version (the DWT's step: renode-replay.test.ts).
      const ci = r.outcome.cycleInfo!;
      t.equal(ci.source, 'systick');
      t.equal(ci.resolution, undefined, `${version}: SysTick moves by the cycle`);
      t.match(ci.description, new RegExp(`; Renode ${version.replace(/\./g, '\\.')} syncs the CPU's time on each read, so it moves by the cycle$`));
    } finally {
      process.env.RENODE = device.path;
    }
  }
});

t.test('online: LoadPlatformDescription passes; nothing is said about SVDs', needQemu, async (t) => {
  const online = fakeRenode('renode-online', ['--device', 'qemu', '--svd', 'online']);
  process.env.RENODE = online.path;
  try {
    const r = await runRenode(platform, elf, t.testdir(), selftestClips(1, -1, 4000));
    t.same(r.outcome.results.map((c) => c.status), ['passed']);
    t.notOk(r.log.some((l) => l.includes('ApplySVD')), 'no SVD line');
    t.equal(online.journal().find((e) => e.args[0]?.startsWith('machine LoadPlatformDescription @'))!.status, 'PASS');
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

t.test('a hung clip: timed out, the firmware rebooted in place (the reset macro reloads the ELF), HELLO again, the next clip passes', needQemu, async (t) => {
  await hangRecovery(t, platform, elf, 4000, 4000);
});

t.test('a reset in place that gives no HELLO (as recorded live: the CPU halted): a fresh Renode, once, counted in the report', needQemu, async (t) => {
  const halting = fakeRenode('renode-reset-halts', ['--device', 'qemu', '--reset-halts']);
  process.env.RENODE = halting.path;
  try {
    const r = await runRenode(platform, elf, t.testdir(), selftestClips(3, 1, 4000), { clipMs: 4000, bootMs: 5000 });
    t.same(r.outcome.results.map((c) => c.status), ['passed', 'timedout', 'passed'], 'the clip after the hang ran on the fresh Renode');
    t.same(r.outcome.errors, [], 'recovered: no infrastructure error');
    const cmds = sentCommands(r.log);
    const reset = cmds.indexOf('machine Reset');
    t.same(cmds.slice(reset - 1, reset + 3), ['pause', 'machine Reset', 'start', 'mach create'], 'one reset in place, then the machine built afresh');
    t.equal(cmds.filter((c) => c === 'machine Reset').length, 1, 'the dead reset is not repeated');
    t.ok(r.log.some((l) => /no HELLO from the device within 5 s\); retrying once, from a fresh start/.test(l)), 'the run log says why');
    t.ok(r.log.some((l) => l.includes('renode: starting a new Renode instead of resetting in place')), 'and what it does');
    t.same(r.outcome.targetStats, { renodeStarts: 2, resetsInPlace: 1, freshStarts: 1 });
    t.equal(r.log.filter((l) => /^HELLO /.test(l)).length, 2, 'HELLO from the first and the fresh Renode only');
  } finally {
    process.env.RENODE = device.path;
  }
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

t.test("a Renode error on the console: one line quoting Renode's first line, the log path once; the whole text in report.json", needQemu, async (t) => {
  // Renode's recorded answer to a harness region on the FSMC bank: a five-line E39 error.
  const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8');
  const dir = t.testdir({
    'platforms': { 'stm32f4-discovery.yaml': fixture.replace('harness_region: { start: 0x20020000, size: 64KiB }', 'harness_region: { start: 0x60000000, size: 1MiB }') },
    's.yaml': [
      'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'timeouts: { boot: 30s, clip: 30s }',
      'target: { kind: renode, audio_path: memory }', '',
    ].join('\n'),
  });
  const out = join(dir, 'run');
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', out, '--reporter', 'console,json'], { env: { RENODE: device.path } });
  t.equal(r.code, 3, 'infrastructure error');
  const cmd = 'machine LoadPlatformDescriptionFromString "harness: Memory.MappedMemory @ sysbus 0x60000000 { size: 0x100000 }"';
  const lines = r.stdout.split('\n').filter((l) => l.includes('Renode refused'));
  const want = `worker 0: the target could not be (re)started: Renode refused "${cmd}": Error E39: Exception was thrown during registration of 'harness' in 'sysbus':`;
  t.ok(lines.length >= 1, 'the console names it');
  for (const l of lines) {
    t.ok(l.includes(want), `one line, Renode's first line quoted: ${l}`);
    t.notOk(l.includes('Could not register'), "Renode's further lines are not on the console");
  }
  const listed = lines.find((l) => l.includes('[logs: '))!;
  t.ok(listed.endsWith(`[logs: ${join(out, 'renode-w0-1.log')}]`), `the log path once, not joined twice: ${listed}`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.equal(report.errors.length, 1);
  t.equal(report.errors[0].message, want);
  t.same(report.errors[0].logs, ['renode-w0-1.log'], 'relative to the run folder');
  t.match(report.errors[0].detail, /Could not register Given address <0x60000000, 0x600FFFFF>.*\nAt 1:32:\nharness: Memory\.MappedMemory/s, "Renode's whole message kept in the report");
  t.match(report.target.stats, { renodeStarts: 2 }, 'the retry started a fresh Renode');
});

t.test('a run on Renode 1.15.3 names the GE bugs before clip 1 (its probe as recorded live): console, report.json, JUnit, annotations; strict stops it, exit 3', needQemu, async (t) => {
  const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8');
  const body = (strict: boolean) => [
    'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
    `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}", "${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg1', 'seg1-0.wav')}"]`,
    'verify: selftest', 'timeouts: { boot: 30s, clip: 30s }', `target: { kind: renode, audio_path: memory${strict ? ', conformance: strict' : ''} }`, '',
  ].join('\n');
  const dir = t.testdir({ 'platforms': { 'stm32f4-discovery.yaml': fixture }, 'warn.yaml': body(false), 'strict.yaml': body(true) });
  const warn = await runCli(['run', join(dir, 'warn.yaml'), '--out', join(dir, 'w'), '--reporter', 'progress,console,json,junit,github'], { env: { RENODE: device.path } });
  t.equal(warn.code, 0, 'a warning changes no status');
  const lines = warn.stdout.split('\n');
  const first = lines.findIndex((l) => l.includes('WARNING sadd16_ge: Renode 1.15.3 mis-executes SADD16\'s GE flags (known in Renode before 1.16.0; fixed in Renode 1.16.0)'));
  t.ok(first >= 0, 'the progress line names the bug');
  t.ok(first < lines.findIndex((l) => /1\/2 clips/.test(l)), 'before the first clip ends');
  t.match(warn.stdout, /\n  Probe: +12 of 15 checks failed on Renode 1\.15\.3: sadd16_ge, .*msr_apsr_g \(a warning: no status changes\)\n/);
  t.match(warn.stdout, /\nConformance warnings \(12\)\n  ! sadd16_ge: Renode 1\.15\.3 mis-executes/);
  t.match(warn.stdout, /::warning title=Conformance%3A sasx_ge \(s\)::Renode 1\.15\.3 mis-executes SASX's GE flags/);
  const rep = JSON.parse(readFileSync(join(dir, 'w', 'report.json'), 'utf8'));
  t.match(rep.conformance, { status: 'failed', mode: 'warn', probeSet: 1, emulator: { name: 'renode', version: '1.15.3' } });
  t.equal(rep.conformance.checks.filter((c: { status: string }) => c.status === 'failed').length, 12);
  t.same(rep.firmware.device.probe, { set: 1, ran: 0x7fff, failed: 0xfff });
  const junit = readFileSync(join(dir, 'w', 'junit.xml'), 'utf8');
  t.match(junit, /<testcase classname="conformance" name="sadd16_ge" time="0">\s*<system-out>APSR\.GE after SADD16: failed\nwarning: Renode 1\.15\.3 mis-executes/);
  t.notMatch(junit, /classname="conformance"[^>]*>\s*<(error|failure)/, 'a warning is not a JUnit failure');
  t.match(readFileSync(join(dir, 'w', 'run.log'), 'utf8'), /conformance probe: 12 of 15 checks failed on Renode 1\.15\.3/);

  const strict = await runCli(['run', join(dir, 'strict.yaml'), '--out', join(dir, 's'), '--reporter', 'console,json,junit'], { env: { RENODE: device.path } });
  t.equal(strict.code, 3, 'strict: an infrastructure error');
  const srep = JSON.parse(readFileSync(join(dir, 's', 'report.json'), 'utf8'));
  t.match(srep.errors, [{ kind: 'conformance', message: /^target\.conformance is strict and 12 probe checks failed: Renode 1\.15\.3 mis-executes SADD16's GE flags/ }]);
  t.same(srep.clips.map((c: { status: string }) => c.status), ['skipped', 'skipped'], 'no clip ran');
  t.match(readFileSync(join(dir, 's', 'junit.xml'), 'utf8'), /<testcase classname="conformance" name="sadd16_ge" time="0">\s*<error message=/);
  t.match(strict.stdout, /\nConformance errors \(12\)\n/);
});

t.test('1.16.1 answers a missing ELF with "Parameters did not match the signature" (recorded live): the error still says the file is missing', async (t) => {
  const v16 = fakeRenode('renode-1.16.1', ['--version', '1.16.1']);
  process.env.RENODE = v16.path;
  try {
    const target = createRenodeTarget({ platform, elf: '/srv/renode-demo/fw/missing.elf', runDir: t.testdir(), worker: 0, bootMs: 30_000, log: () => undefined });
    try {
      await t.rejects(target.start(), {
        name: 'RenodeCommandError', renodeMessage: 'Parameters did not match the signature',
        message: 'Renode refused "sysbus LoadELF @/srv/renode-demo/fw/missing.elf": Parameters did not match the signature (the file does not exist: /srv/renode-demo/fw/missing.elf)',
      });
    } finally {
      await target.stop();
    }
    t.equal(v16.journal().find((e) => e.args[0]?.startsWith('sysbus LoadELF'))?.status, 'FAIL');
  } finally {
    process.env.RENODE = device.path;
  }
});

t.test('--renode-record: every exchange written as the live fixtures are, readable by the same replay code', needQemu, async (t) => {
  const dir = t.testdir({
    'platforms': { 'stm32f4-discovery.yaml': readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8') },
    's.yaml': [
      'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'timeouts: { boot: 30s, clip: 30s }', 'target: { kind: renode, audio_path: memory }', '',
    ].join('\n'),
  });
  const rec = fakeRenode('renode-rec', ['--device', 'qemu']);
  const before = rec.journal().length;
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--reporter', 'json', '--renode-record', join(dir, 'rec')], { env: { RENODE: rec.path } });
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.same(readdirSync(join(dir, 'rec')), ['renode-1'], 'one folder per Renode process');
  const lines = readFileSync(join(dir, 'rec', 'renode-1', 'exchanges.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; t: number; seconds: number; request: string; response: string });
  const sent = rec.journal().slice(before);
  t.equal(lines.length, sent.length, 'every call the Renode answered');
  t.same(lines.map((l) => l.n), lines.map((_, i) => i + 1));
  t.same(lines.map((l) => l.request.slice(l.request.indexOf('\r\n\r\n') + 4)), sent.map((e) => e.body), 'the request bodies, byte for byte');
  t.ok(lines.every((l) => /^HTTP\/1\.1 200 OK\r\n/.test(l.response) && l.seconds >= 0 && l.t >= 0));
  // The fixtures' reader takes it as it takes the live recordings.
  const ex = readExchanges(join(dir, 'rec', 'renode-1', 'exchanges.jsonl'));
  t.equal(ex[0]!.call[0], 'get_keyword_names');
  t.ok(ex.some((e) => e.call[0] === 'ExecuteCommand' && e.call[1] === 'mach create'));
  const summary = readFileSync(join(dir, 'rec', 'renode-1', 'summary.txt'), 'utf8');
  t.match(summary, /^\[001\] t= +[\d.]+s +[\d.]+s  get_keyword_names\n      -> \[\d+ names\]\n/);
  t.match(summary, /\n\[\d{3}\] t= +[\d.]+s +[\d.]+s  run_keyword ExecuteCommand \["mach create"\]\n      -> \{"return":"","status":"PASS"\}\n/);
  t.match(readFileSync(join(dir, 'rec', 'renode-1', 'cmdline.txt'), 'utf8'), /--robot-server-port \d+\n$/);
});

t.test('Ctrl-C while Renode works on a long command (a platform load retrying SVD downloads): the call is abandoned, exit 130, no Renode left', needQemu, async (t) => {
  const slow = fakeRenode('renode-slow', ['--device', 'qemu', '--delay', 'machine=600000']);
  const dir = t.testdir({
    'platforms': { 'stm32f4-discovery.yaml': readFileSync(join(import.meta.dirname, 'fixtures', 'renode-fake', 'platforms', 'stm32f4-discovery.yaml'), 'utf8') },
    's.yaml': [
      'name: s', 'platform: stm32f4-discovery', 'firmware: { app: selftest }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: ["${join(ROOT, 'scenarios', 'clips', 'selftest', 'seg0', 'seg0-0.wav')}"]`, 'target: { kind: renode }', '',
    ].join('\n'),
  });
  const out = join(dir, 'out');
  const run = startCli(['run', join(dir, 's.yaml'), '--out', out], { env: { RENODE: slow.path } });
  await waitFor('the platform load sent', () => slow.journal().some((e) => e.args[0]?.startsWith('machine LoadPlatformDescription @')));
  process.kill(run.child.pid!, 'SIGINT');
  const r = await run.done;
  t.equal(r.code, 130, `${r.stdout}\n${r.stderr}`);
  const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.same(rep.clips.map((c: { status: string }) => c.status), ['skipped']);
  t.notOk(slow.journal().some((e) => e.args[0] === 'start'), 'nothing after the abandoned call');
  await waitFor('no process left', () => markedProcesses(run.marker).length === 0, 20_000).catch(() => undefined);
  t.same(markedProcesses(run.marker), [], 'Renode (and its QEMU) gone');
});
