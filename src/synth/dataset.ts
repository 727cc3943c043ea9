/**
 * The committed dataset definition: scenarios/kws/dataset.yaml (words, ranges,
 * splits) and speakers.yaml (persons, their voices and splits). Both are loaded
 * with the scenario loader's machinery, so every problem is a located one-line
 * ConfigError (`file:line:col: ...`).
 */
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../build/make.js';
import { loadDocument } from '../config/document.js';
import { parseRange, RANGE_PATTERN, type Range } from './range.js';
import { compare, ESPEAK_ACCENTS, ESPEAK_VARIANTS, RECORDED_VOICES, SPLITS, splitVoiceId, type Split, type Voice } from './voices.js';

/** The dataset definition shipped with tinyhil. */
export const DEFAULT_DATASET = path.join(PACKAGE_ROOT, 'scenarios', 'kws', 'dataset.yaml');

export const SILENCE = '_silence_';
export const UNKNOWN = '_unknown_';

/** A range written `5..30`, `[5, 30]` or a single number, within [lo, hi]. */
export function rangeSchema(description: string, lo: number, hi: number) {
  return z
    .union([z.number(), z.string().meta({ pattern: RANGE_PATTERN }), z.array(z.number()).length(2)])
    .meta({ description, examples: [`${lo}..${hi}`] })
    .transform((v, ctx): Range => {
      const r = parseRange(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      if (r.min < lo || r.max > hi) {
        ctx.addIssue({ code: 'custom', message: `must be within ${lo}..${hi}` });
        return z.NEVER;
      }
      return r;
    });
}

const word = z.string().regex(/^[a-z][a-z']*$/, 'must be a lower-case word (letters and \')');
const share = z.number().min(0).max(1);

const SplitDef = z
  .object({
    per_word: z.number().int().min(1).max(100000).describe('clips per keyword (and per _silence_ × silence.ratio, _unknown_ × unknown.ratio)'),
    seed: z.number().int().min(0).max(2 ** 32 - 1).describe('the seed every clip\'s parameters derive from'),
    hashes: z.string().optional().describe('the committed sha256 list of this split\'s clips (relative to dataset.yaml)'),
    recorded_share: share.optional().describe('this split\'s share of clips spoken by recorded persons (default: speech.recorded_share)'),
  })
  .strict();

export const DatasetSchema = z
  .object({
    keywords: z.array(word).min(1).describe('the keywords, each a label'),
    speakers: z.string().optional().describe('the speakers file, relative to this file; default speakers.yaml'),
    unknown: z
      .object({
        words: z.array(word).min(1).describe('words spoken for _unknown_; no keyword homophones'),
        ratio: z.number().min(0).max(100).describe('_unknown_ clips per keyword clip'),
      })
      .strict(),
    silence: z
      .object({
        ratio: z.number().min(0).max(100).describe('_silence_ clips per keyword clip'),
        level_db: rangeSchema('RMS level of the noise, dBFS', -120, 0),
      })
      .strict(),
    speech: z
      .object({
        speed: rangeSchema('speaking rate factor', 0.5, 2),
        pitch: rangeSchema('pitch shift in semitones', -12, 12),
        level_db: rangeSchema('RMS level of the word, dBFS', -60, -3),
        snr_db: rangeSchema('signal-to-noise ratio, dB', -20, 80),
        noise: z.array(z.enum(['white', 'pink', 'brown', 'hum', 'babble'])).min(1).describe('background noise kinds'),
        recorded_share: share.describe('share of clips spoken by recorded persons'),
      })
      .strict(),
    augment: z
      .object({
        bandlimit: share.describe('share of clips band-limited'),
        reverb: share.describe('share of clips with reverb'),
      })
      .strict(),
    splits: z.object({ train: SplitDef, val: SplitDef, test: SplitDef }).strict(),
  })
  .strict();

export const SpeakersSchema = z
  .object({
    accents: z.array(z.enum(ESPEAK_ACCENTS as [string, ...string[]])).min(1).describe('the espeak-ng accents every espeak-ng person speaks with'),
    persons: z.record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/),
      z
        .object({
          split: z.enum(SPLITS as [Split, ...Split[]]),
          voices: z.array(z.string()).min(1).optional().describe('recorded voices: flite:<name> or festival:<name>'),
          variants: z.array(z.enum(ESPEAK_VARIANTS as [string, ...string[]])).min(1).optional().describe('espeak-ng variants'),
          weight: z.number().positive().max(100).optional().describe('how often this person speaks relative to the others of its kind (default 1)'),
        })
        .strict()
        .refine((p) => (p.voices === undefined) !== (p.variants === undefined), 'must have exactly one of `voices` (recorded) or `variants` (espeak-ng)'),
    ),
  })
  .strict();

export type DatasetDef = z.output<typeof DatasetSchema>;

/** A loaded dataset definition with every voice resolved to its person and split. */
export interface Dataset {
  /** dataset.yaml, absolute. */
  file: string;
  dir: string;
  def: DatasetDef;
  speakersFile: string;
  /** Every usable voice, sorted by id. */
  voices: Voice[];
  /** Labels in canonical order: keywords, then _silence_, then _unknown_. */
  labels: string[];
  /** The hashes file of each split that has one, absolute. */
  hashes: Partial<Record<Split, string>>;
}

const cache = new Map<string, Promise<Dataset>>();

/** Loads (once per process) a dataset definition and its speakers file. Throws ConfigError. */
export function loadDataset(file: string = DEFAULT_DATASET): Promise<Dataset> {
  const abs = path.resolve(file);
  let p = cache.get(abs);
  if (!p) {
    p = load(file);
    cache.set(abs, p);
    p.catch(() => cache.delete(abs));
  }
  return p;
}

async function load(file: string): Promise<Dataset> {
  const { value: def, src } = await loadDocument(file, DatasetSchema, 'dataset');
  const dir = path.dirname(path.resolve(file));
  const dup = (list: string[]) => list.findIndex((w, i) => list.indexOf(w) !== i);
  let i = dup(def.keywords);
  if (i >= 0) throw src.errorAt(['keywords', i], `keywords[${i}] repeats ${JSON.stringify(def.keywords[i])}`);
  i = dup(def.unknown.words);
  if (i >= 0) throw src.errorAt(['unknown', 'words', i], `unknown.words[${i}] repeats ${JSON.stringify(def.unknown.words[i])}`);
  i = def.unknown.words.findIndex((w) => def.keywords.includes(w));
  if (i >= 0) throw src.errorAt(['unknown', 'words', i], `unknown.words[${i}] ${JSON.stringify(def.unknown.words[i])} is a keyword`);
  const speakersRel = def.speakers ?? 'speakers.yaml';
  const speakersFile = path.join(path.dirname(file), speakersRel);
  const sp = await loadDocument(speakersFile, SpeakersSchema, 'speakers');
  const voices: Voice[] = [];
  const owner = new Map<string, string>();
  const variantOwner = new Map<string, string>();
  for (const [person, p] of Object.entries(sp.value.persons)) {
    if (p.voices) {
      p.voices.forEach((id, k) => {
        const at = ['persons', person, 'voices', k];
        const v = splitVoiceId(id);
        const info = v && RECORDED_VOICES.find((r) => r.engine === v.engine && r.name === v.name);
        if (!info) {
          const known = RECORDED_VOICES.map((r) => `${r.engine}:${r.name}`).join(', ');
          throw sp.src.errorAt(at, `persons.${person}.voices[${k}] must be a recorded voice (${known}); got ${JSON.stringify(id)}`);
        }
        if (owner.has(id)) throw sp.src.errorAt(at, `${id} is listed twice: by ${owner.get(id)} and by ${person}`);
        owner.set(id, person);
        voices.push({ id, engine: info.engine, name: info.name, person, split: p.split, kind: 'recorded', speedBy: info.speedBy, pitchBy: 'sox', ...(p.weight !== undefined ? { weight: p.weight } : {}) });
      });
    } else {
      p.variants!.forEach((variant, k) => {
        const prev = variantOwner.get(variant);
        if (prev !== undefined) throw sp.src.errorAt(['persons', person, 'variants', k], `variant ${JSON.stringify(variant)} is listed twice: by ${prev} and by ${person}`);
        variantOwner.set(variant, person);
        for (const accent of sp.value.accents) {
          const name = `${accent}+${variant}`;
          voices.push({ id: `espeak-ng:${name}`, engine: 'espeak-ng', name, person, split: p.split, kind: 'rule', speedBy: 'engine', pitchBy: 'engine', ...(p.weight !== undefined ? { weight: p.weight } : {}) });
        }
      });
    }
  }
  voices.sort((a, b) => compare(a.id, b.id));
  const hashes: Partial<Record<Split, string>> = {};
  for (const s of SPLITS) {
    const h = def.splits[s].hashes;
    if (h !== undefined) hashes[s] = path.resolve(dir, h);
  }
  return { file: path.resolve(file), dir, def, speakersFile: path.resolve(speakersFile), voices, labels: [...def.keywords, SILENCE, UNKNOWN], hashes };
}
