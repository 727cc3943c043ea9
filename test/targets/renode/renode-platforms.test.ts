/**
 * The Renode platforms and their firmware ports: each platform file loads with
 * the real chip's memory, its port's platform.mk declares the same memory, the
 * port builds with -Wall -Wextra -Werror, and the `renode:` section is checked
 * like the rest of a platform file (located errors).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFirmware } from '../../../src/build/make.js';
import { loadPlatform, loadScenario } from '../../../src/config/load.js';
import { BASE, PLATFORM_P1, configError, project } from '../../config/fixtures/helpers.js';
import { audioPathsFor, resolveAudioPath } from '../../../src/targets/registry.js';
import { ROOT } from '../../helpers/cli.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** The chips' data sheets: flash and the contiguous main SRAM. */
const CHIPS = {
  'stm32f4-discovery': { cpu: 'cortex-m4', clock: 168e6, flash: [0x08000000, 1 * MiB], ram: [0x20000000, 128 * KiB], uart: 'sysbus.usart2', repl: 'platforms/boards/stm32f4_discovery.repl' },
  nrf52840: { cpu: 'cortex-m4', clock: 64e6, flash: [0, 1 * MiB], ram: [0x20000000, 256 * KiB], uart: 'sysbus.uart0', repl: 'platforms/cpus/nrf52840.repl' },
  stm32f746: { cpu: 'cortex-m7', clock: 216e6, flash: [0x08000000, 1 * MiB], ram: [0x20000000, 320 * KiB], uart: 'sysbus.usart1', repl: 'platforms/cpus/stm32f746.repl' },
} as const;

for (const [name, chip] of Object.entries(CHIPS)) {
  t.test(`${name}: the platform file and the firmware port agree with the chip`, async (t) => {
    const p = await loadPlatform(path.join(ROOT, 'platforms', `${name}.yaml`));
    t.equal(p.cpu, chip.cpu);
    t.equal(p.fpu, true);
    t.equal(p.clock_hz, chip.clock);
    t.same([p.memory.flash.start, p.memory.flash.size], chip.flash);
    t.same([p.memory.ram.start, p.memory.ram.size], chip.ram);
    t.same(p.renode?.repl, { builtin: chip.repl }, 'Renode\'s own description, never our platforms/ folder');
    t.equal(p.renode?.uart, chip.uart);
    t.equal(p.renode?.mips, chip.clock / 1e6, 'one instruction per virtual cycle');
    t.equal(p.renode?.dwt, true);
    t.same(p.renode?.harness_region, { start: 0x70000000, size: 16 * MiB }, 'free on the machine (0x60000000 is not on stm32f4)');
    t.equal(p.qemu, undefined, 'Renode only');
    t.same(audioPathsFor('renode', p), name === 'nrf52840' ? ['uart', 'memory', 'pdm'] : ['uart', 'memory'], 'pdm where the board has a microphone');
    t.equal(/-DHIL_PORT_HAS_MIC/.test(readFileSync(path.join(ROOT, 'firmware', 'platforms', name, 'platform.mk'), 'utf8')), name === 'nrf52840', 'the port builds the microphone exactly where the platform declares one');
    t.same(audioPathsFor('qemu', p), ['uart']);
    const mk = readFileSync(path.join(ROOT, 'firmware', 'platforms', name, 'platform.mk'), 'utf8');
    const v = (k: string) => Number(new RegExp(`^${k} \\?= (0x[0-9A-Fa-f]+)`, 'm').exec(mk)?.[1]);
    t.same([v('FLASH_ORIGIN'), v('FLASH_SIZE'), v('RAM_ORIGIN'), v('RAM_SIZE')], [...chip.flash, ...chip.ram], 'platform.mk declares the same memory');
    t.match(mk, /-DCM_HAS_DWT/);
    const board = readFileSync(path.join(ROOT, 'firmware', 'platforms', name, 'board.c'), 'utf8');
    t.match(board, new RegExp(`return "${name}";`), 'the board name in HELLO is the platform name');
  });
}

t.test('the ports build with -Wall -Wextra -Werror', async (t) => {
  const dir = t.testdir();
  for (const name of Object.keys(CHIPS)) {
    const p = await loadPlatform(path.join(ROOT, 'platforms', `${name}.yaml`));
    const fw = await buildFirmware({ firmware: { app: 'selftest' }, platform: p, baseDir: ROOT, logDir: dir, timeoutMs: 300_000 });
    t.match(fw.elf, new RegExp(`build/${name}/selftest`), `${name}: selftest`);
  }
});

t.test('the renode: section is checked like the rest of the file', async (t) => {
  const cases: [string, string, string][] = [
    [`${PLATFORM_P1}renode: { repl: { builtin: x.repl, file: y.repl }, uart: sysbus.uart0 }\n`, '7:36', 'unknown key "file" in renode.repl; allowed: builtin'],
    [`${PLATFORM_P1}renode: { repl: { builtin: x.repl } }\n`, '7:9', 'renode is missing required key "uart" (the UART the protocol runs on, like sysbus.usart2)'],
    [`${PLATFORM_P1}renode: { repl: { builtin: x.repl }, uart: "sysbus.uart0; quit" }\n`, '7:44', 'renode.uart must be a peripheral path like sysbus.usart2; got "sysbus.uart0; quit"'],
    [`${PLATFORM_P1}renode: { repl: { builtin: x.repl }, uart: u, peripherals: ['cpu: X @ sysbus { t: "m4" }'] }\n`, '7:61', 'renode.peripherals[0] must be one .repl line without double quotes (it is passed in a quoted monitor string); got "cpu: X @ sysbus { t: \\"m4\\" }"'],
    [`${PLATFORM_P1}renode: { repl: { builtin: x.repl }, uart: u, harness_region: { start: 0x20000100, size: 1KiB } }\n`, '7:72', "renode.harness_region.start must not overlap memory.ram: clips placed there would count as the firmware's memory; got 536871168"],
  ];
  for (const [text, at, detail] of cases) {
    const dir = project(t, { 'platforms/p1.yaml': text, 's.yaml': BASE });
    const pfile = path.join(dir, 'platforms/p1.yaml');
    t.equal((await configError(loadPlatform(pfile))).message, `${pfile}:${at}: ${detail}`);
  }
  // A .repl of our own is relative to the platform file, and must exist.
  const dir = project(t, { 'platforms/p1.yaml': `${PLATFORM_P1}renode: { repl: { file: boards/p1.repl }, uart: sysbus.uart0 }\n`, 'platforms/boards/p1.repl': 'x: Memory.MappedMemory @ sysbus 0\n' });
  t.same((await loadPlatform(path.join(dir, 'platforms', 'p1.yaml'))).renode?.repl, { file: path.join(dir, 'platforms', 'boards', 'p1.repl') });
  const missing = project(t, { 'platforms/p1.yaml': `${PLATFORM_P1}renode: { repl: { file: nope.repl }, uart: sysbus.uart0 }\n` });
  const e = await configError(loadPlatform(path.join(missing, 'platforms', 'p1.yaml')));
  t.match(e.message, /p1\.yaml:7:\d+: renode\.repl\.file: no such file .*nope\.repl/);
});

t.test('scenarios: target kind renode, optional, and the audio path it offers', async (t) => {
  const dir = project(t, { 's.yaml': `${BASE}target: { kind: renode, optional: true, audio_path: uart }\n` });
  const s = await loadScenario(path.join(dir, 's.yaml'));
  t.same(s.scenario.target, { kind: 'renode', optional: true, audio_path: 'uart' });
  t.throws(() => resolveAudioPath('memory', 'renode', s.platform), /the memory audio path is not available on target renode for platform p1 \(available: uart; the memory path needs renode\.harness_region in the platform file\)/);
  const p = await loadPlatform(path.join(ROOT, 'platforms', 'stm32f4-discovery.yaml'));
  t.equal(resolveAudioPath('auto', 'renode', p), 'memory', 'auto: memory where the target has it');
});
