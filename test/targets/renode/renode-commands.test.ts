/**
 * The Renode commands for each shipped platform, in order, and which of them a
 * recording of Renode 1.15.3 covers: exactly (the same text was sent to a live
 * Renode) or in form (the same command with other values: a path, a port, a
 * size). The ones no recording covers are listed, and the list is checked, so
 * it cannot go stale: they come from Renode's documentation and source and are
 * not yet checked against a live Renode (renode-live.test.ts does, where
 * Renode is installed).
 */
import t from 'tap';
import { join } from 'node:path';
import { loadPlatform } from '../../../src/config/index.js';
import type { Platform } from '../../../src/config/schema.js';
import { readdirSync, readFileSync } from 'node:fs';
import {
  counterResolution, dwtRepl, executedInstructionsCommand, harnessRepl, loadBinary, loadFromString, micCommands, mipsOf, parseHex, parseQuantum, parseVirtualTime, parseVersion, rebootCommands, resetMacro,
  setupCommands, START, svdFailures, withoutSvdFailures,
} from '../../../src/targets/renode/renode-commands.js';
import { LIVE, liveExchanges, monitorReplies, monitorReply, rpcExchanges } from './renode-recordings.js';
import { ROOT } from '../../helpers/cli.js';

const platform = (name: string) => loadPlatform(join(ROOT, 'platforms', `${name}.yaml`));
const ELF = '/work/fw/selftest.elf';

/** Every command a run sends on this platform: UART boot, memory boot, a batch, a counter read, a microphone clip. */
function allCommands(p: Platform): string[] {
  return [
    ...setupCommands(p, { elf: ELF, uartPort: 40000, harness: true }),
    loadBinary('/tmp/tinyhil-renode-x/clips-w0-0.bin', p.renode!.harness_region!.start),
    START,
    ...rebootCommands({ file: '/tmp/tinyhil-renode-x/clips-w0-1.bin', base: p.renode!.harness_region!.start }),
    START,
    executedInstructionsCommand(p),
    ...(p.renode!.pdm ? micCommands(p.renode!.pdm, '/tmp/tinyhil-renode-x/mic-w0-0.raw') : []),
  ];
}

const recorded = [
  ...rpcExchanges().filter((e) => e.keyword === 'ExecuteCommand').map((e) => ({ command: e.args![0]!, where: `rpc/${e.name}` })),
  ...monitorReplies().map((r) => ({ command: r.command, where: `${r.session} (monitor)` })),
  // What tinyhil sent a live Renode (fixtures/renode-live): recorded with Renode's answer.
  ...readdirSync(LIVE).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    liveExchanges(f.replace('.jsonl', '')).filter((e) => e.call[0] === 'ExecuteCommand').map((e) => ({ command: e.call[1]!, where: `live/${f}` })),
  ),
];
const form = (c: string) =>
  c.replace(/@\/\S+/g, '@<file>').replace(/@platforms\/\S+/g, '@platforms/<repl>').replace(/sysbus\.u(s)?art\d+/g, 'sysbus.<uart>').replace(/0x[0-9A-Fa-f]+/g, '<hex>').replace(/\b\d+\b/g, '<n>');

export function coverage(cmd: string): string | undefined {
  const exact = recorded.find((r) => r.command === cmd);
  if (exact) return `exact: ${exact.where}`;
  const same = recorded.find((r) => form(r.command) === form(cmd));
  return same ? `form: ${same.where} (${same.command})` : undefined;
}

t.test('stm32f4-discovery: the UART boot, in order', async (t) => {
  const p = await platform('stm32f4-discovery');
  t.same(setupCommands(p, { elf: ELF, uartPort: 40000, harness: false }), [
    'mach create',
    'machine LoadPlatformDescription @platforms/boards/stm32f4_discovery.repl',
    'machine LoadPlatformDescriptionFromString "dwt: Miscellaneous.DWT @ sysbus 0xE0001000 { frequency: 168000000 }"',
    'sysbus.cpu PerformanceInMips 168',
    'sysbus LoadELF @/work/fw/selftest.elf',
    'macro reset "sysbus LoadELF @/work/fw/selftest.elf; sysbus.nvic Frequency 168000000"',
    'sysbus.nvic Frequency 168000000',
    'emulation CreateServerSocketTerminal 40000 "term" false',
    'connector Connect sysbus.usart2 term',
    'emulation SetGlobalAdvanceImmediately true',
  ]);
  t.same(setupCommands(p, { elf: ELF, uartPort: 40000, harness: true })[3], 'machine LoadPlatformDescriptionFromString "harness: Memory.MappedMemory @ sysbus 0x70000000 { size: 0x1000000 }"', 'the memory path adds the harness region before the ELF');
  t.same(rebootCommands({ file: '/tmp/c.bin', base: 0x70000000 }), ['pause', 'sysbus LoadBinary @/tmp/c.bin 0x70000000', 'machine Reset']);
  t.same(rebootCommands(), ['pause', 'machine Reset']);
});

t.test('nrf52840 and stm32f746: their .repl, UART, DWT and MIPS', async (t) => {
  const n = setupCommands(await platform('nrf52840'), { elf: ELF, uartPort: 1, harness: false });
  t.equal(n[1], 'machine LoadPlatformDescription @platforms/cpus/nrf52840.repl');
  t.equal(n[2], 'machine LoadPlatformDescriptionFromString "dwt: Miscellaneous.DWT @ sysbus 0xE0001000 { frequency: 64000000 }"');
  t.equal(n[3], 'sysbus.cpu PerformanceInMips 64');
  t.ok(n.includes('sysbus.nvic Frequency 64000000'), 'SysTick at the core clock (the .repl leaves it at 419 MHz)');
  t.ok(n.includes('connector Connect sysbus.uart0 term'));
  const f7 = await platform('stm32f746');
  const s = setupCommands(f7, { elf: ELF, uartPort: 1, harness: false });
  t.equal(s[1], 'machine LoadPlatformDescription @platforms/cpus/stm32f746.repl');
  t.equal(s[3], 'sysbus.cpu PerformanceInMips 216');
  t.ok(s.includes('connector Connect sysbus.usart1 term'));
  t.equal(mipsOf({ ...f7, renode: { ...f7.renode!, mips: undefined } }), 216, 'default MIPS: the clock in MHz');
  t.throws(() => setupCommands({ ...f7, renode: undefined }, { elf: ELF, uartPort: 1, harness: false }), /platform stm32f746 has no renode: section/);
  t.throws(() => setupCommands({ ...f7, renode: { ...f7.renode!, harness_region: undefined } }, { elf: ELF, uartPort: 1, harness: true }), /no renode\.harness_region/);
});

t.test('repl strings and values', async (t) => {
  t.equal(dwtRepl(168000000), 'dwt: Miscellaneous.DWT @ sysbus 0xE0001000 { frequency: 168000000 }');
  t.equal(harnessRepl({ start: 0x70000000, size: 0x100000 }), 'harness: Memory.MappedMemory @ sysbus 0x70000000 { size: 0x100000 }');
  t.throws(() => loadFromString('cpu: CPU.CortexM @ sysbus { cpuType: "cortex-m4" }'), /contains a double quote/);
  t.equal(parseHex('0x000000000695B054\n\n'), 0x695b054);
  t.equal(parseHex('0x0000000001A52480'), 27599999 + 1);
  t.equal(parseHex('nothing'), undefined);
  const svd = 'Failed to download https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz, see log for details.';
  t.same(svdFailures(svd), ['https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz']);
  t.equal(withoutSvdFailures(svd), '');
  t.equal(withoutSvdFailures(`${svd}\nError E39: boom`), 'Error E39: boom');
});

/** The commands no recording covers (built from Renode's docs and source): keep in step with README.md. */
const NOT_RECORDED: Record<string, string[]> = {
  'stm32f4-discovery': [],
  nrf52840: [],
  stm32f746: [],
};

for (const name of Object.keys(NOT_RECORDED)) {
  t.test(`${name}: every command is recorded (exactly or in form) except the listed ones`, async (t) => {
    const p = await platform(name);
    const cmds = [...new Set(allCommands(p))];
    const table = cmds.map((c) => `${coverage(c) ?? 'NOT RECORDED'}  ←  ${c}`);
    t.comment(`${name}:\n${table.join('\n')}`);
    t.same(cmds.filter((c) => !coverage(c)), NOT_RECORDED[name]);
  });
}

t.test('the recordings show what the backend relies on', async (t) => {
  const m = (cmd: string) => monitorReplies().find((r) => r.command === cmd);
  // Offline, the .repl's ApplySVD fails, the command still returns and the machine works.
  t.match(m('machine LoadPlatformDescription @platforms/boards/stm32f4_discovery.repl')?.output, /^Failed to download https:\/\/dl\.antmicro\.com\/projects\/renode\/svd\/STM32F40x\.svd\.gz, see log for details\.$/);
  t.match(m('machine LoadPlatformDescription @platforms/cpus/nrf52840.repl')?.output, /^Failed to download .*NRF52840\.svd\.gz/);
  // 0x60000000 is taken on stm32f4 (the FSMC bank); 0x70000000 is free.
  t.match(m('machine LoadPlatformDescriptionFromString "harness: Memory.MappedMemory @ sysbus 0x60000000 { size: 0x100000 }"')?.output, /Error E39: .*conflicts with address <0x60000000, 0x6FFFFFFF>/s);
  t.equal(m('machine LoadPlatformDescriptionFromString "harness: Memory.MappedMemory @ sysbus 0x70000000 { size: 0x100000 }"')?.output, '');
  t.equal(m('sysbus LoadBinary @/srv/renode-more/run/data32000.bin 0x70000000')?.output, '');
  t.equal(m('sysbus.cpu PerformanceInMips 168')?.output, '');
  t.equal(m('emulation SetGlobalAdvanceImmediately true')?.output, '');
  t.equal(m('start')?.output, 'Starting emulation...');
  t.equal(m('pause')?.output, 'Pausing emulation...');
  // The PDM model: SetInputFile takes a raw s16le file and answers nothing; a missing file is an error;
  // its method list has Reset (not recorded being run) and SetInputFile(fileName, channel = Left, repeat = 1).
  t.equal(m('sysbus.pdm SetInputFile @/srv/renode-more/run/tone440-16k-s16le.raw')?.output, '');
  t.match(m('sysbus.pdm SetInputFile @/srv/renode-more/run/missing.raw')?.output, /File does not exist: \/srv\/renode-more\/run\/missing\.raw/);
  const pdm = m('sysbus.pdm')?.output ?? '';
  t.match(pdm, / - Void Reset \(\)\n/);
  t.match(pdm, / - Void SetInputFile \(String fileName, Channel channel = Left, Int32 repeat = 1\)/);
  // The reset clock (PDMCLKCTRL 0x08400000, 1.032 MHz) with ratio 64 is 16.129 kHz; the firmware sets 1.28 MHz / 80.
  t.equal(m('sysbus ReadDoubleWord 0x4001D504')?.output, '0x08400000');
});

t.test("which Renode, and how finely its counters move: from its own replies and the recorded cycles", async (t) => {
  t.same(parseVersion('Renode, version 1.15.3.11670 (-202611240629)\n'), [1, 15, 3], 'the recorded greeting (VersionString)');
  t.same(parseVersion('Renode, version 1.16.1 (abc-202602111200)'), [1, 16, 1], "1.16's format skips the revision");
  t.equal(parseVersion('No such command or device: version'), undefined);
  const info = monitorReply('emulation GetTimeSourceInfo')!.output;
  t.equal(parseQuantum(info), 0.0001, 'the recorded quantum: 100 µs');
  t.equal(parseQuantum('Quantum: 00:00:01.5'), 1.5);
  t.equal(parseQuantum('nothing'), undefined);
  t.equal(parseVirtualTime(info), 100_000_000, 'the recorded monitor reply: 100 ms of virtual time');
  t.equal(parseVirtualTime('Elapsed Virtual Time: 01:02:03.000100000\nElapsed Host Time: 00:00:09.0'), 3723_000_100_000, 'hours, minutes, seconds, nanoseconds');
  t.equal(parseVirtualTime('Elapsed Virtual Time: 00:00:02'), 2e9);
  t.equal(parseVirtualTime('Elapsed Host Time: 00:00:02.0'), undefined, 'the host\'s time is not the device\'s');
  // Recorded live (1.15.3, stm32f746's hung clip: tlib made the firmware's `for (;;) {}` a WFI):
  // the virtual time the clip timeout counts runs on while the CPU sleeps.
  const ns = liveExchanges('1.15.3-stm32f746-hang').filter((e) => e.call[1] === 'emulation GetTimeSourceInfo').slice(1)
    .map((e) => parseVirtualTime(/<string>([\s\S]*?)<\/string>/.exec(e.response)![1]!)!);
  t.ok(ns.length >= 20, `${ns.length} readings in the hung clip`);
  t.same(ns.filter((v, i) => i > 0 && v <= ns[i - 1]!), [], 'each later than the last');
  t.ok(ns.at(-1)! - ns[0]! >= 20e9, `${(ns.at(-1)! - ns[0]!) / 1e9} s of virtual time while the firmware hung: the 20 s clip timeout was reached`);
  t.equal(counterResolution('dwt', [1, 15, 3], 0.0001, 168_000_000), 16_800, '1.15.3 DWT: one quantum at 168 MHz');
  t.equal(counterResolution('dwt', [1, 16, 0], 0.0001, 168_000_000), 1, '1.16.0 on: the DWT syncs the CPU on read');
  t.equal(counterResolution('dwt', [2, 0, 0], undefined, 168_000_000), 1);
  t.equal(counterResolution('systick', [1, 15, 3], 0.0001, 168_000_000), 1, "SysTick's value read synced already in 1.15.3 (NVIC.cs)");
  t.equal(counterResolution('dwt', [1, 15, 3], undefined, 168_000_000), undefined, 'quantum unknown: nothing claimed');
  t.equal(counterResolution('dwt', undefined, 0.0001, 168_000_000), undefined, 'version unknown: nothing claimed');
  t.equal(counterResolution('none', [1, 15, 3], 0.0001, 168_000_000), undefined, 'no counter: nothing claimed');
  // What the live runs measured agrees: 1.15.3's figures are whole quanta, 1.16.1's are not.
  type Rec = Record<string, { clips: { cycles: number; loop_cycles?: number }[] }>;
  const rec = JSON.parse(readFileSync(`${LIVE}/kws-cycles.json`, 'utf8')) as Rec;
  const old = [...rec['1.15.3']!.clips, ...rec['1.15.3-selftest']!.clips].map((c) => c.cycles);
  t.same(old.filter((c) => c % 16_800 !== 0), [], `1.15.3: all ${old.length} clips a multiple of 16,800 cycles`);
  const now = rec['1.16.1']!.clips.map((c) => c.cycles);
  t.ok(now.filter((c) => c % 16_800 !== 0).length === now.length, `1.16.1: none of ${now.length} clips a multiple (${Math.min(...now)}-${Math.max(...now)})`);
  t.ok(new Set(now).size > now.length / 3, '1.16.1: the clips differ by the cycle');
});
