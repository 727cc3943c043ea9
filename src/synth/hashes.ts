/**
 * The committed content hashes of a gated clip set (scenarios/kws/testset.sha256):
 * `<sha256>  <label>/<name>.wav`, one line per clip, sorted, the format of
 * `sha256sum` (so `sha256sum -c` works in a folder `hil synth` wrote). When the
 * clips are regenerated they must hash the same, or what is measured has changed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { SynthClip } from './generate.js';
import { compare } from './voices.js';

/** `<label>/<name>.wav` → sha256 hex. */
export type HashTable = Map<string, string>;

/** Reads a hashes file; a malformed line is an Error naming `file:line`. */
export async function readHashes(file: string): Promise<HashTable> {
  const text = await readFile(file, 'utf8');
  const table: HashTable = new Map();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = /^([0-9a-f]{64}) [ *](\S.*)$/.exec(line.trimEnd());
    if (!m) throw new Error(`${file}:${i + 1}:1: expected "<sha256>  <label>/<name>.wav"; got ${JSON.stringify(line.slice(0, 80))}`);
    table.set(m[2]!, m[1]!);
  });
  return table;
}

export function formatHashes(clips: SynthClip[]): string {
  return clips
    .map((c) => `${c.sha256}  ${c.rel}\n`)
    .sort((a, b) => compare(a.slice(66), b.slice(66)))
    .join('');
}

export async function writeHashes(file: string, clips: SynthClip[]): Promise<void> {
  await writeFile(file, formatHashes(clips));
}

/** The outcome of checking clips against a hashes file. */
export interface HashCheck {
  checked: number;
  /** Clips whose bytes differ from the recorded hash. */
  changed: string[];
  /** Clips the file does not list (the options produced clips outside the recorded set). */
  unlisted: string[];
}

export function checkHashes(clips: SynthClip[], table: HashTable): HashCheck {
  const r: HashCheck = { checked: 0, changed: [], unlisted: [] };
  for (const c of clips) {
    const want = table.get(c.rel);
    if (want === undefined) r.unlisted.push(c.rel);
    else {
      r.checked++;
      if (want !== c.sha256) r.changed.push(c.rel);
    }
  }
  return r;
}

const some = (list: string[], n = 5) => `${list.slice(0, n).join(', ')}${list.length > n ? `, ... (${list.length - n} more)` : ''}`;

/** The one-line explanation of a failed check, or undefined when it passed. */
export function hashProblem(check: HashCheck, hashesFile: string, tools: string[]): string | undefined {
  if (check.changed.length) {
    return (
      `${check.changed.length} of ${check.checked} clips differ from ${hashesFile}: ${some(check.changed)}. ` +
      `The speech engine output changed (${tools.join('; ') || 'tools'}), e.g. a Debian update of espeak-ng, flite, festival or sox ` +
      "(or tinyhil's synth pipeline changed: PIPELINE_VERSION in src/synth/cache.ts), " +
      'so the gated test set would no longer be what was measured before. Pin the old packages, or re-record the hashes deliberately ' +
      '(`npx hil synth --split test --update-hashes`) and say so in the commit'
    );
  }
  if (check.unlisted.length) {
    return (
      `${check.unlisted.length} clips are not in ${hashesFile}: ${some(check.unlisted)}. ` +
      'The options (words, voices, snr_db, seed, per_word) produce clips outside the recorded set; ' +
      'use the set as defined, or set `hashes: false` for clips that are not gated'
    );
  }
  return undefined;
}
