/**
 * What a target kind is, in one place: each kind (`qemu`, `renode`, `host`,
 * ...) describes itself with one {@link TargetKind} in its own folder, and
 * `registry.ts` lists them. Everything that used to branch on a kind's name
 * (the scenario and platform schemas, `--target`, `hil list`, `hil doctor`,
 * the build, the provenance) asks the registry instead, so a new kind is one
 * folder plus one registry line. The model is labgrid's drivers, which
 * register themselves and own their configuration fields, and twister's
 * `Simulator.is_runnable()`.
 */
import type { z } from 'zod';
import type { Platform } from '../config/schema.js';
import type { AudioPath, TargetFactory } from './target.js';

/** A `hil run` option a kind owns (`--renode <path>`): its value, resolved to an absolute path, goes to `env`. */
export interface KindOption {
  /** Commander flags: `--renode <path>`. */
  flags: string;
  description: string;
  env: string;
  /** `path` (default): resolved to an absolute path; `text`: passed as given (an id, a duration). */
  value?: 'path' | 'text';
}

/** A platform-file section schema: `qemu:`, `renode:`, `board:`. */
export type SectionSchema = z.ZodTypeAny;

/**
 * A target kind's description of itself.
 * @typeParam N - its name, the value of `target.kind` and `--target`
 * @typeParam S - the zod schema of its platform-file section (named like the kind), if it has one
 */
export interface TargetKind<N extends string = string, S extends SectionSchema | undefined = SectionSchema | undefined> {
  readonly name: N;
  /** How people write it: `QEMU`, `Renode`. */
  readonly title: string;
  /** One phrase for the scenario schema and `--help`: what running on it means. */
  readonly summary: string;
  /** Its section of a platform file (`<name>:`): how to run a platform on it; none for a kind that runs any platform. */
  readonly section: S;
  /** What firmware it runs: the platform's cross build, or the host build of the same source. */
  readonly firmware: 'cross' | 'host';
  /** The external tools a run on it needs (names in proc/tools.ts): recorded in the report, checked by `hil doctor`. */
  readonly tools: readonly string[];
  /** What its cycle counts are, in words (for `hil list` and `hil doctor`); each run's figures say it again through CycleInfo. */
  readonly cycles: string;
  /** The audio paths it offers on `platform`, without starting anything. */
  audioPaths(platform: Platform): AudioPath[];
  /** What a platform file lacks for a path this kind can offer, said after "not available" ('' if nothing would help). */
  needs?(path: AudioPath): string;
  /** Why it cannot run on this machine (a tool not installed), or undefined when it can. */
  unavailable?(): string | undefined;
  /**
   * Make variables its platform section adds to the firmware build, over the
   * platform's memory layout: a board whose bootloader owns the start of flash
   * links higher (`FLASH_ORIGIN`), a board's UART pins (`DEFINES`).
   */
  buildVariables?(platform: Platform): Record<string, string>;
  /** How many workers it can run at once on `platform` (one per attached board); no limit when absent. */
  maxWorkers?(platform: Platform): number;
  /**
   * Checks, before anything is built or booted, what the kind reads besides the
   * scenario and platform (a board's lab file, its options); throws a
   * ConfigError or an Error whose message is the bad input (exit 2).
   */
  check?(platform: Platform): Promise<void>;
  /** Its own `hil run` options: each names a file or folder and sets an environment variable the kind reads. */
  readonly options?: readonly KindOption[];
  /** Creates one target (one per worker). */
  readonly create: TargetFactory;
}
