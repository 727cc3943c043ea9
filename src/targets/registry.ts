/** Maps target kinds (`target.kind` / `--target`) to factories. */
import { createHostTarget } from './host.js';
import { createQemuTarget } from './qemu.js';
import type { Target, TargetContext, TargetFactory } from './target.js';

const factories = new Map<string, TargetFactory>([
  ['qemu', createQemuTarget],
  ['host', createHostTarget],
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
