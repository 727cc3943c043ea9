/**
 * The target kinds: the only list of them. Every other list (the scenario's
 * `target.kind`, the platform file's sections, `--target`, `hil list`, `hil
 * doctor`) is derived from {@link KINDS}; adding a kind is its folder and a
 * line here.
 */
import type { Platform } from '../config/schema.js';
import { boardKind } from './board/index.js';
import { hostKind } from './host/index.js';
import type { TargetKind } from './kind.js';
import { qemuKind } from './qemu/index.js';
import { renodeKind } from './renode/index.js';
import type { AudioPath, Target, TargetContext } from './target.js';

/** Every target kind, the default first. */
export const KINDS = [qemuKind, hostKind, renodeKind, boardKind] as const;

export type KindName = (typeof KINDS)[number]['name'];

/** `target.kind` when a scenario does not say. */
export const DEFAULT_KIND: KindName = KINDS[0].name;

/** The kinds' names, in order (the default first): for the schema's enum and `--target`. */
export const KIND_NAMES = KINDS.map((k) => k.name) as [KindName, ...KindName[]];

/** The kinds that own a platform-file section (named like the kind). */
export const SECTION_KINDS = KINDS.filter((k): k is Extract<(typeof KINDS)[number], { section: object }> => k.section !== undefined);

/** The kind named `name`; throws for an unknown one (the schema and `--target` refuse those first). */
export function targetKind(name: string): TargetKind {
  const k = KINDS.find((x) => x.name === name);
  if (!k) throw new Error(`unknown target "${name}" (known: ${KIND_NAMES.join(', ')})`);
  return k;
}

export function createTarget(kind: string, ctx: TargetContext): Target {
  return targetKind(kind).create(ctx);
}

/** The audio paths a target kind offers on a platform, without starting anything. */
export function audioPathsFor(kind: string, platform: Platform): AudioPath[] {
  return targetKind(kind).audioPaths(platform);
}

/** Why a target kind cannot run on this machine (its emulator is not installed), or undefined. */
export function targetUnavailable(kind: string): string | undefined {
  return targetKind(kind).unavailable?.();
}

/** The board name the device must report in HELLO: the platform's, or `host` for the host build. */
export function boardName(kind: string, platform: Platform): string {
  return targetKind(kind).firmware === 'host' ? 'host' : platform.name;
}

/** The platform-file sections present in `platform`: the kinds made for running it (the host kind runs any). */
export function kindsWithSection(platform: Platform): string[] {
  return SECTION_KINDS.filter((k) => platform[k.name as keyof Platform] !== undefined).map((k) => k.name);
}

/**
 * Resolves `target.audio_path` (auto: memory where the target has it; never pdm,
 * which is slower and only for scenarios that ask for it). Throws on an
 * unavailable explicit choice.
 */
export function resolveAudioPath(want: 'auto' | AudioPath | undefined, kind: string, platform: Platform): AudioPath {
  const have = audioPathsFor(kind, platform);
  if (want === undefined || want === 'auto') return have.includes('memory') ? 'memory' : 'uart';
  if (!have.includes(want)) {
    const needs = targetKind(kind).needs?.(want);
    throw new Error(`the ${want} audio path is not available on target ${kind} for platform ${platform.name} (available: ${have.join(', ')}${needs ? `; ${needs}` : ''})`);
  }
  return want;
}
