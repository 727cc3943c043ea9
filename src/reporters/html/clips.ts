/**
 * The clips a reviewer can play from the HTML report. Synthesized clips live in
 * `.cache/synth`, outside `reports/`, and CI uploads only `reports/`: a page
 * linking there would play nothing once downloaded. So the clips are copied into
 * `<run>/clips/` (the failing and confused ones by default, every one with
 * `--report-audio all`) or embedded into the page (`embed`); never linked outside
 * the run folder.
 */
import { access, copyFile, mkdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ClipResult } from '../../core/types.js';
import { isProblem } from '../format.js';

/** `failing`: clips that did not pass or were confused; `all`: every clip copied; `embed`: every clip inside index.html; `none`. */
export type ReportAudio = 'failing' | 'all' | 'embed' | 'none';

/** The folder inside the run folder that holds the copied clips. */
export const CLIPS_DIR = 'clips';

/** A clip that did not pass, or whose prediction is not its label: the ones a reviewer listens to. */
export function wantsListening(c: ClipResult): boolean {
  return isProblem(c.status) || (c.label !== undefined && c.predicted !== undefined && c.predicted !== c.label);
}

/**
 * A file name for clip number `i` that is safe on every file system and in a URL
 * path: the index keeps names unique (`a/yes.wav` and `b/yes.wav`), the rest is
 * the base name of the clip's id (synthesized clips' files are content hashes)
 * with anything but letters, digits, `.`, `-`, `_` replaced; the extension is the file's.
 */
export function clipFileName(i: number, id: string, path: string): string {
  const ext = extname(path).toLowerCase().replace(/[^a-z0-9.]/g, '').slice(0, 8);
  const base = basename(id.replace(/#.*$/, '').replace(/\\/g, '/'));
  const stem = basename(base, extname(base)).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'clip';
  return `${String(i + 1).padStart(4, '0')}-${stem}${ext}`;
}

/** What {@link collectAudio} did: the sources by clip id, and the clips it could not provide. */
export interface AudioOutcome {
  audio: Record<string, string>;
  /** Clips wanted but without a file (generated in memory, or the file is gone). */
  missing: string[];
  bytes: number;
}

/**
 * Copies (or reads, to embed) the clips `mode` asks for. A clip whose file cannot
 * be read is listed in `missing`, not fatal: the rest of the report still matters.
 */
export async function collectAudio(runDir: string, clips: ClipResult[], mode: ReportAudio): Promise<AudioOutcome> {
  const out: AudioOutcome = { audio: {}, missing: [], bytes: 0 };
  if (mode === 'none') return out;
  const wanted = clips.map((c, i) => ({ c, i })).filter(({ c }) => mode !== 'failing' || wantsListening(c));
  if (!wanted.length) return out;
  for (const { c, i } of wanted) {
    if (!c.path) {
      out.missing.push(c.id);
      continue;
    }
    try {
      if (mode === 'embed') {
        const data = await readFile(c.path);
        out.audio[c.id] = `data:${mime(c.path)};base64,${data.toString('base64')}`;
        out.bytes += data.length;
      } else {
        const name = clipFileName(i, c.id, c.path);
        // Made once a file is known to exist: a run whose clips all lack files gets no empty folder.
        await access(c.path);
        await mkdir(join(runDir, CLIPS_DIR), { recursive: true });
        await copyFile(c.path, join(runDir, CLIPS_DIR, name));
        out.audio[c.id] = `${CLIPS_DIR}/${name}`;
      }
    } catch {
      out.missing.push(c.id);
    }
  }
  return out;
}

function mime(path: string): string {
  const ext = extname(path).toLowerCase();
  return ext === '.wav' ? 'audio/wav' : ext === '.flac' ? 'audio/flac' : ext === '.mp3' ? 'audio/mpeg' : ext === '.ogg' ? 'audio/ogg' : 'application/octet-stream';
}

/** The audio choice in words, for the page. */
export function audioNote(mode: ReportAudio, o: AudioOutcome): string {
  const what = { failing: 'failing and confused clips, copied into clips/', all: 'every clip, copied into clips/', embed: 'every clip, embedded in this page', none: 'none (--report-audio none)' }[mode];
  return o.missing.length ? `${what}; ${o.missing.length} without an audio file` : what;
}
