/**
 * The Renode target against whole sessions recorded from live Renodes
 * (fixtures/renode-live/<version>-hang-recovery.jsonl: this target with
 * `--renode-record`, running renode-live.test.ts's hung-clip case on Renode
 * 1.15.3 and 1.16.1 built from source). The fake Renode answers each request
 * with the recorded response only if the request is the recorded one, so the
 * whole command sequence, and how the target reads each real answer (version,
 * quantum, the offline SVD FAIL, the reset macro, the counters), is checked for
 * both versions here, without Renode.
 */
import t from 'tap';
import { join } from 'node:path';
import { loadPlatform } from '../../../src/config/index.js';
import { createRenodeTarget } from '../../../src/targets/renode/renode.js';
import { ROOT } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { fakeRenode } from './fake-renode-bin.js';
import { LIVE, readExchanges } from './renode-recordings.js';

const work = tempDir(t, 'hil-renode-replay-');
const platform = await loadPlatform(join(ROOT, 'platforms', 'stm32f4-discovery.yaml'));

for (const version of ['1.15.3', '1.16.1']) {
  t.test(`Renode ${version}: start, three counter reads, a reset in place, two more, stop: the recorded session, request for request`, async (t) => {
    const file = join(LIVE, `${version}-hang-recovery.jsonl`);
    const recorded = readExchanges(file);
    const fake = fakeRenode(work, `replay-${version}`, ['--replay', file]);
    // The recording's ELF was the selftest built for stm32f4-discovery; only its folder differs here.
    const lines: string[] = [];
    const target = createRenodeTarget({ platform, elf: join(work, 'selftest.elf'), runDir: t.testdir(), worker: 0, bootMs: 30_000, log: (l) => lines.push(l) }, { binary: fake.path });
    try {
      await target.start();
      const reads = [await target.counters!(), await target.counters!(), await target.counters!()];
      await target.restart('clip clip1 timed out');
      reads.push(await target.counters!(), await target.counters!());
      t.same(reads.map((r) => r.executedInstructions !== undefined), [true, true, true, true, true], 'every counter read parsed');
      t.ok(reads[3]!.executedInstructions! < reads[2]!.executedInstructions!, 'the reset in place reset the CPU\'s instruction count (as recorded)');
      t.match(target.describe(), { version: new RegExp(`^Renode, version ${version.replace(/\./g, '\\.')}`), quantumSeconds: 0.0001 });
      t.same(await target.emulator!(), { name: 'renode', title: 'Renode', version });
      const ci = target.cycleInfo({ cycleSource: 'dwt' } as never);
      t.equal(ci.resolution, version === '1.15.3' ? 16_800 : undefined, 'the counter resolution this version has');
      t.ok(lines.some((l) => l.includes('renode: skipped ApplySVD https://dl.antmicro.com/projects/renode/svd/STM32F40x.svd.gz')), 'its real offline SVD FAIL tolerated');
    } finally {
      await target.stop();
    }
    const j = fake.journal();
    t.same(j.filter((e) => e.status === 'REPLAY-MISMATCH').map((e) => e.body.slice(0, 200)), [], 'no request differed from the recording');
    t.equal(j.length, recorded.length, `all ${recorded.length} recorded exchanges, no more`);
    t.same(target.stats!(), { renodeStarts: 1, resetsInPlace: 1, freshStarts: 0 });
  });
}
