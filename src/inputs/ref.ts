/**
 * The clip reference type and the small path helpers shared by the input modules.
 */
import path from 'node:path';

/** A clip found by {@link resolveInputs}, not yet read from disk. */
export interface ClipRef {
  /** Stable id: the path relative to the scenario's folder, with `/` separators. */
  id: string;
  /** The file, absolute. */
  path: string;
  /** Ground-truth label, when the entry gives one. */
  label?: string;
  /** The entry's app arguments (`args:`), copied onto every clip of the entry. */
  args?: Record<string, number>;
  /** Index of the entry in `inputs:` that produced this clip. */
  entry: number;
  /** A group accuracy is also reported for (synth sets the voice family). */
  group?: string;
}

/** A YAML path such as `['inputs', 2, 'folder']`. */
export type YamlPath = (string | number)[];

/** `['inputs', 1, 'files', 0]` → `inputs[1].files[0]`. */
export function fmtPath(p: YamlPath): string {
  let s = '';
  for (const k of p) s += typeof k === 'number' ? `[${k}]` : s === '' ? k : `.${k}`;
  return s;
}

/** The id of a file: relative to the scenario folder, `/`-separated so reports compare across machines. */
export function idFor(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).join('/');
}

/**
 * How a file is named in error messages: relative to the working directory when it is
 * inside it (so a suggested command can be pasted as is), absolute otherwise.
 */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `.wav` in any case; the other files of a clip folder (notes, CSVs) are not clips. */
export function isWav(file: string): boolean {
  return /\.wav$/i.test(file);
}

/** Hidden files (`.DS_Store`, `._a.wav` from macOS) are never clips. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * Code-unit order: unlike `localeCompare` it does not depend on the machine's locale,
 * so the clip order (and a seeded sample) is the same everywhere.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quote a path for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./+=:@,%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
