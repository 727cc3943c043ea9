/**
 * The speech engines and sox, driven through spawnManaged (own process group,
 * log file, timeout): which binaries and voices are there, what versions they are
 * (part of every cache key), and rendering one word (espeak-ng, flite) or a batch
 * of words in one process (festival: its start-up costs ~1.5 s, a word ~30 ms).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnManaged, tailFile } from '../proc/spawn.js';
import { probeTool, toolSpec, which } from '../proc/tools.js';
import type { CommandShell } from './shell.js';
import { RECORDED_VOICES, type EngineName } from './voices.js';

/** A tool or voice the request needs is not installed: an infrastructure problem (exit 3). */
export class SynthToolError extends Error {
  override name = 'SynthToolError';
}

/** An engine or sox failed while rendering: an infrastructure problem (exit 3). */
export class SynthEngineError extends Error {
  override name = 'SynthEngineError';
}

export type ToolName = EngineName | 'sox';

/** Where the festival voices live on Debian (`/usr/share/festival/voices/<lang>/<voice>`). */
export const FESTIVAL_VOICE_ROOT = '/usr/share/festival/voices';

/** Debian packages whose versions go into the cache key, per tool. */
const PACKAGES: Record<ToolName, string[]> = {
  'espeak-ng': ['espeak-ng', 'espeak-ng-data', 'libespeak-ng1'],
  flite: ['flite', 'libflite1'],
  festival: ['festival', 'libestools2.5', 'festlex-cmu', 'festlex-poslex', ...new Set(RECORDED_VOICES.filter((v) => v.engine === 'festival').map((v) => v.pkg))],
  sox: ['sox', 'libsox3', 'libsoxr0'],
};

export function festivalVoiceInstalled(name: string, root = FESTIVAL_VOICE_ROOT): boolean {
  try {
    return readdirSync(root).some((lang) => existsSync(path.join(root, lang, name)));
  } catch {
    return false;
  }
}

/**
 * The binaries of `tools`, checked up front: a missing tool or festival voice is one
 * SynthToolError naming every missing piece and the command that installs it.
 */
export function requireTools(tools: Iterable<ToolName>, festivalVoices: Iterable<string> = []): Record<ToolName, string> {
  const bins: Partial<Record<ToolName, string>> = {};
  const missing: string[] = [];
  for (const t of new Set(tools)) {
    const spec = toolSpec(t);
    const bin = which(spec.bins, spec.env);
    if (bin) bins[t] = bin;
    else missing.push(`${t} (install: ${spec.install})`);
  }
  for (const v of new Set(festivalVoices)) {
    if (festivalVoiceInstalled(v)) continue;
    const pkg = RECORDED_VOICES.find((r) => r.name === v)?.pkg ?? 'festival';
    missing.push(`the festival voice ${v} (install: ${toolSpec(pkg).install})`);
  }
  if (missing.length) throw new SynthToolError(`hil synth: missing ${missing.join('; ')}`);
  return bins as Record<ToolName, string>;
}

const fingerprints = new Map<string, Promise<string>>();

/**
 * What identifies a tool's output: its own version line and the Debian package
 * versions (a Debian security update changes the second, not the first).
 */
export function fingerprint(tool: ToolName, logDir: string): Promise<string> {
  let p = fingerprints.get(tool);
  if (!p) {
    p = (async () => {
      const st = await probeTool(toolSpec(tool));
      const pkgs = await dpkgVersions(PACKAGES[tool], logDir);
      return `${tool} ${st.version ?? 'missing'}${pkgs ? ` (${pkgs})` : ''}`;
    })();
    fingerprints.set(tool, p);
  }
  return p;
}

/** `pkg=version` for each installed package, or '' without dpkg. */
async function dpkgVersions(pkgs: string[], logDir: string): Promise<string> {
  const bin = which(['dpkg-query']);
  if (!bin) return '';
  const p = spawnManaged(bin, ['-W', '-f=${Package}=${Version}\\n', ...pkgs], { name: 'dpkg-query', logDir, timeoutMs: 10_000, stdio: 'pipe' });
  p.child.stdin?.end();
  let out = '';
  p.child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  await p.exited;
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[\w.+-]+(:\w+)?=\S+$/.test(l))
    .map((l) => l.replace(/:\w+=/, '='))
    .sort()
    .join(' ');
}

/** Where a worker's processes log, the binaries, and the worker's shell. */
export interface RenderContext {
  bins: Record<ToolName, string>;
  logDir: string;
  /** The log file name (without .log) for this worker's processes. */
  logName: string;
  tmpDir: string;
  /** Runs the worker's commands (see shell.ts). */
  shell: CommandShell;
}

async function exec(ctx: RenderContext, bin: string, args: string[], what: string, timeoutMs = 120_000): Promise<void> {
  const r = await ctx.shell.run(bin, args, timeoutMs);
  if (r.code === 0) return;
  const why = r.shellGone ?? (r.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit code ${r.code}`);
  const tail = tailFile(ctx.shell.logPath, 1000).split('\n').filter((l) => l && !l.startsWith('[tinyhil]') && !l.startsWith('$ ')).slice(-3).join(' | ');
  throw new SynthEngineError(`${what} failed (${why})${tail ? `: ${tail}` : ''}; log: ${ctx.shell.logPath}`);
}

/** espeak-ng pitch setting (0..99, normal 50) for a shift in semitones (~4.25 steps per semitone, measured). */
export function espeakPitch(semitones: number): number {
  return Math.max(0, Math.min(99, Math.round(50 + 4.25 * semitones)));
}

/** espeak-ng words per minute for a speed factor (its normal rate is 175). */
export function espeakWpm(speed: number): number {
  return Math.max(80, Math.min(450, Math.round(175 * speed)));
}

/** Renders `word` with espeak-ng into `out` (22050 Hz WAV). `-w`, not `--stdout`: the latter's header has a bogus size. */
export function renderEspeak(ctx: RenderContext, voice: string, word: string, speed: number, pitch: number, out: string): Promise<void> {
  return exec(ctx, ctx.bins['espeak-ng'], ['-v', voice, '-s', String(espeakWpm(speed)), '-p', String(espeakPitch(pitch)), '-w', out, word], `espeak-ng -v ${voice} "${word}"`);
}

/** Renders `word` with flite into `out` (8 kHz for kal, else 16 kHz WAV). */
export function renderFlite(ctx: RenderContext, voice: string, word: string, speed: number, out: string): Promise<void> {
  const stretch = (1 / speed).toFixed(4);
  return exec(ctx, ctx.bins.flite, ['-voice', voice, '--setf', `duration_stretch=${stretch}`, '-t', word, '-o', out], `flite -voice ${voice} "${word}"`);
}

/** Renders several words with one festival voice in one process. `stretch` is festival's Duration_Stretch (1/speed). */
export async function renderFestival(ctx: RenderContext, voice: string, items: { word: string; stretch: number; out: string }[]): Promise<void> {
  const lines = [`(voice_${voice})`];
  for (const it of items)
    lines.push(`(Parameter.set 'Duration_Stretch ${it.stretch.toFixed(4)})`, `(set! utt1 (Utterance Text ${JSON.stringify(it.word)}))`, '(utt.synth utt1)', `(utt.save.wave utt1 ${JSON.stringify(it.out)} 'riff)`);
  const script = path.join(ctx.tmpDir, `festival-${process.pid}-${ctx.logName}.scm`);
  await writeFile(script, `${lines.join('\n')}\n`);
  await exec(ctx, ctx.bins.festival, ['--batch', script], `festival (voice_${voice}, ${items.length} words)`, 300_000);
  const lost = items.filter((it) => !existsSync(it.out));
  if (lost.length) throw new SynthEngineError(`festival (voice_${voice}) wrote no audio for ${lost.map((l) => `"${l.word}"`).join(', ')}; log: ${path.join(ctx.logDir, `${ctx.logName}.log`)}`);
}

/** sox effects applied after rendering, before the word is trimmed and placed. */
export interface PostEffects {
  /** Pitch shift, semitones (sox pitch), for engines without their own. */
  pitch?: number;
  /** sox tempo factor (speed without pitch change), for engines that ignore theirs. */
  tempo?: number;
  bandlimit?: { lowHz: number; highHz: number };
  reverb?: number;
}

const F32 = ['-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1'];

/**
 * Converts `input` (a WAV, or raw float32 16 kHz mono when `raw`) to raw float32
 * 16 kHz mono with `fx`, and returns the samples. `-R`: repeatable (seeded) sox.
 */
export async function soxToF32(ctx: RenderContext, input: string, out: string, fx: PostEffects, raw = false): Promise<Float32Array> {
  // Resample first: every effect then works at 16 kHz, whatever the voice's rate
  // (flite kal is 8 kHz: a 6 kHz band limit would be above its Nyquist frequency).
  const effects: string[] = ['gain', '-6', 'rate', '-v', '16000'];
  if (fx.pitch) effects.push('pitch', String(Math.round(fx.pitch * 100)));
  if (fx.tempo !== undefined && fx.tempo !== 1) effects.push('tempo', '-s', fx.tempo.toFixed(4));
  if (fx.bandlimit) effects.push('sinc', `${fx.bandlimit.lowHz}-${fx.bandlimit.highHz}`);
  if (fx.reverb !== undefined) effects.push('reverb', String(fx.reverb));
  const inArgs = raw ? [...F32, '-r', '16000', input] : [input];
  await exec(ctx, ctx.bins.sox, ['-R', '-V1', ...inArgs, ...F32, '-r', '16000', out, ...effects], `sox ${path.basename(input)}`);
  const buf = await readFile(out);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + (buf.length - (buf.length % 4))));
}
