/**
 * How a worker brings its target back after a clip went wrong, on QEMU with
 * the selftest firmware: after a stalled emulator (QEMU SIGSTOPped mid-run, so
 * its monitor answers nothing) it asks for a fresh start, not a reset in place
 * through that monitor; after a firmware hang (a timeout) an ordinary restart.
 * The target is the real QEMU one, wrapped to record what the worker asked of
 * it (the registry is mocked to hand out the wrapper). Asserted: statuses,
 * infrastructure errors and the restarts asked for.
 */
import t from 'tap';
import { join } from 'node:path';
import { buildFirmware } from '../../src/build/make.js';
import { loadPlatform } from '../../src/config/index.js';
import type { Clip } from '../../src/core/types.js';
import { selftestVerifier } from '../../src/harness/selftest.js';
import { createQemuTarget } from '../../src/targets/qemu/qemu.js';
import type { RestartOptions, Target, TargetContext } from '../../src/targets/target.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const logDir = tempDir(t, 'hil-worker-');

/** Selftest clips of 4000 samples; `args` per clip (the selftest's `hang`). */
function clips(args: (Record<string, number> | undefined)[]): Clip[] {
  return args.map((a, k) => {
    const samples = new Int16Array(4000);
    for (let i = 0; i < samples.length; i++) samples[i] = (((i + 1) * (7919 + 104729 * k)) % 65536) - 32768;
    return { id: `clip${k}`, samples, sampleRate: 16000, label: `seg${k % 4}`, ...(a ? { args: a } : {}) };
  });
}

t.test('a stalled emulator is started afresh; a timed-out firmware is restarted as usual', async (t) => {
  const platform = await loadPlatform(join(ROOT, 'platforms', 'mps2-an386.yaml'));
  const fw = await buildFirmware({ firmware: { app: 'selftest' }, platform, baseDir: ROOT, logDir, timeoutMs: 300_000 });
  const restarts: { reason: string; o: RestartOptions | undefined }[] = [];
  let pid = 0;
  let stopped = 0;
  const createTarget = (_kind: string, ctx: TargetContext): Target => {
    const real = createQemuTarget({
      ...ctx,
      log: (l) => {
        pid = Number(/qemu pid (\d+) connected/.exec(l)?.[1] ?? pid);
        ctx.log(l);
      },
    });
    return { ...real, restart: (reason, o) => (restarts.push({ reason, o }), real.restart(reason, o)) };
  };
  // The worker with the wrapping registry, and the harness with that worker (a mock reaches only direct imports).
  const worker = await t.mockImport<typeof import('../../src/harness/worker.js')>('../../src/harness/worker.js', {
    '../../src/targets/registry.js': { createTarget },
  });
  const { runHarness } = await t.mockImport<typeof import('../../src/harness/harness.js')>('../../src/harness/harness.js', {
    '../../src/harness/worker.js': worker,
  });
  const list = clips([undefined, undefined, { hang: 1 }, undefined]);
  const log: string[] = [];
  const outcome = await runHarness({
    targetKind: 'qemu', platform, board: platform.name, elf: fw.elf, runDir: t.testdir(), workers: 1, bootMs: 10_000, clipMs: 1000,
    labels: ['seg0', 'seg1', 'seg2', 'seg3'], argNames: selftestVerifier.argNames!, verifier: selftestVerifier, audioPath: 'uart',
    clips: list.map((c, index) => ({ index, id: c.id, bytes: c.samples.byteLength, load: async () => c })),
    events: {
      log: (l) => log.push(l), deviceLog: () => undefined, boot: () => undefined, error: () => undefined,
      // The first clip done: stop QEMU for good, so the next one stalls (its QMP answers nothing).
      // Never kill(0): that would stop this test's own process group.
      clip: (r) => {
        if (r.id !== 'clip0') return;
        stopped = pid;
        if (pid > 0) process.kill(pid, 'SIGSTOP');
      },
    },
  });
  t.ok(stopped > 0, 'QEMU was stopped (the wrapped target logged its pid)');
  t.same(outcome.results.map((r) => r.status), ['passed', 'error', 'timedout', 'passed'], log.join('\n'));
  t.match(outcome.results[1]!.reason, /^the emulator made no progress/);
  t.match(outcome.errors, [{ kind: 'emulator', message: /the emulator made no progress/ }]);
  t.same(restarts, [
    { reason: 'the emulator stalled', o: { fresh: true } },
    { reason: 'clip clip2 timed out', o: undefined },
  ], 'fresh after the stall only');
});
