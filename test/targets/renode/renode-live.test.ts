/**
 * The Renode target against a real Renode, stm32f4-discovery: the same test
 * bodies as renode.test.ts (renode-cases.ts) on the shipped platform file. The
 * other live files: renode-live-platforms (nrf52840, stm32f746), renode-live-pdm
 * (the nRF52840's microphone), renode-live-kws (QEMU/Renode parity of the KWS
 * firmware, scenarios/kws-renode.yaml). Each stays well inside tap's per-file
 * limit (renode-live-kit.ts).
 *
 * Runs wherever Renode is found ($RENODE, else `renode` on PATH); CI's renode
 * job installs it. Elsewhere every test is skipped with how to enable them:
 *
 *   RENODE=/path/to/renode npm test
 */
import t from 'tap';
import {
  buildSelftest, expectPassed, hangRecovery, memorySelftest, missingElf, noLeftovers, runRenode, selftestClips, STM32F4_UART_BOOT, uartSelftest, unknownCommand,
} from './renode-cases.js';
import { live, platform } from './renode-live-kit.js';

const logDir = t.testdirName;

t.test('stm32f4-discovery on Renode', live, async (t) => {
  const p = await platform('stm32f4-discovery');
  const elf = await buildSelftest(p, logDir);
  t.test('UART path: selftest verified, commands in order, DWT virtual cycles', async (t) => {
    await uartSelftest(t, p, elf, STM32F4_UART_BOOT, 4000);
  });
  t.test('DWT counts: the firmware found it (cycle source dwt), the selftest loop is one cycle per instruction, to the stated resolution', async (t) => {
    const r = await runRenode(p, elf, t.testdir(), selftestClips(1, -1, 4000));
    expectPassed(t, r, 1);
    t.equal(r.outcome.device?.cycleSource, 'dwt');
    const loop = r.outcome.results[0]!.values!.loop_cycles!;
    const ci = r.outcome.cycleInfo!;
    // 100000 iterations of subs/bne at 168 MIPS and a 168 MHz DWT: ~200000 virtual cycles, give or take the
    // counter's step (Renode 1.15: one 100 µs quantum, 16,800 cycles: it read 184,800 there).
    const slack = Math.max(200_000 * 0.02, ci.resolution ?? 0);
    t.ok(Math.abs(loop - 200_000) <= slack, `loop_cycles ${loop} ≈ 200000 (± ${slack}; resolution ${ci.resolution ?? 1})`);
    t.match(ci.description, /; Renode \d+\.\d+\.\d+ (brings it up to date only when the CPU syncs its time \(at least once per [\d.]+ µs quantum\), so a figure may be up to one quantum off|syncs the CPU's time on each read, so it moves by the cycle)$/, 'the report says how finely it moves');
  });
  t.test('memory path: batches through the harness region at 0x70000000, each next one a reset in place', async (t) => {
    await memorySelftest(t, p, elf, 6, 64 * 1024);
  });
  t.test('a hung clip is recovered by a reset in place', async (t) => {
    await hangRecovery(t, p, elf, 4000, 20_000);
  });
  t.test("a missing ELF is a tinyhil error with Renode's message", async (t) => {
    await missingElf(t, p);
  });
  t.test("an unknown command is a tinyhil error with Renode's message", async (t) => {
    await unknownCommand(t, p, elf);
  });
  t.test('no process left after stop', async (t) => {
    await noLeftovers(t, p, elf);
  });
});
