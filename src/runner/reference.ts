/**
 * The golden reference run: the host build of the same firmware (same sources,
 * same build variables) on the same clips, in the same run, for the parity budget.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ClipResult, InfraError } from '../core/types.js';
import { buildFirmware, BuildInterrupted, sha256File } from '../build/make.js';
import { runHarness } from '../harness/harness.js';
import type { PreparedScenario } from './prepare.js';

export interface ReferenceOutcome {
  elf?: string;
  sha256?: string;
  /** Host results by clip id. */
  results: Map<string, ClipResult>;
  errors: InfraError[];
  /** Why there is no reference (external firmware, host build failed...). */
  unavailable?: string;
  /** The reference run was interrupted: its results are incomplete. */
  interrupted?: boolean;
}

export async function runReference(prep: PreparedScenario, runDir: string, o: { buildMs: number; clipMs: number; signal: AbortSignal; log(line: string): void }): Promise<ReferenceOutcome> {
  const { scenario, platform, dir } = prep.loaded;
  const results = new Map<string, ClipResult>();
  if (scenario.firmware.app === undefined) return { results, errors: [], unavailable: 'parity needs a host build, which only firmware/apps apps have' };
  const refDir = join(runDir, 'reference');
  mkdirSync(refDir, { recursive: true });
  let build;
  try {
    build = await buildFirmware({ firmware: scenario.firmware, platform, baseDir: dir, logDir: refDir, timeoutMs: o.buildMs, host: true, signal: o.signal });
  } catch (e) {
    if (e instanceof BuildInterrupted) return { results, errors: [], interrupted: true };
    return { results, errors: [], unavailable: `the host build failed: ${(e as Error).message}` };
  }
  o.log(`reference: host build ${build.elf}`);
  const out = await runHarness({
    targetKind: 'host', platform, board: 'host', elf: build.elf, runDir: refDir, workers: 2, bootMs: 10_000, clipMs: o.clipMs,
    labels: scenario.labels, argNames: prep.argNames, audioPath: 'uart', signal: o.signal,
    clips: prep.clips.map((c, index) => ({ index, id: c.id, load: async () => c })),
    events: { log: (l) => o.log(`reference: ${l}`), deviceLog: () => undefined, boot: () => undefined, clip: () => undefined, error: () => undefined },
  });
  for (const r of out.results) results.set(r.id, r);
  const res: ReferenceOutcome = { elf: build.elf, sha256: await sha256File(build.elf), results, errors: out.errors, ...(out.interrupted ? { interrupted: true } : {}) };
  if (out.handshakeError) res.unavailable = `the host build refused the scenario: ${out.handshakeError.message}`;
  return res;
}
