/**
 * Everything a scenario needs before anything runs: the validated scenario,
 * its clips (resolved, selected, read and checked), and the app's argument
 * names. All errors here are bad input (exit 2), located where possible.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadScenario, type LoadedScenario } from '../config/index.js';
import { expandMatrix, type MatrixCell } from './matrix.js';
import type { Clip } from '../core/types.js';
import { firmwareRoot, PACKAGE_ROOT } from '../build/make.js';
import { failedClipIds, loadClip, resolveInputs, selectClips, type ClipRef } from '../inputs/index.js';
import { getVerifier, type Verifier } from '../harness/verify.js';
import { DEFAULT_KIND, resolveAudioPath, targetKind as kindOf } from '../targets/registry.js';
import { SynthInterrupted } from '../synth/index.js';
import type { AudioPath } from '../targets/target.js';

/** Bad input that has no YAML position (a missing report for --only-failed...). */
export class InputError extends Error {
  override name = 'InputError';
}

export interface Selection {
  /** Overrides `target.kind` (the CLI's --target). */
  target?: string;
  /** Overrides `target.audio_path` (the CLI's --audio-path). */
  audioPath?: 'auto' | AudioPath;
  limit?: number;
  sample?: number;
  seed?: number;
  /** A previous report.json / results.jsonl / run folder: rerun only what did not pass there. */
  onlyFailed?: string;
}

export interface PreparedScenario {
  loaded: LoadedScenario;
  /** Target kind and audio path, resolved (CLI over scenario over defaults). */
  targetKind: string;
  audioPath: AudioPath;
  clips: Clip[];
  /** Clips before selection (for the report). */
  totalBeforeSelection: number;
  argNames: readonly string[];
  verifier?: Verifier;
  /** Why this matrix cell does not run (its platform lacks its target's section): reported as skipped, with this note. */
  skip?: string;
  /** Set when this run is one cell of a `matrix:`. */
  cell?: MatrixCell;
  sampleRate: number;
  /** Preparing was interrupted (Ctrl-C while synthesizing): what it got to. Nothing runs; the report says so. */
  interrupted?: string;
}

export const SAMPLE_RATE = 16000;

/**
 * The input stage reports bad files with plain one-line Errors; mark them as bad
 * input. TypeErrors and the like stay internal errors with their stack.
 */
async function asInputError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Error && e.constructor === Error) throw new InputError(e.message);
    throw e;
  }
}

/** Reads `firmware/apps/<app>/app.yaml` for the app's argument names (CLIP_BEGIN order). */
async function appArgNames(app: string, baseDir: string): Promise<string[]> {
  const file = join(firmwareRoot(app, baseDir), 'apps', app, 'app.yaml');
  if (!existsSync(file)) return [];
  const doc = parse(await readFile(file, 'utf8')) as { args?: unknown } | null;
  return Array.isArray(doc?.args) ? doc.args.map(String) : [];
}

/** The firmware the scenario names must exist before anything is built. */
function checkFirmware(loaded: LoadedScenario): void {
  const fw = loaded.scenario.firmware;
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (fw.app !== undefined) {
    const apps = join(firmwareRoot(fw.app, loaded.dir), 'apps');
    if (!isDir(join(apps, fw.app))) {
      const known = isDir(apps) ? readdirSync(apps).filter((d) => isDir(join(apps, d))).sort() : [];
      throw loaded.errorAt(['firmware', 'app'], `no app "${fw.app}" in ${apps}; available: ${known.join(', ') || 'none'}`);
    }
  } else if (fw.path !== undefined) {
    if (!isDir(resolve(loaded.dir, fw.path))) throw loaded.errorAt(['firmware', 'path'], `firmware.path ${JSON.stringify(fw.path)} is not a folder (relative to ${loaded.dir})`);
  } else if (fw.elf !== undefined && !existsSync(resolve(loaded.dir, fw.elf))) {
    throw loaded.errorAt(['firmware', 'elf'], `firmware.elf ${JSON.stringify(fw.elf)} does not exist (relative to ${loaded.dir})`);
  }
}

/** The audio path for one (expanded) scenario: CLI over scenario over auto. */
function audioPathOf(loaded: LoadedScenario, targetKind: string, sel: Selection): AudioPath {
  try {
    return resolveAudioPath(sel.audioPath ?? loaded.scenario.target?.audio_path, targetKind, loaded.platform);
  } catch (e) {
    if (sel.audioPath) throw new InputError(`--audio-path: ${(e as Error).message}`);
    throw loaded.errorAt(['target', 'audio_path'], (e as Error).message);
  }
}

/** Loads, checks and reads everything for a scenario: one result per matrix cell (one without a matrix). */
export async function prepareScenario(file: string, sel: Selection, signal?: AbortSignal): Promise<PreparedScenario[]> {
  const loaded = await loadScenario(file, { platformDirs: [join(PACKAGE_ROOT, 'platforms')] });
  const { scenario } = loaded;
  checkFirmware(loaded);
  const targetKind = sel.target ?? scenario.target?.kind ?? DEFAULT_KIND;
  try {
    await kindOf(targetKind).check?.(loaded.platform);
  } catch (e) {
    throw e instanceof ConfigError ? e : new InputError((e as Error).message);
  }
  const cells = await expandMatrix(loaded);
  // --target wins over matrix.target; a cell that will be skipped needs no audio path.
  const kindOfCell = (c: (typeof cells)[number]) => sel.target ?? c.cell?.target ?? targetKind;
  for (const k of new Set(cells.map(kindOfCell))) if (k !== targetKind) await kindOf(k).check?.(loaded.platform);
  const paths = cells.map((c) => (c.skip && !sel.target ? 'uart' : audioPathOf(c.loaded, kindOfCell(c), sel)));
  const verifier = scenario.verify ? getVerifier(scenario.verify) : undefined;
  const argNames = scenario.firmware.app !== undefined ? await appArgNames(scenario.firmware.app, loaded.dir) : [];
  const names = argNames.length ? argNames : [...(verifier?.argNames ?? [])];
  scenario.inputs.forEach((entry, i) => {
    if (typeof entry === 'string' || !entry.args) return;
    for (const k of Object.keys(entry.args)) {
      if (!names.includes(k))
        throw loaded.errorAt(['inputs', i, 'args', k], `unknown app argument "${k}"; the firmware takes ${names.length ? names.join(', ') : 'no arguments'}`);
    }
  });
  if (names.length > 8) throw loaded.errorAt(['firmware'], `the app declares ${names.length} arguments; the protocol carries at most 8`);
  const cellsOf = (clips: Clip[], total: number, interrupted?: string): PreparedScenario[] =>
    cells.map((c, i) => ({
      loaded: c.loaded, targetKind: kindOfCell(c), audioPath: paths[i]!, clips, totalBeforeSelection: total, argNames: names, sampleRate: SAMPLE_RATE,
      ...(verifier ? { verifier } : {}), ...(c.cell ? { cell: c.cell } : {}), ...(interrupted ? { interrupted } : {}),
      ...(c.skip && !sel.target ? { skip: c.skip } : {}),
    }));
  let refs: ClipRef[];
  try {
    refs = await asInputError(resolveInputs(scenario.inputs, { baseDir: loaded.dir, labels: scenario.labels, errorAt: loaded.errorAt, ...(signal ? { signal } : {}) }));
  } catch (e) {
    if (e instanceof SynthInterrupted) return cellsOf([], 0, e.message);
    throw e;
  }
  let only: Set<string> | undefined;
  if (sel.onlyFailed) {
    try {
      only = await failedClipIds(sel.onlyFailed);
    } catch (e) {
      throw new InputError(`--only-failed: ${(e as Error).message}`);
    }
  }
  const picked: ClipRef[] = selectClips(refs, { ...sel, ...(only ? { only } : {}) });
  // Read every clip up front: a broken WAV is bad input, found before minutes of emulation.
  const clips = await asInputError(Promise.all(picked.map((r) => loadClip(r, { sampleRate: SAMPLE_RATE }))));
  return cellsOf(clips, refs.length);
}
