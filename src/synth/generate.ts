/**
 * Generation: a request → a resolved spec → planned clips → the clips, each from
 * the cache or rendered (engine, sox, trim, place, noise) by a pool of workers,
 * then copied to an output folder with a manifest.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { removeTempFolder, tempFolder } from '../proc/reaper.js';
import os from 'node:os';
import path from 'node:path';
import { encodeWav } from '../inputs/wav.js';
import { CLIP_SAMPLES, compose, MAX_SPEECH, RATE, speechSpan, TARGET_SPEECH } from './audio.js';
import { cachedMeta, cacheKey, cachePaths, defaultCacheDir, storeClip } from './cache.js';
import { loadDataset, SILENCE, UNKNOWN, type Dataset } from './dataset.js';
import { fingerprint, renderEspeak, renderFestival, renderFlite, requireTools, soxToF32, SynthEngineError, type RenderContext, type ToolName } from './engines.js';
import { planClips, type ClipPlan, type SynthSpec } from './plan.js';
import { CommandShell } from './shell.js';
import { formatRange, type Range } from './range.js';
import { didYouMean } from '../config/suggest.js';
import { selectVoices, spokenText, SPLITS, type Split, type Voice } from './voices.js';

/** What to generate. Unset fields come from the dataset definition (and the split). */
export interface SynthRequest {
  /** dataset.yaml; default the committed scenarios/kws/dataset.yaml. */
  dataset?: string;
  /** Speak with this split's persons, and default per_word and seed to the split's. */
  split?: Split;
  /** Voice selectors (see selectVoices): engines, persons, voice ids, `*` patterns. Narrows `split`. */
  voices?: string[];
  /** Labels to generate: keywords, `_silence_`, `_unknown_`; default all. */
  words?: string[];
  perWord?: number;
  snrDb?: Range;
  seed?: number;
}

/** A request option that cannot be honoured: bad input (exit 2). `key` names the option (`voices`, `per_word`...). */
/** Synthesis stopped by the run's signal (Ctrl-C): how far it got. */
export class SynthInterrupted extends Error {
  override name = 'SynthInterrupted';
  constructor(readonly done: number, readonly total: number) {
    super(`interrupted while synthesizing: ${done} of ${total} clips ready`);
  }
}

export class SynthOptionError extends Error {
  override name = 'SynthOptionError';
  constructor(readonly key: string, message: string) {
    super(message);
  }
}

/** Resolves a request against its dataset definition. Throws ConfigError (the definition) or SynthOptionError. */
export async function resolveSpec(req: SynthRequest): Promise<SynthSpec> {
  const ds = await loadDataset(req.dataset);
  const labels = resolveLabels(ds, req.words);
  let pool = ds.voices;
  if (req.split !== undefined) {
    if (!SPLITS.includes(req.split)) throw new SynthOptionError('split', `split must be one of ${SPLITS.join(', ')}; got ${JSON.stringify(req.split)}`);
    pool = pool.filter((v) => v.split === req.split);
  }
  let voices: Voice[] = pool;
  if (req.voices !== undefined) {
    if (req.voices.length === 0) throw new SynthOptionError('voices', 'voices must name at least one voice');
    const r = selectVoices(pool, req.voices);
    if (r.unmatched.length) throw new SynthOptionError('voices', unmatchedMessage(ds, r.unmatched, req.split));
    voices = r.voices;
  } else if (req.split === undefined) throw new SynthOptionError('split', 'give a split (train, val, test) or voices to speak with');
  const splitDef = req.split ? ds.def.splits[req.split] : undefined;
  const perWord = req.perWord ?? splitDef?.per_word;
  if (perWord === undefined) throw new SynthOptionError('per_word', 'per_word is needed when no split is given');
  if (!Number.isInteger(perWord) || perWord < 1) throw new SynthOptionError('per_word', `per_word must be a whole number >= 1; got ${perWord}`);
  const seed = req.seed ?? splitDef?.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new SynthOptionError('seed', `seed must be a whole number 0..4294967295; got ${seed}`);
  const snrDb = req.snrDb ?? ds.def.speech.snr_db;
  const spec: SynthSpec = { dataset: ds, voices, labels, perWord, seed, snrDb };
  if (req.split) spec.split = req.split;
  return spec;
}

function resolveLabels(ds: Dataset, words: string[] | undefined): string[] {
  if (words === undefined) return ds.labels;
  if (words.length === 0) throw new SynthOptionError('words', 'words must name at least one label');
  for (const w of words) {
    if (ds.labels.includes(w)) continue;
    const hint = ds.def.unknown.words.includes(w)
      ? `; "${w}" is one of the ${UNKNOWN} words (ask for ${UNKNOWN})`
      : ((d) => (d ? `; did you mean "${d}"?` : ''))(didYouMean(w, ds.labels));
    throw new SynthOptionError('words', `words: "${w}" is not a label of the dataset (${ds.labels.join(', ')})${hint}`);
  }
  return ds.labels.filter((l) => words.includes(l));
}

function unmatchedMessage(ds: Dataset, unmatched: string[], split: Split | undefined): string {
  const parts = unmatched.map((s) => {
    const elsewhere = selectVoices(ds.voices, [s]).voices;
    if (elsewhere.length && split) {
      const splits = [...new Set(elsewhere.map((v) => v.split))].join(', ');
      return `"${s}" is in the ${splits} split, not ${split} (splits share no person)`;
    }
    const persons = [...new Set(ds.voices.map((v) => v.person))];
    const d = didYouMean(s, [...persons, 'espeak-ng', 'flite', 'festival']);
    return `"${s}" matches no voice${d ? `; did you mean "${d}"?` : ''}`;
  });
  return `voices: ${parts.join('; ')} (a voice is an engine, a person of ${path.basename(ds.speakersFile)}, a voice id like flite:kal16 or espeak-ng:en-us+m3, or a pattern like espeak-ng:*+f2)`;
}

/** One generated clip. */
export interface SynthClip {
  plan: ClipPlan;
  /** `<label>/<name>.wav`: the path in an output folder, and in hashes files. */
  rel: string;
  /** The clip in the cache (absolute). */
  file: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** Where the word starts, ms (absent for _silence_). */
  offsetMs?: number;
  /** The spoken span (trimmed word) in samples of the clip, [start, end) (absent for _silence_). */
  span?: [number, number];
}

export interface SynthProgress {
  done: number;
  total: number;
  generated: number;
  cached: number;
  /** Generated clips per second so far (cache hits excluded). */
  rate: number;
  /** Seconds left at that rate. */
  etaS: number;
}

export interface SynthOptions {
  /** Default: defaultCacheDir(). */
  cacheDir?: string;
  /** Parallel render tasks; default 2. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?(p: SynthProgress): void;
}

export interface SynthResult {
  spec: SynthSpec;
  clips: SynthClip[];
  /** Clips rendered by this call. */
  generated: number;
  /** Clips found in the cache. */
  cached: number;
  ms: number;
  /** Generated clips per second, by engine (`silence` for noise only). */
  perEngine: Record<string, { clips: number; ms: number }>;
  /** The fingerprints (versions) of the tools the clips depend on. */
  tools: string[];
}

/** Festival words per process: start-up (~1.5 s) is paid once per batch. */
const FESTIVAL_BATCH = 40;

/** Generates (or finds in the cache) every clip of `spec`. */
export async function synthesize(spec: SynthSpec, opts: SynthOptions = {}): Promise<SynthResult> {
  const t0 = Date.now();
  const plans = planClips(spec);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const logDir = path.join(cacheDir, 'logs');
  const speaking = plans.filter((p) => p.voice);
  const tools = new Set<ToolName>(speaking.map((p) => p.voice!.engine));
  if (speaking.length) tools.add('sox');
  const festivalVoices = speaking.filter((p) => p.voice!.engine === 'festival').map((p) => p.voice!.name);
  const bins = requireTools(tools, festivalVoices);
  const fp: Partial<Record<ToolName, string>> = {};
  for (const t of tools) fp[t] = await fingerprint(t, logDir);
  const keyOf = (p: ClipPlan) => cacheKey(p, p.voice ? [fp[p.voice.engine]!, fp.sox!] : []);

  const keys = plans.map(keyOf);
  const metas = await Promise.all(keys.map((k) => cachedMeta(cacheDir, k)));
  const todo = plans.map((p, i) => ({ plan: p, key: keys[i]! })).filter((_, i) => metas[i] === undefined);
  const total = plans.length;
  let done = total - todo.length;
  let generated = 0;
  const tGen = Date.now();
  const report = () => {
    const secs = (Date.now() - tGen) / 1000;
    const rate = secs > 0 ? generated / secs : 0;
    opts.onProgress?.({ done, total, generated, cached: total - todo.length, rate, etaS: rate > 0 ? (total - done) / rate : NaN });
  };
  report();
  const perEngine: Record<string, { clips: number; ms: number }> = {};
  if (todo.length) {
    const tasks = makeTasks(todo);
    const tmpDir = tempFolder('tinyhil-synth-');
    const workers = Math.max(1, opts.workers ?? 2);
    let next = 0;
    let failure: unknown;
    const worker = async (w: number) => {
      const logName = `synth-${process.pid}-w${w}`;
      const ctx: RenderContext = { bins, logDir, logName, tmpDir, shell: new CommandShell({ name: logName, logDir, ...(opts.signal ? { signal: opts.signal } : {}) }) };
      shells.push(ctx.shell);
      while (next < tasks.length && failure === undefined && !opts.signal?.aborted) {
        const task = tasks[next++]!;
        const ts = Date.now();
        try {
          await runTask(ctx, task, cacheDir, fp, () => {
            done++;
            generated++;
            report();
          });
        } catch (e) {
          failure ??= e;
        }
        const eng = task.items[0]!.plan.voice?.engine ?? 'silence';
        const s = (perEngine[eng] ??= { clips: 0, ms: 0 });
        s.clips += task.items.length;
        s.ms += Date.now() - ts;
      }
    };
    const shells: CommandShell[] = [];
    try {
      await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, (_, w) => worker(w)));
    } finally {
      await Promise.all(shells.map((s) => s.close()));
      await removeTempFolder(tmpDir);
    }
    // Interrupted first: the shells were killed, so the task in flight failed for that reason.
    if (opts.signal?.aborted) throw new SynthInterrupted(done, plans.length);
    if (failure !== undefined) throw failure;
    // Logs are for failures; a clean run leaves none behind.
    for (let w = 0; w < workers; w++) await rm(path.join(logDir, `synth-${process.pid}-w${w}.log`), { force: true });
  }
  await rm(path.join(logDir, 'dpkg-query.log'), { force: true });
  const clips: SynthClip[] = [];
  for (const [i, plan] of plans.entries()) {
    const file = cachePaths(cacheDir, keys[i]!).wav;
    const meta = metas[i] ?? (await cachedMeta(cacheDir, keys[i]!));
    const c: SynthClip = { plan, rel: `${plan.label}/${plan.name}.wav`, file, sha256: createHash('sha256').update(await readFile(file)).digest('hex') };
    if (meta?.offset !== undefined) {
      c.offsetMs = Math.round((meta.offset / RATE) * 1000);
      c.span = [meta.offset, meta.offset + (meta.length ?? 0)];
    }
    clips.push(c);
  }
  return { spec, clips, generated, cached: total - todo.length, ms: Date.now() - t0, perEngine, tools: Object.values(fp) };
}

interface Task {
  items: { plan: ClipPlan; key: string }[];
}

/** One task per clip, except festival: one per batch of words of the same voice. */
function makeTasks(todo: { plan: ClipPlan; key: string }[]): Task[] {
  const tasks: Task[] = [];
  const fest = new Map<string, { plan: ClipPlan; key: string }[]>();
  for (const t of todo) {
    if (t.plan.voice?.engine === 'festival') fest.set(t.plan.voice.name, [...(fest.get(t.plan.voice.name) ?? []), t]);
    else tasks.push({ items: [t] });
  }
  // Festival batches first: they are the longest tasks, so the pool ends evenly.
  const batches: Task[] = [];
  for (const list of fest.values()) for (let i = 0; i < list.length; i += FESTIVAL_BATCH) batches.push({ items: list.slice(i, i + FESTIVAL_BATCH) });
  return [...batches, ...tasks];
}

async function runTask(
  ctx: RenderContext,
  task: Task,
  cacheDir: string,
  fp: Partial<Record<ToolName, string>>,
  onClip: () => void,
): Promise<void> {
  const first = task.items[0]!.plan;
  const raw = (k: number) => path.join(ctx.tmpDir, `${ctx.logName}-${k}.wav`);
  if (first.voice?.engine === 'festival') {
    await renderFestival(
      ctx,
      first.voice.name,
      task.items.map((it, k) => ({ word: spokenText(it.plan.voice!.id, it.plan.word!), stretch: it.plan.voice!.speedBy === 'engine' ? 1 / it.plan.speed! : 1, out: raw(k) })),
    );
  }
  for (const [k, { plan, key }] of task.items.entries()) {
    let speech: Float32Array | undefined;
    if (plan.voice) {
      const v = plan.voice;
      if (v.engine === 'espeak-ng') await renderEspeak(ctx, v.name, plan.word!, plan.speed!, plan.pitch!, raw(k));
      else if (v.engine === 'flite') await renderFlite(ctx, v.name, plan.word!, plan.speed!, raw(k));
      speech = await postProcess(ctx, plan, raw(k));
      await unlink(raw(k)).catch(() => undefined);
    }
    const c = compose(plan, speech);
    if (c.samples.length !== CLIP_SAMPLES) throw new Error(`internal: ${plan.name} has ${c.samples.length} samples`);
    const meta = { ...(c.offset === undefined ? {} : { offset: c.offset, length: c.length }), tools: plan.voice ? [fp[plan.voice.engine]!, fp.sox!] : [] };
    await storeClip(cacheDir, key, encodeWav(c.samples, RATE), meta);
    onClip();
  }
}

/** sox (rate, pitch/tempo where the engine has none, augmentation), then trim; too-long words are sped up to fit. */
async function postProcess(ctx: RenderContext, plan: ClipPlan, wav: string): Promise<Float32Array> {
  const v = plan.voice!;
  const f32 = path.join(ctx.tmpDir, `${ctx.logName}.f32`);
  let x = await soxToF32(ctx, wav, f32, {
    ...(v.pitchBy === 'sox' && plan.pitch ? { pitch: plan.pitch } : {}),
    ...(v.speedBy === 'sox' ? { tempo: plan.speed! } : {}),
    ...(plan.bandlimit ? { bandlimit: plan.bandlimit } : {}),
    ...(plan.reverb !== undefined ? { reverb: plan.reverb } : {}),
  });
  let span = speechSpan(x);
  for (let tries = 0; span.end - span.start > MAX_SPEECH; tries++) {
    if (tries === 3) throw new SynthEngineError(`${plan.name}: "${plan.word}" by ${v.id} stays longer than ${MAX_SPEECH} samples after speeding up`);
    const trimmed = x.slice(span.start, span.end);
    const inF32 = path.join(ctx.tmpDir, `${ctx.logName}.long.f32`);
    await writeFile(inF32, new Uint8Array(trimmed.buffer, trimmed.byteOffset, trimmed.byteLength));
    x = await soxToF32(ctx, inF32, f32, { tempo: trimmed.length / TARGET_SPEECH }, true);
    span = speechSpan(x);
  }
  if (span.end <= span.start) throw new SynthEngineError(`${plan.name}: ${v.id} produced no audible speech for "${plan.word}"`);
  return x.slice(span.start, span.end);
}

/** The manifest: `path,label,person,engine,voice,speed,pitch,snr_db,offset_ms,seed`, paths relative to it. */
export function manifestCsv(clips: SynthClip[]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = ['path,label,person,engine,voice,speed,pitch,snr_db,offset_ms,seed'];
  for (const c of clips) {
    const p = c.plan;
    const v = p.voice;
    rows.push(
      [c.rel, p.label, v?.person ?? '', v?.engine ?? 'noise', v?.name ?? p.noise.kind, p.speed ?? '', p.pitch ?? '', p.snrDb ?? '', c.offsetMs ?? '', p.seed]
        .map((x) => q(String(x)))
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** Copies the clips to `<outDir>/<label>/<name>.wav` and writes `<outDir>/manifest.csv`. Returns the manifest path. */
export async function writeCorpus(clips: SynthClip[], outDir: string): Promise<string> {
  const dirs = new Set(clips.map((c) => path.dirname(path.join(outDir, c.rel))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  for (const c of clips) await copyFile(c.file, path.join(outDir, c.rel));
  const manifest = path.join(outDir, 'manifest.csv');
  await writeFile(manifest, manifestCsv(clips));
  return manifest;
}

/** One line describing a spec, for logs: `split test: 12 labels × 40/word, 81 voices of 12 persons, seed 3003, snr 5..30 dB`. */
export function describeSpec(spec: SynthSpec): string {
  const persons = new Set(spec.voices.map((v) => v.person)).size;
  const who = spec.split ? `split ${spec.split}` : 'voices';
  return `${who}: ${spec.labels.length} labels × ${spec.perWord}/word, ${spec.voices.length} voices of ${persons} persons, seed ${spec.seed}, SNR ${formatRange(spec.snrDb)} dB`;
}

export { SILENCE, UNKNOWN };
