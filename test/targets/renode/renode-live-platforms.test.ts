/**
 * nrf52840 and stm32f746 on a real Renode: the selftest over the UART and the
 * memory path (more than one batch: every next batch is a reset in place), on
 * the shipped platform files. Skipped without Renode (renode-live-kit.ts).
 */
import t from 'tap';
import { buildSelftest, expectPassed, hangRecovery, memorySelftest, runRenode, selftestClips } from './renode-cases.js';
import { live, platform } from './renode-live-kit.js';

const logDir = t.testdirName;

for (const name of ['nrf52840', 'stm32f746']) {
  t.test(`${name} on Renode: selftest over the UART and the memory path, a hung clip recovered in place`, live, async (t) => {
    const p = await platform(name);
    const elf = await buildSelftest(p, logDir);
    const r = await runRenode(p, elf, t.testdir(), selftestClips(2, -1, 8000));
    expectPassed(t, r, 2);
    t.equal(r.outcome.device?.board, name);
    t.equal(r.outcome.device?.cycleSource, 'dwt', 'the added DWT counts');
    await memorySelftest(t, p, elf, 4, 64 * 1024);
    await hangRecovery(t, p, elf, 4000, 20_000);
  });
}
