/**
 * `inputs:` → a sorted, duplicate-free list of clip references. Nothing is read here
 * but directory listings and manifests; WAV headers are checked by `loadClip`.
 *
 * Entry kinds:
 * - a bare string: an existing file, an existing folder (as `folder:`), or a glob (as `files:`);
 * - `folder:` every sub-folder is a label (it must be one of `labels`); its `.wav` files, at
 *   any depth, are clips of that label. A `.wav` directly in the folder is an error: a folder
 *   entry promises labels, and a loose file silently left out of accuracy is worse than a stop;
 * - `files:` files or globs; `label:` labels them all, else the parent folder's name is the
 *   label when it is one of `labels`, else the clip is unlabelled;
 * - `manifest:` see manifest.ts.
 *
 * Globs and folders keep `.wav` files only (any case) and skip hidden files; a file named
 * explicitly is taken whatever its extension (loadClip says if it is not a WAV).
 * Order: entries in `inputs:` order; within an entry, by id (code-unit order), except
 * manifests, which keep their own row order.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { InputEntry } from '../config/schema.js';
import { readManifest } from './manifest.js';
import { compareStrings, fmtPath, idFor, isHidden, isWav, type ClipRef, type YamlPath } from './ref.js';
import { labelProblem } from './suggest.js';

/** What {@link resolveInputs} needs besides the entries. */
export interface ResolveOptions {
  /** The scenario's folder: entry paths and clip ids are relative to it. */
  baseDir: string;
  /** The scenario's labels, in device order. */
  labels: string[];
  /** Builds a `file:line:col: message` error located at a YAML path of the scenario. */
  errorAt(path: YamlPath, message: string): Error;
}

/** A ref plus where it came from, for the duplicate message. */
interface Found {
  ref: ClipRef;
  from: YamlPath;
  /** `<manifest>:<line>:<col>` for manifest rows. */
  where?: string;
}

/** Resolve every entry of `inputs:` to clip references. */
export async function resolveInputs(entries: InputEntry[], opts: ResolveOptions): Promise<ClipRef[]> {
  const baseDir = path.resolve(opts.baseDir);
  const all: Found[] = [];
  for (const [i, entry] of entries.entries()) all.push(...(await resolveEntry(entry, i, { ...opts, baseDir })));
  const seen = new Map<string, Found>();
  for (const f of all) {
    const first = seen.get(f.ref.id);
    if (first === undefined) {
      seen.set(f.ref.id, f);
      continue;
    }
    const msg = `${f.ref.id} is listed twice: by ${origin(first)} and by ${origin(f)}`;
    throw f.where === undefined ? opts.errorAt(f.from, msg) : new Error(`${f.where}: ${msg}`);
  }
  return all.map((f) => f.ref);
}

function origin(f: Found): string {
  return f.where === undefined ? fmtPath(f.from) : `${fmtPath(f.from)} (${f.where})`;
}

async function resolveEntry(entry: InputEntry, i: number, opts: ResolveOptions): Promise<Found[]> {
  const make = (file: string, from: YamlPath, label: string | undefined, where?: string): Found => {
    const ref: ClipRef = { id: idFor(opts.baseDir, file), path: file, entry: i };
    if (label !== undefined) ref.label = label;
    if (typeof entry !== 'string' && entry.args !== undefined) ref.args = { ...entry.args };
    return where === undefined ? { ref, from } : { ref, from, where };
  };
  if (typeof entry === 'string') {
    const st = await statOf(path.resolve(opts.baseDir, entry));
    if (st?.isDirectory()) return folderClips(entry, ['inputs', i], opts, make);
    return fileClips([entry], ['inputs', i], undefined, opts, make, false);
  }
  if (entry.label !== undefined) {
    if (entry.files === undefined)
      throw opts.errorAt(['inputs', i, 'label'], `${fmtPath(['inputs', i, 'label'])} only applies to \`files\`; folder and manifest entries give each clip its own label`);
    const problem = labelProblem(entry.label, opts.labels);
    if (problem !== undefined) throw opts.errorAt(['inputs', i, 'label'], `${fmtPath(['inputs', i, 'label'])}: ${problem}`);
  }
  if (entry.folder !== undefined) return folderClips(entry.folder, ['inputs', i, 'folder'], opts, make);
  if (entry.files !== undefined) {
    const list = typeof entry.files === 'string' ? [entry.files] : entry.files;
    return fileClips(list, ['inputs', i, 'files'], entry.label, opts, make, Array.isArray(entry.files));
  }
  if (entry.manifest !== undefined) {
    const at: YamlPath = ['inputs', i, 'manifest'];
    const file = path.resolve(opts.baseDir, entry.manifest);
    if (!(await statOf(file))?.isFile()) throw opts.errorAt(at, `${fmtPath(at)} "${entry.manifest}" does not exist`);
    const rows = await readManifest(file, opts.labels);
    if (rows.length === 0) throw opts.errorAt(at, `${fmtPath(at)} "${entry.manifest}" lists no clips`);
    return rows.map((r) => make(r.path, at, r.label, r.where));
  }
  // The schema guarantees one of the three; this only keeps the compiler and a future schema honest.
  throw opts.errorAt(['inputs', i], `${fmtPath(['inputs', i])} must have exactly one of \`folder\`, \`files\` or \`manifest\``);
}

type Make = (file: string, from: YamlPath, label: string | undefined) => Found;

async function folderClips(folder: string, at: YamlPath, opts: ResolveOptions, make: Make): Promise<Found[]> {
  const dir = path.resolve(opts.baseDir, folder);
  const st = await statOf(dir);
  if (st === undefined) throw opts.errorAt(at, `${fmtPath(at)} "${folder}" does not exist`);
  if (!st.isDirectory()) throw opts.errorAt(at, `${fmtPath(at)} "${folder}" is not a folder`);
  const out: Found[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (isHidden(d.name)) continue;
    // Data sets are often linked in: follow a symlinked label folder.
    const isDir = d.isDirectory() || (d.isSymbolicLink() && (await statOf(path.join(dir, d.name)))?.isDirectory() === true);
    if (!isDir) {
      if (isWav(d.name))
        throw opts.errorAt(at, `${fmtPath(at)} "${folder}": ${d.name} is not in a label sub-folder; move it to ${folder}/<label>/ or list it under \`files:\``);
      continue;
    }
    const problem = labelProblem(d.name, opts.labels, `sub-folder "${d.name}"`);
    if (problem !== undefined) throw opts.errorAt(at, `${fmtPath(at)} "${folder}": ${problem}`);
    const files = await glob(['**/*'], { cwd: path.join(dir, d.name), absolute: true, dot: false, onlyFiles: true, expandDirectories: false });
    for (const f of files.filter(isWav)) out.push(make(path.resolve(f), at, d.name));
  }
  if (out.length === 0) throw opts.errorAt(at, `${fmtPath(at)} "${folder}" has no .wav files in label sub-folders`);
  return out.sort((a, b) => compareStrings(a.ref.id, b.ref.id));
}

async function fileClips(
  list: string[],
  at: YamlPath,
  label: string | undefined,
  opts: ResolveOptions,
  make: Make,
  indexed: boolean,
): Promise<Found[]> {
  const out: Found[] = [];
  for (const [j, pattern] of list.entries()) {
    const from = indexed ? [...at, j] : at;
    const abs = path.resolve(opts.baseDir, pattern);
    // A file that exists is taken literally, even if its name has glob characters ("take[1].wav").
    const st = await statOf(abs);
    let files: string[];
    if (st?.isFile()) files = [abs];
    else if (st?.isDirectory()) throw opts.errorAt(from, `${fmtPath(from)} "${pattern}" is a folder; use \`folder:\` for labelled sub-folders or a glob like "${pattern}/*.wav"`);
    else if (!isDynamicPattern(pattern)) throw opts.errorAt(from, `${fmtPath(from)} "${pattern}" does not exist`);
    else {
      const matches = await glob([pattern], { cwd: opts.baseDir, absolute: true, dot: false, onlyFiles: true, expandDirectories: false });
      files = matches.filter(isWav).map((f) => path.resolve(f));
      if (files.length === 0) throw opts.errorAt(from, `${fmtPath(from)} "${pattern}" matched no ${matches.length ? '.wav ' : ''}files`);
    }
    for (const f of files) {
      const parent = path.basename(path.dirname(f));
      out.push(make(f, from, label ?? (opts.labels.includes(parent) ? parent : undefined)));
    }
  }
  return out.sort((a, b) => compareStrings(a.ref.id, b.ref.id));
}

async function statOf(p: string) {
  return stat(p).catch(() => undefined);
}
