/**
 * What the live Renode test files share (renode-live*.test.ts): whether a Renode
 * is installed, the shipped platforms, and the KWS workload on a target. Each
 * live file stays well inside tap's per-file limit (package.json `tap.timeout`,
 * 300 s): a file tap kills on its timeout is a failed run, and may leave its
 * Renode behind.
 */
import type { Test } from 'tap';
import { join } from 'node:path';
import { buildFirmware } from '../../../src/build/make.js';
import { loadPlatform } from '../../../src/config/index.js';
import type { Platform } from '../../../src/config/schema.js';
import type { Clip } from '../../../src/core/types.js';
import { runHarness, type HarnessOutcome } from '../../../src/harness/harness.js';
import { loadClip, resolveInputs } from '../../../src/inputs/index.js';
import { findRenode } from '../../../src/targets/renode/renode.js';
import type { AudioPath } from '../../../src/targets/target.js';
import { ROOT } from '../../helpers/cli.js';

const renode = findRenode();
/** Options for a live test: skipped, with how to enable it, where no Renode is found. */
export const live = renode ? {} : { skip: 'Renode not found: install it and run `RENODE=/path/to/renode npm test` (or put renode on PATH) to run the live Renode tests' };

export const platform = (name: string): Promise<Platform> => loadPlatform(join(ROOT, 'platforms', `${name}.yaml`));

export const KWS_LABELS = ['_silence_', '_unknown_', 'yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'];

/** The KWS fixture clips (4 per class, real synthesized speech); `perClass` takes the first n of each class. */
export async function kwsClips(perClass = 4): Promise<Clip[]> {
  const dir = join(ROOT, 'test', 'kws', 'fixtures');
  const refs = await resolveInputs([{ manifest: 'manifest.csv' }], { baseDir: dir, labels: KWS_LABELS, errorAt: (_p, m) => new Error(m) });
  const clips = await Promise.all(refs.map((r) => loadClip(r, { sampleRate: 16000 })));
  const seen = new Map<string, number>();
  return clips.filter((c) => {
    const n = (seen.get(c.label!) ?? 0) + 1;
    seen.set(c.label!, n);
    return n <= perClass;
  });
}

/** The int8 KWS firmware on one target and audio path, the clips in order. */
export async function runKws(t: Test, logDir: string, kind: string, p: Platform, clips: Clip[], audioPath: AudioPath): Promise<HarnessOutcome> {
  const fw = await buildFirmware({ firmware: { app: 'kws', variables: { VARIANT: 'int8' } }, platform: p, baseDir: ROOT, logDir, timeoutMs: 600_000 });
  return runHarness({
    targetKind: kind, platform: p, board: p.name, elf: fw.elf, runDir: t.testdir(), workers: 1, bootMs: 30_000, clipMs: 60_000, labels: KWS_LABELS, argNames: [],
    clips: clips.map((c, index) => ({ index, id: c.id, bytes: c.samples.byteLength, load: async () => c })), audioPath,
    events: { log: () => undefined, deviceLog: () => undefined, boot: () => undefined, clip: () => undefined, error: (e) => t.comment(e.message) },
  });
}

/** Every clip ran on both, and each has the same prediction and scores. */
export function sameResults(t: Test, q: HarnessOutcome, r: HarnessOutcome, n: number, what: string): void {
  t.equal(q.results.filter((c) => c.status === 'passed').length, n, 'all clips ran on QEMU');
  t.equal(r.results.filter((c) => c.status === 'passed').length, n, 'all clips ran on Renode');
  const differ = q.results.filter((c, i) => c.predicted !== r.results[i]!.predicted || JSON.stringify(c.scores) !== JSON.stringify(r.results[i]!.scores));
  t.same(differ.map((c) => c.id), [], `the same predictions and scores on ${n} clips (${what})`);
}
