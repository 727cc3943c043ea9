/**
 * The voices `hil synth` can speak with: every English espeak-ng accent × variant,
 * the flite voices and the festival voices Debian ships. A voice id is
 * `<engine>:<name>`: `espeak-ng:en-us+m3`, `flite:kal16`, `festival:ked_diphone`.
 * Which person each voice belongs to, and that person's split, come from
 * scenarios/kws/speakers.yaml (see dataset.ts).
 */

export type EngineName = 'espeak-ng' | 'flite' | 'festival';
export const ENGINES: readonly EngineName[] = ['espeak-ng', 'flite', 'festival'];

/** The espeak-ng 1.51 variants (`espeak-ng-data/voices/!v`), all usable with any accent. */
export const ESPEAK_VARIANTS: readonly string[] = [
  'Alex', 'Alicia', 'Andrea', 'Andy', 'Annie', 'AnxiousAndy', 'Demonic', 'Denis', 'Diogo', 'Gene', 'Gene2', 'Henrique',
  'Hugo', 'Jacky', 'Lee', 'Marco', 'Mario', 'Michael', 'Mike', 'Mr serious', 'Nguyen', 'RicishayMax', 'RicishayMax2',
  'RicishayMax3', 'Storm', 'Tweaky', 'UniRobot', 'adam', 'anika', 'anikaRobot', 'announcer', 'antonio', 'aunty',
  'belinda', 'benjamin', 'boris', 'caleb', 'croak', 'david', 'ed', 'edward', 'edward2', 'f1', 'f2', 'f3', 'f4', 'f5',
  'fast', 'grandma', 'grandpa', 'gustave', 'iven', 'iven2', 'iven3', 'iven4', 'john', 'kaukovalta', 'klatt', 'klatt2',
  'klatt3', 'klatt4', 'klatt5', 'klatt6', 'linda', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'marcelo', 'max',
  'michel', 'miguel', 'norbert', 'pablo', 'paul', 'pedro', 'quincy', 'rob', 'robert', 'robosoft', 'robosoft2',
  'robosoft3', 'robosoft4', 'robosoft5', 'robosoft6', 'robosoft7', 'robosoft8', 'sandro', 'shelby', 'steph', 'steph2',
  'steph3', 'travis', 'victor', 'whisper', 'whisperf', 'zac',
];

/** The English espeak-ng accents (MBROLA voices excluded: MBROLA is not installed). */
export const ESPEAK_ACCENTS: readonly string[] = ['en-gb', 'en-us', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];

/** How a non-espeak voice is driven. */
export interface RecordedVoiceInfo {
  engine: 'flite' | 'festival';
  name: string;
  /** Speed through the engine (duration stretch) or, where the engine ignores it (HTS), through sox tempo. */
  speedBy: 'engine' | 'sox';
  /** The Debian package that holds the voice (flite's are built into flite). */
  pkg: string;
  /**
   * The voice's language when it is not English: the keywords are then spelt so
   * that its letter-to-sound rules say the English word (see {@link spokenText}).
   */
  lang?: keyof typeof RESPELL;
}

/**
 * Keywords respelt for festival's Czech, Italian and Finnish voices, whose
 * letter-to-sound rules would otherwise read "right" as "rigt". These voices are
 * recordings of real people, so they add recorded persons (and the diphone method
 * of the held-out test person) that Debian's English voices cannot: only five
 * English recorded persons exist. `_unknown_` words keep their English spelling
 * (whatever the voice makes of them is still not a keyword).
 */
export const RESPELL = {
  cs: { yes: 'jes', no: 'nou', up: 'ap', down: 'daun', left: 'left', right: 'rajt', on: 'on', off: 'of', stop: 'stop', go: 'gou' },
  it: { yes: 'ies', no: 'nou', up: 'ap', down: 'daun', left: 'left', right: 'rait', on: 'on', off: 'off', stop: 'stop', go: 'gou' },
  fi: { yes: 'jes', no: 'nou', up: 'ap', down: 'daun', left: 'left', right: 'rait', on: 'on', off: 'of', stop: 'stop', go: 'gou' },
} as const satisfies Record<string, Record<string, string>>;

export const RECORDED_VOICES: readonly RecordedVoiceInfo[] = [
  { engine: 'flite', name: 'kal', speedBy: 'engine', pkg: 'flite' },
  { engine: 'flite', name: 'kal16', speedBy: 'engine', pkg: 'flite' },
  { engine: 'flite', name: 'awb', speedBy: 'engine', pkg: 'flite' },
  { engine: 'flite', name: 'rms', speedBy: 'engine', pkg: 'flite' },
  { engine: 'flite', name: 'slt', speedBy: 'engine', pkg: 'flite' },
  { engine: 'festival', name: 'kal_diphone', speedBy: 'engine', pkg: 'festvox-kallpc16k' },
  { engine: 'festival', name: 'ked_diphone', speedBy: 'engine', pkg: 'festvox-kdlpc16k' },
  // festival's HTS engine ignores Duration_Stretch.
  { engine: 'festival', name: 'cmu_us_slt_arctic_hts', speedBy: 'sox', pkg: 'festvox-us-slt-hts' },
  { engine: 'festival', name: 'czech_dita', speedBy: 'engine', pkg: 'festvox-czech-dita', lang: 'cs' },
  { engine: 'festival', name: 'czech_krb', speedBy: 'engine', pkg: 'festvox-czech-krb', lang: 'cs' },
  { engine: 'festival', name: 'czech_machac', speedBy: 'engine', pkg: 'festvox-czech-machac', lang: 'cs' },
  { engine: 'festival', name: 'czech_ph', speedBy: 'engine', pkg: 'festvox-czech-ph', lang: 'cs' },
  { engine: 'festival', name: 'lp_diphone', speedBy: 'engine', pkg: 'festvox-italp16k', lang: 'it' },
  { engine: 'festival', name: 'pc_diphone', speedBy: 'engine', pkg: 'festvox-itapc16k', lang: 'it' },
  { engine: 'festival', name: 'suo_fi_lj_diphone', speedBy: 'engine', pkg: 'festvox-suopuhe-lj', lang: 'fi' },
  { engine: 'festival', name: 'hy_fi_mv_diphone', speedBy: 'engine', pkg: 'festvox-suopuhe-mv', lang: 'fi' },
];

/** What `voiceId` is asked to say for `word`: the word, or its respelling for a non-English voice. */
export function spokenText(voiceId: string, word: string): string {
  const v = RECORDED_VOICES.find((r) => `${r.engine}:${r.name}` === voiceId);
  if (!v?.lang) return word;
  const table: Record<string, string> = RESPELL[v.lang];
  return table[word] ?? word;
}

/** One voice, with its person and split. */
export interface Voice {
  /** `espeak-ng:en-us+m3`, `flite:kal16`, `festival:ked_diphone`. */
  id: string;
  engine: EngineName;
  /** The engine's name for it: `en-us+m3`, `kal16`, `ked_diphone`. */
  name: string;
  /** The person id from speakers.yaml. */
  person: string;
  split: Split;
  /** Recorded (a real person's recordings) or rule-based (espeak-ng). */
  kind: 'recorded' | 'rule';
  speedBy: 'engine' | 'sox';
  pitchBy: 'engine' | 'sox';
  /** The person's weight among persons of the same kind (speakers.yaml; absent = 1). */
  weight?: number;
}

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** Every voice id the engines offer (whatever speakers.yaml says), sorted. */
export function catalogueVoiceIds(accents: readonly string[] = ESPEAK_ACCENTS): string[] {
  const ids = RECORDED_VOICES.map((v) => `${v.engine}:${v.name}`);
  for (const a of accents) for (const v of ESPEAK_VARIANTS) ids.push(`espeak-ng:${a}+${v}`);
  return ids.sort(compare);
}

/** `espeak-ng:en-us+m3` → `{engine, name}`; undefined when the engine is unknown. */
export function splitVoiceId(id: string): { engine: EngineName; name: string } | undefined {
  const i = id.indexOf(':');
  const engine = id.slice(0, i) as EngineName;
  if (i < 0 || !ENGINES.includes(engine)) return undefined;
  return { engine, name: id.slice(i + 1) };
}

/** Code-unit order, independent of the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The voices matching a `--voices` selector list. A selector is an engine
 * (`espeak-ng`, `flite`, `festival`), a person (`kal`, `m3`), a voice id
 * (`flite:kal16`, `espeak-ng:en-us+m3`), or a voice id with `*` wildcards
 * (`espeak-ng:en-us+*`, `espeak-ng:*+f2`). Returns the matches (sorted by id), or
 * the selectors that matched nothing.
 */
export function selectVoices(all: readonly Voice[], selectors: readonly string[]): { voices: Voice[]; unmatched: string[] } {
  const keep = new Set<Voice>();
  const unmatched: string[] = [];
  for (const raw of selectors) {
    const s = raw.trim();
    let hit: Voice[];
    if ((ENGINES as readonly string[]).includes(s)) hit = all.filter((v) => v.engine === s);
    else if (s.includes(':')) {
      const re = new RegExp(`^${s.split('*').map(escapeRe).join('.*')}$`);
      hit = all.filter((v) => re.test(v.id));
    } else hit = all.filter((v) => v.person === s);
    if (hit.length === 0) unmatched.push(s);
    for (const v of hit) keep.add(v);
  }
  return { voices: [...keep].sort((a, b) => compare(a.id, b.id)), unmatched };
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
