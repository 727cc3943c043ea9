/**
 * Scenario files: what to run, on which platform, against which budgets.
 */
import path from 'node:path';
import { loadDocument } from './document.js';
import type { ConfigError, ConfigPath } from './errors.js';
import { isFile, listPlatforms, loadPlatformDocument, nearestPlatformsDir, PLATFORM_EXT } from './platform.js';
import { ScenarioSchema, type Platform, type Scenario } from './schema.js';
import { suggestion } from './suggest.js';

/** Options of {@link loadScenario}. */
export interface LoadScenarioOptions {
  /** More folders holding `<name>.yaml` platform files, searched after the scenario's nearest `platforms/`. */
  platformDirs?: string[];
}

/** A validated scenario with its platform. */
export interface LoadedScenario {
  /** The scenario file as the caller named it. */
  file: string;
  /** The scenario's folder, absolute: relative paths in the scenario (inputs, firmware) resolve against it. */
  dir: string;
  scenario: Scenario;
  platform: Platform;
  /** The platform file that was loaded (relative when the scenario path was). */
  platformFile: string;
  /**
   * A ConfigError located at `path` in the scenario file (its value; the nearest
   * existing parent if the path is not all there). `message` is used as is, after
   * the `file:line:col: ` prefix. For later stages: input resolution, the HELLO check.
   */
  errorAt(path: ConfigPath, message: string): ConfigError;
  /** Where `path` is in the scenario file: its key's line and column (1-based), or the nearest existing parent's. */
  locate(path: ConfigPath): { line: number; col: number };
  /** Loads another platform by name with the same lookup (matrix.platforms); errors located at `at`. */
  platformFor(name: string, at: ConfigPath): Promise<{ platform: Platform; platformFile: string }>;
}

/**
 * Loads and validates a scenario and its platform. The platform is
 * `platforms/<name>.yaml` in the nearest ancestor folder of the scenario that has a
 * `platforms/` folder, else in the first of `opts.platformDirs` that has it.
 * Throws ConfigError, located in whichever file is wrong.
 */
export async function loadScenario(file: string, opts: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  const { value: scenario, src } = await loadDocument(file, ScenarioSchema, 'scenario');
  const nearest = await nearestPlatformsDir(file);
  // The same folder may come both ways (`platforms` and /abs/platforms): search and list it once.
  const byPath = new Map<string, string>();
  for (const d of [...(nearest ? [nearest] : []), ...(opts.platformDirs ?? [])]) if (!byPath.has(path.resolve(d))) byPath.set(path.resolve(d), d);
  const dirs = [...byPath.values()];
  /** Finds and loads platform `name`, or throws located at `at` in the scenario. */
  const platformFor = async (name: string, at: ConfigPath): Promise<{ platform: Platform; platformFile: string }> => {
    for (const d of dirs) {
      const candidate = path.join(d, name + PLATFORM_EXT);
      if (await isFile(candidate)) return { platform: (await loadPlatformDocument(candidate)).value, platformFile: candidate };
    }
    const known = [...new Set((await Promise.all(dirs.map(listPlatforms))).flat())].sort();
    const where = dirs.length ? `in ${dirs.join(', ')}` : `(no platforms/ folder in ${path.dirname(file) || '.'} or above it)`;
    const available = known.length ? `available: ${known.join(', ')}` : 'no platforms are defined';
    throw src.errorAt(at, `platform ${JSON.stringify(name)} is not defined ${where}; ${suggestion(name, known)}${available}`);
  };
  const { platform, platformFile } = await platformFor(scenario.platform, ['platform']);
  return {
    file,
    dir: path.dirname(path.resolve(file)),
    scenario,
    platform,
    platformFile,
    errorAt: (p, message) => src.errorAt(p, message),
    locate: (p) => src.locate(p),
    platformFor,
  };
}
