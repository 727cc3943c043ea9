/**
 * What each clip will be, decided before anything is rendered. Every parameter of
 * clip `index` of `label` derives from hash(seed, label, index) alone (and the
 * definition's ranges and voice list), so a subset, a larger `per_word` or a resumed
 * run gives the same clips with the same names and bytes.
 */
import { createHash } from 'node:crypto';
import { mulberry32 } from '../inputs/prng.js';
import { SILENCE, UNKNOWN, type Dataset } from './dataset.js';
import { pick, type Range } from './range.js';
import { compare, spokenText, type Split, type Voice } from './voices.js';

export type NoiseKind = 'white' | 'pink' | 'brown' | 'hum' | 'babble';

/** A fully resolved generation request. */
export interface SynthSpec {
  dataset: Dataset;
  /** The split the voices come from, when the request named one. */
  split?: Split;
  /** The voices clips may be spoken by, sorted by id (never empty unless only _silence_ is asked for). */
  voices: Voice[];
  /** The labels to generate, in the dataset's order. */
  labels: string[];
  perWord: number;
  seed: number;
  snrDb: Range;
}

/** One clip's parameters. */
export interface ClipPlan {
  label: string;
  index: number;
  /** `<word or noise>-<index>-<8 hex of the parameters>`, unique and stable. */
  name: string;
  /** The run seed. */
  seed: number;
  /** The word spoken; absent for _silence_. */
  word?: string;
  voice?: Pick<Voice, 'id' | 'engine' | 'name' | 'person' | 'speedBy' | 'pitchBy'>;
  /** Speaking-rate factor (1 = the voice's normal rate). */
  speed?: number;
  /** Pitch shift, semitones. */
  pitch?: number;
  /** RMS level of the word (or of the noise, for _silence_), dBFS. */
  levelDb: number;
  snrDb?: number;
  noise: { kind: NoiseKind; seed: number };
  /** Where the word starts in the room the window leaves, 0..1. */
  place?: number;
  bandlimit?: { lowHz: number; highHz: number };
  /** sox reverb reverberance, %. */
  reverb?: number;
}

/** How many clips of `label` a spec with `perWord` asks for. */
export function clipCount(ds: Dataset, label: string, perWord: number): number {
  if (label === SILENCE) return Math.round(perWord * ds.def.silence.ratio);
  if (label === UNKNOWN) return Math.round(perWord * ds.def.unknown.ratio);
  return perWord;
}

/** Every clip of the spec, label by label in the spec's order, index by index. */
export function planClips(spec: SynthSpec): ClipPlan[] {
  const out: ClipPlan[] = [];
  const groups = groupVoices(spec.voices);
  for (const label of spec.labels) {
    const n = clipCount(spec.dataset, label, spec.perWord);
    for (let i = 0; i < n; i++) out.push(planClip(spec, label, i, groups));
  }
  return out;
}

interface VoiceGroups {
  recorded: Map<string, Voice[]>;
  rule: Map<string, Voice[]>;
}

function groupVoices(voices: readonly Voice[]): VoiceGroups {
  const g: VoiceGroups = { recorded: new Map(), rule: new Map() };
  for (const v of [...voices].sort((a, b) => compare(a.id, b.id))) {
    const m = g[v.kind];
    m.set(v.person, [...(m.get(v.person) ?? []), v]);
  }
  return g;
}

/** The PRNG seed of clip `index` of `label`: 32 bits of sha256(seed, label, index). */
export function clipSeed(seed: number, label: string, index: number): number {
  return createHash('sha256').update(`tinyhil-synth\0${seed}\0${label}\0${index}`).digest().readUInt32LE(0);
}

const at = <T>(list: readonly T[], u: number): T => list[Math.min(list.length - 1, Math.floor(u * list.length))]!;

/**
 * A person, uniformly or by their speakers.yaml weights. Without weights this is
 * exactly the uniform pick, so splits without weights keep their clips (and the
 * gated test set its hashes).
 */
function pickPerson(persons: readonly string[], group: Map<string, Voice[]>, u: number): string {
  const w = persons.map((p) => group.get(p)![0]!.weight ?? 1);
  if (w.every((x) => x === 1)) return at(persons, u);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < persons.length; i++) {
    acc += w[i]!;
    if (u * total < acc) return persons[i]!;
  }
  return persons[persons.length - 1]!;
}

export function planClip(spec: SynthSpec, label: string, index: number, groups = groupVoices(spec.voices)): ClipPlan {
  const d = spec.dataset.def;
  const rand = mulberry32(clipSeed(spec.seed, label, index));
  // A fixed number of draws in a fixed order, whatever the label: adding a use of one never shifts another.
  const u = Array.from({ length: 16 }, rand);
  const noise = { kind: at(d.speech.noise, u[0]!) as NoiseKind, seed: Math.floor(u[1]! * 2 ** 32) };
  let plan: ClipPlan;
  if (label === SILENCE) {
    plan = { label, index, name: '', seed: spec.seed, levelDb: pick(d.silence.level_db, u[2]!, 0.1), noise };
  } else {
    const word = label === UNKNOWN ? at(d.unknown.words, u[3]!) : label;
    const hasRec = groups.recorded.size > 0;
    const hasRule = groups.rule.size > 0;
    if (!hasRec && !hasRule) throw new Error(`no voices to speak ${JSON.stringify(label)} with`);
    const share = (spec.split && d.splits[spec.split].recorded_share) ?? d.speech.recorded_share;
    const group = hasRec && (!hasRule || u[4]! < share) ? groups.recorded : groups.rule;
    const persons = [...group.keys()].sort(compare);
    const voices = group.get(pickPerson(persons, group, u[5]!))!;
    const v = at(voices, u[6]!);
    plan = {
      label, index, name: '', seed: spec.seed, word,
      voice: { id: v.id, engine: v.engine, name: v.name, person: v.person, speedBy: v.speedBy, pitchBy: v.pitchBy },
      speed: pick(d.speech.speed, u[7]!, 0.01),
      pitch: pick(d.speech.pitch, u[8]!, 0.1),
      levelDb: pick(d.speech.level_db, u[9]!, 0.1),
      snrDb: pick(spec.snrDb, u[10]!, 0.1),
      noise,
      place: Number(u[11]!.toFixed(4)),
    };
    if (u[12]! < d.augment.bandlimit) plan.bandlimit = { lowHz: 200 + Math.round(u[13]! * 20) * 10, highHz: 3000 + Math.round(u[14]! * 30) * 100 };
    if (u[15]! < d.augment.reverb) plan.reverb = 20 + Math.round(((u[13]! + u[14]!) % 1) * 60);
  }
  const digest = paramsHash(plan);
  plan.name = `${plan.word ?? plan.noise.kind}-${String(index).padStart(4, '0')}-${digest.slice(0, 8)}`;
  return plan;
}

/** sha256 of the parameters that shape the audio (not the engine versions: names survive an engine update). */
export function paramsHash(p: ClipPlan): string {
  return createHash('sha256').update(canonicalJson(audioParams(p))).digest('hex');
}

/**
 * The parameters that decide a clip's audio: not its label, index, run seed or
 * name, and of the voice not the person it is filed under.
 */
export function audioParams(p: ClipPlan): Record<string, unknown> {
  const { name: _name, index: _index, label: _label, seed: _seed, voice, ...rest } = p;
  if (!voice) return rest;
  // The respelt text of a non-English voice shapes its audio; English voices say
  // the word itself, and leaving the key out keeps their names (and cache) as they were.
  const text = p.word !== undefined ? spokenText(voice.id, p.word) : undefined;
  return { ...rest, voice: { id: voice.id, speedBy: voice.speedBy, pitchBy: voice.pitchBy, ...(text !== p.word ? { text } : {}) } };
}

/** JSON with sorted keys: the same object always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort(compare)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
