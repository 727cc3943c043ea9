/** validate, doctor, list, schema, and the run options that do not need a long run. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { ROOT, runCli } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');

t.test('validate: ok for the shipped scenario, exit 2 with file:line:col for a bad one', async (t) => {
  const ok = await runCli(['validate', 'scenarios/selftest.yaml']);
  t.equal(ok.code, 0, ok.stdout + ok.stderr);
  t.match(ok.stdout, /^ok scenarios\/selftest\.yaml: platform mps2-an386, 12 clips \(12 labelled\), 4 labels/m);
  const dir = t.testdir({
    'bad.yaml': `name: v\nplatform: mps2-an386\nfirmware: { app: selftst }\nlabels: [seg0, seg1, seg2, seg3]\ninputs: [${CLIPS}]\n`,
    'unknown.yaml': `name: v\nplatform: mps2-an386\nfirmware: { app: selftest }\nlabels: [seg0]\ninputs:\n  - files: "${CLIPS}/seg0/*.wav"\n    args: { recurse: 1 }\n`,
  });
  const bad = await runCli(['validate', join(dir, 'bad.yaml'), join(dir, 'unknown.yaml')]);
  t.equal(bad.code, 2);
  t.match(bad.stdout, /bad\.yaml:3:18: no app "selftst" in .*firmware\/apps; available: (\w+, )*selftest/);
  t.match(bad.stdout, /unknown\.yaml:7:22: unknown app argument "recurse"; the firmware takes recurse_bytes, hang/);
});

t.test('validate: a broken WAV is bad input, named with the fix', async (t) => {
  const dir = t.testdir({
    seg0: { 'x.wav': Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk', 'latin1') },
    's.yaml': `name: v\nplatform: mps2-an386\nfirmware: { app: selftest }\nlabels: [seg0]\ninputs: [{ folder: . }]\n`,
  });
  const r = await runCli(['validate', join(dir, 's.yaml')]);
  t.equal(r.code, 2);
  t.match(r.stdout, /x\.wav: .*WAV/);
});

t.test('doctor lists every tool with a version or the install command', async (t) => {
  const r = await runCli(['doctor']);
  t.equal(r.code, 0, 'every required tool is installed here');
  t.match(r.stdout, /^ok\s+arm-none-eabi-gcc\s+\d+\.\d+\.\d+/m);
  t.match(r.stdout, /^ok\s+qemu-system-arm\s+\d+\.\d+\.\d+/m);
  t.match(r.stdout, /renode/);
  const none = await runCli(['doctor'], { env: { PATH: '/nonexistent', QEMU: '', ARM_GCC: '' } });
  t.equal(none.code, 3, 'required tools missing is an infrastructure problem');
  t.match(none.stdout, /^MISSING\s+arm-none-eabi-gcc\s+needed for building firmware/m);
  t.match(none.stdout, /^missing\s+qemu-system-arm\s+needed for the qemu target; install: sudo apt-get install -y qemu-system-arm/m, 'an emulator is not required: a bench has none');
  t.match(none.stdout, /^ {2}qemu\s+not ready: arm-none-eabi-gcc, make, qemu-system-arm missing/m);
});

t.test('doctor: which target kinds can run here; --target requires one', async (t) => {
  const r = await runCli(['doctor']);
  t.match(r.stdout, /^ {2}qemu\s+ready\s+\(cycles: instruction-equivalent/m);
  t.match(r.stdout, /^ {2}host\s+ready/m);
  const noQemu = await runCli(['doctor'], { env: { QEMU: '/nonexistent/qemu-system-arm', RENODE: '/nonexistent/renode' } });
  t.equal(noQemu.code, 0, 'a machine without emulators (a lab bench) is fine');
  t.match(noQemu.stdout, /^ {2}qemu\s+not ready: qemu-system-arm missing/m);
  t.match(noQemu.stdout, /^ {2}renode\s+not ready: renode missing/m);
  const want = await runCli(['doctor', '--target', 'qemu'], { env: { QEMU: '/nonexistent/qemu-system-arm' } });
  t.equal(want.code, 3, 'unless the run needs that emulator');
  t.match(want.stdout, /the qemu target is not ready: qemu-system-arm missing\.\n$/);
  const bad = await runCli(['doctor', '--target', 'nope']);
  t.equal(bad.code, 2);
});

t.test('list: one line per platform and scenario', async (t) => {
  const r = await runCli(['list']);
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /^ {2}mps2-an386\s+cortex-m4, 25 MHz, 256 KiB RAM, 1024 KiB flash; runs on qemu/m);
  t.match(r.stdout, /^ {2}netduinoplus2\s+cortex-m4, 168 MHz, 128 KiB RAM, 1024 KiB flash; runs on qemu/m);
  t.match(r.stdout, /^ {2}scenarios\/selftest\.yaml\s+selftest on mps2-an386, firmware selftest/m);
});

t.test('schema: the committed docs/*.schema.json are what `hil schema` prints', async (t) => {
  const s = await runCli(['schema']);
  t.equal(s.stdout, readFileSync(join(ROOT, 'docs', 'scenario.schema.json'), 'utf8'));
  const p = await runCli(['schema', '--platform']);
  t.equal(p.stdout, readFileSync(join(ROOT, 'docs', 'platform.schema.json'), 'utf8'));
});

t.test('bad options are exit 2', async (t) => {
  const r = await runCli(['run', 'scenarios/selftest.yaml', '--limit', 'zero']);
  t.equal(r.code, 2);
  t.match(r.stderr, /--limit must be an integer >= 1/);
  const missing = await runCli(['run', 'scenarios/nope.yaml']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^scenarios\/nope\.yaml: cannot read: ENOENT/m);
});

t.test('--target host, --sample with a seed, then --only-failed on that report', async (t) => {
  const dir = t.testdir();
  const a = await runCli(['run', 'scenarios/selftest.yaml', '--target', 'host', '--sample', '4', '--seed', '7', '--out', join(dir, 'a')]);
  t.equal(a.code, 1, 'host timings blow the cycle budgets of the device scenario');
  const rep = JSON.parse(readFileSync(join(dir, 'a', 'report.json'), 'utf8')) as RunReport;
  t.equal(rep.clips.length, 4);
  t.same([...new Set(rep.clips.map((c) => c.label))].sort(), ['seg0', 'seg1', 'seg2', 'seg3'], 'stratified: one per label');
  t.ok(rep.clips.every((c) => c.status === 'passed'), 'every clip verified on the host build');
  t.equal(rep.target.kind, 'host');
  const again = await runCli(['run', 'scenarios/selftest.yaml', '--target', 'host', '--sample', '4', '--seed', '7', '--out', join(dir, 'b')]);
  const rep2 = JSON.parse(readFileSync(join(dir, 'b', 'report.json'), 'utf8')) as RunReport;
  t.same(rep2.clips.map((c) => c.id), rep.clips.map((c) => c.id), 'same seed, same clips');
  t.equal(again.code, 1);
  const only = await runCli(['run', 'scenarios/selftest.yaml', '--target', 'host', '--only-failed', join(dir, 'a'), '--out', join(dir, 'c')]);
  t.equal(only.code, 1);
  t.match(only.stdout, /no clip ran: there were no clips/, 'nothing failed, so nothing reruns, and that is not a pass');
});
