/**
 * The host target runs the firmware's host build (the same C library and app
 * compiled for this machine) and speaks the protocol over its stdin/stdout. It
 * is the golden reference for device results and the fastest protocol test bed.
 */
import type { CycleInfo, DeviceInfo } from '../../core/types.js';
import { spawnManaged, type ManagedProcess } from '../../proc/spawn.js';
import { TargetError, type Target, type TargetConnection, type TargetContext, processHealth } from '../target.js';

export function createHostTarget(ctx: TargetContext): Target {
  let proc: ManagedProcess | undefined;
  let starts = 0;

  const start = async (): Promise<TargetConnection> => {
    const name = `host-w${ctx.worker}${starts ? `-${starts}` : ''}`;
    starts++;
    const p = spawnManaged(ctx.elf, [], { name, logDir: ctx.runDir, stdio: 'pipe', ...(ctx.signal ? { signal: ctx.signal } : {}) });
    proc = p;
    const { stdout, stdin } = p.child;
    if (!stdout || !stdin || p.pid < 0) {
      const e = await p.exited;
      throw new TargetError(`cannot start the host build ${ctx.elf}: ${e.startError ?? 'no stdio'}`, p.logPath);
    }
    // Writes after the child died must not crash the runner; the link notices the close.
    stdin.on('error', () => undefined);
    return { input: stdout, output: stdin };
  };

  const stop = async () => {
    if (proc?.running()) await proc.kill('teardown');
  };

  return {
    kind: 'host',
    start,
    async restart(reason) {
      ctx.log(`worker ${ctx.worker}: restarting host build (${reason})`);
      await stop();
      return start();
    },
    stop,
    health: (waitMs = 0) => processHealth(proc, 'the host build', waitMs),
    describe: () => ({ executable: ctx.elf }),
    cycleInfo: (device: DeviceInfo): CycleInfo => ({ source: device.cycleSource, unit: 'ns', factor: 1 }),
  };
}
