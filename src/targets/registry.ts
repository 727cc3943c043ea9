/** Maps target kinds (`target.kind` / `--target`) to factories. */
import { createHostTarget } from './host.js';
import { createQemuTarget } from './qemu.js';
import { createRenodeTarget, findRenode, renodeMissing } from './renode.js';
import type { Platform } from '../config/schema.js';
import type { AudioPath, Target, TargetContext, TargetFactory } from './target.js';

const factories = new Map<string, TargetFactory>([
  ['qemu', createQemuTarget],
  ['host', createHostTarget],
  ['renode', (ctx) => createRenodeTarget(ctx)],
]);

export function targetKinds(): string[] {
  return [...factories.keys()];
}

export function registerTarget(kind: string, factory: TargetFactory): void {
  factories.set(kind, factory);
}

export function createTarget(kind: string, ctx: TargetContext): Target {
  const f = factories.get(kind);
  if (!f) throw new Error(`unknown target "${kind}" (known: ${targetKinds().join(', ')})`);
  return f(ctx);
}

/** The audio paths a target kind offers on a platform, without starting anything. */
export function audioPathsFor(kind: string, platform: Platform): AudioPath[] {
  const have: AudioPath[] = ['uart'];
  const emu = kind === 'qemu' ? platform.qemu : kind === 'renode' ? platform.renode : undefined;
  if (emu?.harness_region) have.push('memory');
  if (kind === 'renode' && platform.renode?.pdm) have.push('pdm');
  return have;
}

/** What a platform file needs for an audio path, for the error when it is missing. */
function needs(want: AudioPath, kind: string): string {
  if (want === 'memory') return kind === 'qemu' || kind === 'renode' ? `; the memory path needs ${kind}.harness_region in the platform file` : '';
  if (want === 'pdm') return '; the pdm path needs a microphone model: target renode and renode.pdm in the platform file (platforms/nrf52840.yaml has one)';
  return '';
}

/** Why a target kind cannot run on this machine (its emulator is not installed), or undefined. */
export function targetUnavailable(kind: string): string | undefined {
  if (kind === 'renode' && !findRenode()) return renodeMissing();
  return undefined;
}

/**
 * Resolves `target.audio_path` (auto: memory where the target has it; never pdm,
 * which is slower and only for scenarios that ask for it). Throws on an
 * unavailable explicit choice.
 */
export function resolveAudioPath(want: 'auto' | AudioPath | undefined, kind: string, platform: Platform): AudioPath {
  const have = audioPathsFor(kind, platform);
  if (want === undefined || want === 'auto') return have.includes('memory') ? 'memory' : 'uart';
  if (!have.includes(want))
    throw new Error(`the ${want} audio path is not available on target ${kind} for platform ${platform.name} (available: ${have.join(', ')}${needs(want, kind)})`);
  return want;
}
