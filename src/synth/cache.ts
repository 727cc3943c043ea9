/**
 * The content-addressed clip cache: `<cache>/clips/<2 hex>/<key>.wav` plus
 * `<key>.json` (where the word sits). The key is sha256 of the pipeline version,
 * the engine's and sox's fingerprints (versions, Debian package versions) and
 * every parameter of the clip, so a cached clip is exactly what generating it
 * again would give, and an engine update misses the cache instead of mixing old
 * and new audio.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../build/make.js';
import { audioParams, canonicalJson, type ClipPlan } from './plan.js';

/** Bump when the audio pipeline (trimming, mixing, noise, effects) changes what a clip is. */
export const PIPELINE_VERSION = 2;

/** `$TINYHIL_SYNTH_CACHE`, else `.cache/synth` in the tinyhil project. */
export function defaultCacheDir(): string {
  return process.env.TINYHIL_SYNTH_CACHE ? path.resolve(process.env.TINYHIL_SYNTH_CACHE) : path.join(PACKAGE_ROOT, '.cache', 'synth');
}

/** What is kept next to a cached clip. */
export interface ClipMeta {
  /** First sample of the word in the window; absent for _silence_. */
  offset?: number;
  /** Length of the word, samples. */
  length?: number;
  /** The fingerprints the clip was made with. */
  tools: string[];
}

export function cacheKey(plan: ClipPlan, tools: string[]): string {
  return createHash('sha256').update(canonicalJson({ pipeline: PIPELINE_VERSION, tools, audio: audioParams(plan) })).digest('hex');
}

export function cachePaths(dir: string, key: string): { wav: string; meta: string } {
  const base = path.join(dir, 'clips', key.slice(0, 2), key);
  return { wav: `${base}.wav`, meta: `${base}.json` };
}

/** The cached clip's metadata, or undefined when it is not (completely) cached. */
export async function cachedMeta(dir: string, key: string): Promise<ClipMeta | undefined> {
  const p = cachePaths(dir, key);
  try {
    // The wav is written last: its presence means the entry is complete.
    if (!(await stat(p.wav)).isFile()) return undefined;
    return JSON.parse(await readFile(p.meta, 'utf8')) as ClipMeta;
  } catch {
    return undefined;
  }
}

/** Stores a clip atomically (temp file + rename), metadata first. */
export async function storeClip(dir: string, key: string, wav: Uint8Array, meta: ClipMeta): Promise<string> {
  const p = cachePaths(dir, key);
  await mkdir(path.dirname(p.wav), { recursive: true });
  const tmp = `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(p.meta + tmp, JSON.stringify(meta));
  await rename(p.meta + tmp, p.meta);
  await writeFile(p.wav + tmp, wav);
  await rename(p.wav + tmp, p.wav);
  return p.wav;
}
