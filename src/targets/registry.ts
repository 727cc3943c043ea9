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
  if (kind === 'qemu' && platform.qemu?.harness_region) return ['uart', 'memory'];
  if (kind === 'renode' && platform.renode?.harness_region) return ['uart', 'memory'];
  return ['uart'];
}

/** Why a target kind cannot run on this machine (its emulator is not installed), or undefined. */
export function targetUnavailable(kind: string): string | undefined {
  if (kind === 'renode' && !findRenode()) return renodeMissing();
  return undefined;
}

/** Resolves `target.audio_path` (auto: memory where the target has it). Throws on an unavailable explicit choice. */
export function resolveAudioPath(want: 'auto' | 'uart' | 'memory' | undefined, kind: string, platform: Platform): AudioPath {
  const have = audioPathsFor(kind, platform);
  if (want === undefined || want === 'auto') return have.includes('memory') ? 'memory' : 'uart';
  if (!have.includes(want))
    throw new Error(`the ${want} audio path is not available on target ${kind} for platform ${platform.name} (available: ${have.join(', ')}${kind === 'qemu' || kind === 'renode' ? `; the memory path needs ${kind}.harness_region in the platform file` : ''})`);
  return want;
}
