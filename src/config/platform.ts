/**
 * Platform files: `platforms/<name>.yaml`, one per board or emulated machine.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadDocument, type ConfigDocument } from './document.js';
import { PlatformSchema, type Platform } from './schema.js';

/** Platform files end in `.yaml` (not `.yml`), so `platforms/<name>.yaml` names exactly one file. */
export const PLATFORM_EXT = '.yaml';

/**
 * Loads and validates a platform file. Its `name` must equal the file name
 * without `.yaml`. Throws ConfigError (located in the platform file).
 */
export async function loadPlatform(file: string): Promise<Platform> {
  return (await loadPlatformDocument(file)).value;
}

/** {@link loadPlatform}, keeping the source for located errors. */
export async function loadPlatformDocument(file: string): Promise<ConfigDocument<Platform>> {
  const d = await loadDocument(file, PlatformSchema, 'platform');
  const expected = path.basename(file, PLATFORM_EXT);
  if (d.value.name !== expected)
    throw d.src.errorAt(['name'], `name must match the file name ${JSON.stringify(expected)}; got ${JSON.stringify(d.value.name)}`);
  // renode.repl.file is relative to the platform file; targets get it absolute.
  const repl = d.value.renode?.repl;
  if (repl && 'file' in repl) {
    repl.file = path.resolve(path.dirname(file), repl.file);
    if (!(await isFile(repl.file))) throw d.src.errorAt(['renode', 'repl', 'file'], `renode.repl.file: no such file ${repl.file}`);
  }
  return d;
}

/** The platform names defined in `dir` (`<name>.yaml` files), sorted; [] when `dir` does not exist. */
export async function listPlatforms(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith(PLATFORM_EXT) && !e.name.startsWith('.'))
    .map((e) => e.name.slice(0, -PLATFORM_EXT.length))
    .sort();
}

export async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

export async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/**
 * The `platforms/` folder of the nearest ancestor of `file`'s folder (itself
 * included) that has one, spelled relative when `file` is relative; undefined if none.
 */
export async function nearestPlatformsDir(file: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const candidate = path.join(dir, 'platforms');
    if (await isDirectory(candidate)) return path.isAbsolute(file) ? candidate : path.relative(process.cwd(), candidate) || '.';
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
