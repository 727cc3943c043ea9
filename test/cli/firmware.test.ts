/**
 * Users bring their own firmware (an external folder with its own build, or a
 * prebuilt ELF), other boards, and parallel workers: each on QEMU for real.
 */
import t from 'tap';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { markedProcesses, ROOT, runCli } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');
const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;

const scenario = (firmware: string, platform = 'mps2-an386', target = '') => `name: fw
platform: ${platform}
firmware: ${firmware}
labels: [seg0, seg1, seg2, seg3]
inputs:
  - files: ["${CLIPS}/seg0/seg0-0.wav", "${CLIPS}/seg3/seg3-2.wav"]
  - files: "${CLIPS}/seg1/seg1-1.wav"
    args: { recurse_bytes: 2048 }
verify: selftest
${target}
`;

t.test('external firmware (its own Makefile, only hil.h + hil_port.h) passes the selftest checks', async (t) => {
  const ext = join(ROOT, 'firmware', 'examples', 'external');
  const dir = t.testdir({ 's.yaml': scenario(`{ path: ${ext}, build: make, elf: build/external.elf }`) });
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stdout);
  const rep = report(join(dir, 'out'));
  t.equal(rep.clips.filter((c) => c.status === 'passed').length, 3);
  t.match(rep.firmware.build, /make\)$/);
  t.ok(rep.metrics.stack!.value >= 2048, `stack high-water ${rep.metrics.stack!.value} B covers the 2 KiB recursion`);
});

t.test('a prebuilt ELF runs as is', async (t) => {
  const dir = t.testdir();
  const b = await runCli(['run', 'scenarios/selftest.yaml', '--limit', '1', '--out', join(dir, 'build')]);
  t.equal(b.code, 0, b.stdout);
  copyFileSync(join(ROOT, report(join(dir, 'build')).firmware.elf), join(dir, 'prebuilt.elf'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 's.yaml'), scenario('{ elf: prebuilt.elf }'));
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stdout);
  t.equal(report(join(dir, 'out')).firmware.sha256, report(join(dir, 'build')).firmware.sha256, 'the same image ran');
});

t.test('netduinoplus2 (STM32F405 USART, 168 MHz)', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario('{ app: selftest }', 'netduinoplus2') });
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stdout);
  const rep = report(join(dir, 'out'));
  t.equal(rep.firmware.device?.board, 'netduinoplus2');
  t.equal(rep.firmware.device?.cpuHz, 168_000_000);
  t.equal(rep.provenance.cycleInfo?.factor, 5.952380952380952);
});

t.test('two workers share the clips; results stay in clip order; both emulators are gone after', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario('{ app: selftest }', 'mps2-an386', 'target: { workers: 2 }') });
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stdout);
  const rep = report(join(dir, 'out'));
  t.same(rep.clips.map((c) => c.id.replace(/.*\//, '')), ['seg0-0.wav', 'seg3-2.wav', 'seg1-1.wav']);
  t.same([...new Set(rep.clips.map((c) => c.worker))].sort(), [0, 1], 'both workers ran clips');
  const log = readFileSync(join(dir, 'out', 'run.log'), 'utf8');
  t.equal(log.match(/qemu pid \d+ connected/g)?.length, 2);
  t.same(markedProcesses(r.marker), []);
});

t.test('a device whose labels differ from the scenario is refused before any clip (exit 2)', async (t) => {
  const dir = t.testdir({ 's.yaml': scenario('{ app: selftest }').replace('labels: [seg0, seg1, seg2, seg3]', 'labels: [seg0, seg1, seg3, seg2]') });
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 2);
  t.match(r.stdout, /labels \[seg0, seg1, seg2, seg3\] differ from the scenario's labels \[seg0, seg1, seg3, seg2\] \(first difference at index 2/);
  t.ok(report(join(dir, 'out')).clips.every((c) => c.status === 'skipped'));
});

t.test('firmware that hangs before HELLO: exit 3 naming the boot, nothing left', async (t) => {
  // A real image that boots and spins forever without ever talking: the boot must time out.
  const dir = t.testdir({
    'spin.c': 'void reset(void) { for (;;) __asm__ volatile("nop"); }\n__attribute__((section(".vectors"), used)) const void *vectors[2] = { (void *)0x20001000, (void *)reset };\n',
    'spin.ld': 'MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 1M  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 256K }\nSECTIONS { .text : { KEEP(*(.vectors)) *(.text*) } > FLASH }\n',
  });
  const { execFileSync } = await import('node:child_process');
  execFileSync('arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-nostdlib', '-Os', '-T', 'spin.ld', 'spin.c', '-o', 'spin.elf'], { cwd: dir });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 's.yaml'), scenario('{ elf: spin.elf }').replace('verify: selftest', 'verify: selftest\ntimeouts: { boot: 2s }'));
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 3, r.stdout);
  const rep = report(join(dir, 'out'));
  t.match(rep.errors[0], { kind: 'boot', message: /could not be \(re\)started: no HELLO from the device within 2 s/ });
  t.match(rep.errors[0]!.logs, [/qemu-w0-1\.log$/]);
  t.ok(rep.clips.every((c) => c.status === 'skipped' && /not run: .*no HELLO/.test(c.reason ?? '')));
  t.same(markedProcesses(r.marker), []);
});

t.test('a prebuilt ELF linked for another memory map is the firmware failing (exit 1), before anything boots', async (t) => {
  const dir = t.testdir({
    'spin.c': 'void reset(void) { for (;;) ; }\n__attribute__((section(".vectors"), used)) const void *vectors[2] = { (void *)0x20001000, (void *)reset };\n',
    'spin.ld': 'MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 1M }\nSECTIONS { .text : { KEEP(*(.vectors)) *(.text*) } > FLASH }\n',
  });
  const { execFileSync } = await import('node:child_process');
  execFileSync('arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-nostdlib', '-Os', '-T', 'spin.ld', 'spin.c', '-o', 'stm32.elf'], { cwd: dir });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 's.yaml'), scenario('{ elf: stm32.elf }'));
  const r = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
  t.equal(r.code, 1, r.stdout);
  const rep = report(join(dir, 'out'));
  t.equal(rep.status, 'error');
  t.match(rep.reason, /stm32\.elf: .*flash region/);
  t.equal(rep.errors.length, 0, 'not an infrastructure error');
});
