/**
 * `hil synth`: generate the labelled keyword-spotting corpus (or a part of it)
 * into a folder with a manifest, from the committed dataset definition
 * (scenarios/kws/dataset.yaml + speakers.yaml). Exit codes: 0 done, 2 bad
 * options, dataset files or a test set whose clips no longer match their
 * committed hashes, 3 a missing or failing speech engine or sox, 130 interrupted.
 */
import path from 'node:path';
import { ConfigError } from '../config/index.js';
import { EXIT } from '../metrics/index.js';
import { displayPath } from '../inputs/ref.js';
import {
  checkHashes, describeSpec, hashProblem, loadDataset, readHashes, resolveSpec, SPLITS, synthesize, SynthEngineError,
  SynthOptionError, SynthProgressDisplay, SynthToolError, writeCorpus, writeHashes, type Range, type Split, type SynthRequest, type SynthResult,
} from '../synth/index.js';
import { fmtSeconds } from '../synth/progress.js';

export interface SynthCommandOptions {
  split: Split | 'all';
  words?: string[];
  voices?: string[];
  perWord?: number;
  snrDb?: Range;
  seed?: number;
  workers: number;
  out?: string;
  cache?: string;
  dataset?: string;
  updateHashes?: boolean;
  signal?: AbortSignal;
  /** Progress goes here (default stderr); results to `out`. */
  err?: NodeJS.WritableStream;
  isTTY?: boolean;
}

/** Options that change which clips a split gives (per_word only takes more or fewer of the same). */
function changers(o: SynthCommandOptions): string[] {
  const c: string[] = [];
  if (o.words) c.push('--words');
  if (o.voices) c.push('--voices');
  if (o.snrDb) c.push('--snr-db');
  if (o.seed !== undefined) c.push('--seed');
  return c;
}

export async function synthCommand(o: SynthCommandOptions, out: (s: string) => void): Promise<number> {
  const err = o.err ?? process.stderr;
  const fail = (code: number, msg: string) => {
    err.write(`${msg}\n`);
    return code;
  };
  if (!o.out && !o.updateHashes) return fail(EXIT.BAD_INPUT, 'hil synth: --out <dir> is required (where the clips and manifest.csv go)');
  try {
    const ds = await loadDataset(o.dataset);
    let splits: Split[] = o.split === 'all' ? [...SPLITS] : [o.split];
    if (o.updateHashes) {
      // Only the gated splits: --split all --update-hashes need not render the training set.
      const gated = splits.filter((s) => ds.hashes[s]);
      splits = gated;
      if (gated.length === 0) return fail(EXIT.BAD_INPUT, `hil synth --update-hashes: split ${o.split} has no hashes file in ${displayPath(ds.file)}`);
      const c = changers(o);
      if (o.perWord !== undefined) c.push('--per-word');
      if (c.length) return fail(EXIT.BAD_INPUT, `hil synth --update-hashes records the set as defined in ${displayPath(ds.file)}; drop ${c.join(', ')}`);
    }
    let code: number = EXIT.PASS;
    for (const split of splits) {
      const req: SynthRequest = { split };
      if (o.dataset) req.dataset = o.dataset;
      if (o.words) req.words = o.words;
      if (o.voices) req.voices = o.voices;
      if (o.perWord !== undefined) req.perWord = o.perWord;
      if (o.snrDb) req.snrDb = o.snrDb;
      if (o.seed !== undefined) req.seed = o.seed;
      const spec = await resolveSpec(req);
      const label = o.split === 'all' ? `synth ${split}` : 'synth';
      err.write(`${label}: ${describeSpec(spec)}\n`);
      const progress = new SynthProgressDisplay({ stream: err, isTTY: o.isTTY ?? false, label });
      let r: SynthResult;
      try {
        r = await synthesize(spec, {
          workers: o.workers,
          ...(o.cache ? { cacheDir: path.resolve(o.cache) } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.end();
      }
      const rate = r.generated ? `, ${(r.generated / (r.ms / 1000)).toFixed(1)} clips/s` : '';
      err.write(`${label}: ${r.clips.length} clips: ${r.generated} generated, ${r.cached} cached, in ${fmtSeconds(r.ms / 1000)}${rate}\n`);
      const hashes = ds.hashes[split];
      let note = '';
      if (hashes && o.updateHashes) {
        const before = await readHashes(hashes).catch(() => new Map<string, string>());
        const check = checkHashes(r.clips, before);
        await writeHashes(hashes, r.clips);
        const removed = [...before.keys()].filter((k) => !r.clips.some((c) => c.rel === k)).length;
        note = `recorded ${r.clips.length} hashes in ${displayPath(hashes)} (${check.changed.length} changed, ${check.unlisted.length} new, ${removed} removed)`;
      } else if (hashes) {
        const c = changers(o);
        if (c.length) note = `not checked against ${displayPath(hashes)}: ${c.join(', ')} change the clips, so this is not the gated set`;
        else {
          let table;
          try {
            table = await readHashes(hashes);
          } catch (e) {
            return fail(EXIT.BAD_INPUT, `hil synth: ${(e as Error).message}`);
          }
          const problem = hashProblem(checkHashes(r.clips, table), displayPath(hashes), r.tools);
          if (problem) return fail(EXIT.BAD_INPUT, `hil synth: split ${split}: ${problem}`);
          note = `all ${r.clips.length} clips match ${displayPath(hashes)}`;
        }
      }
      if (o.out) {
        const dir = o.split === 'all' ? path.join(o.out, split) : o.out;
        const manifest = await writeCorpus(r.clips, dir);
        out(`${split}: ${r.clips.length} clips in ${displayPath(path.resolve(dir))}, manifest ${displayPath(manifest)}\n`);
      }
      if (note) out(`${split}: ${note}\n`);
      if (o.signal?.aborted) {
        code = 130;
        break;
      }
    }
    return code;
  } catch (e) {
    if (o.signal?.aborted) return fail(130, 'hil synth: interrupted');
    if (e instanceof SynthOptionError) return fail(EXIT.BAD_INPUT, `hil synth: --${e.key.replace('_', '-')}: ${e.message.replace(/^\w+: /, '')}`);
    if (e instanceof ConfigError) return fail(EXIT.BAD_INPUT, e.message);
    if (e instanceof SynthToolError || e instanceof SynthEngineError) return fail(EXIT.INFRA, e.message);
    throw e;
  }
}

/** `--words yes,no` and `--voices a,b`: comma-separated, empty items dropped. */
export function commaList(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

