/**
 * Reading and writing clips. Only 16-bit mono PCM at the scenario's rate is accepted,
 * and nothing is converted: what the device is measured on must be what is on disk.
 * Every problem is one line naming the file, what it is, and how to fix it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import wavefile from 'wavefile';
import type { Clip } from '../core/types.js';
import { displayPath, shellQuote, type ClipRef } from './ref.js';

/** The `fmt ` fields we look at (wavefile types `fmt` as `object`). */
interface Fmt {
  chunkSize: number;
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  subformat?: number[];
}

const FORMATS: Record<number, string> = { 2: 'MS ADPCM', 3: 'float', 6: 'A-law', 7: 'mu-law', 17: 'IMA ADPCM', 85: 'MP3' };
const MAGIC: [RegExp, string][] = [
  [/^fLaC/, 'FLAC'],
  [/^OggS/, 'Ogg'],
  [/^ID3|^\xff[\xe0-\xff]/, 'MP3'],
  [/^....ftyp/s, 'MP4/M4A'],
  [/^RF64/, 'RF64 (a WAV over 4 GiB)'],
];

/** Read a clip and check it is 16-bit mono PCM at `opts.sampleRate`. */
export async function loadClip(ref: ClipRef, opts: { sampleRate: number }): Promise<Clip> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(ref.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${displayPath(ref.path)}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`);
  }
  const clip: Clip = { id: ref.id, path: ref.path, sampleRate: opts.sampleRate, samples: decodeWav(bytes, ref.path, opts.sampleRate) };
  if (ref.label !== undefined) clip.label = ref.label;
  if (ref.group !== undefined) clip.group = ref.group;
  if (ref.args !== undefined) clip.args = { ...ref.args };
  return clip;
}

/** Decode a WAV file's bytes; `file` only names it in errors. */
export function decodeWav(bytes: Uint8Array, file: string, sampleRate: number): Int16Array {
  const name = displayPath(file);
  const need = `tinyhil needs ${sampleRate} Hz mono 16-bit PCM`;
  const convert = `(convert: sox ${shellQuote(name)} -r ${sampleRate} -c 1 -b 16 out.wav)`;
  const fail = (what: string, fix = ''): Error => new Error(`${name}: ${what}${fix ? `; ${fix}` : ''}`);
  if (bytes.length === 0) throw fail('empty file (0 bytes)', `${need} WAV`);
  const head = Buffer.from(bytes.subarray(0, 12)).toString('latin1');
  if (!/^RIF[FX]....WAVE/s.test(head)) {
    const kind = MAGIC.find(([re]) => re.test(head))?.[1];
    const what = kind ? `not a WAV file (looks like ${kind})` : bytes.length < 12 ? `not a WAV file (${bytes.length} bytes, too short for a RIFF header)` : 'not a WAV file (no RIFF/WAVE header)';
    throw fail(what, `${need} WAV ${convert}`);
  }
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (e) {
    throw fail(`damaged WAV file (${(e as Error).message})`, 're-export or re-copy it');
  }
  const fmt = wav.fmt as Fmt;
  // wavefile reads a short fmt chunk's missing fields from whatever follows it.
  if (fmt.chunkSize < 16) throw fail(`damaged WAV file (the "fmt " chunk is ${fmt.chunkSize} bytes, not at least 16)`, 're-export it');
  // WAVE_FORMAT_EXTENSIBLE (0xfffe) carries the real format in the first field of its GUID.
  const format = fmt.audioFormat === 0xfffe ? (fmt.subformat?.[0] ?? 0) : fmt.audioFormat;
  if (format !== 1 || fmt.numChannels !== 1 || fmt.bitsPerSample !== 16 || fmt.sampleRate !== sampleRate) {
    const ch = fmt.numChannels === 1 ? 'mono' : fmt.numChannels === 2 ? 'stereo' : `${fmt.numChannels}-channel`;
    const enc = format === 1 ? '' : ` ${FORMATS[format] ?? `format 0x${format.toString(16).padStart(4, '0')}`}`;
    throw fail(`${fmt.sampleRate} Hz ${ch} ${fmt.bitsPerSample}-bit${enc}`, `${need} ${convert}`);
  }
  const data = (wav as unknown as { data: { chunkSize: number; samples: Uint8Array } }).data;
  if (data.samples.length < data.chunkSize)
    throw fail(`truncated: the data chunk declares ${data.chunkSize} bytes but the file holds ${data.samples.length}`, 're-export or re-copy it');
  if (data.chunkSize % 2 !== 0) throw fail(`damaged WAV file (the data chunk holds ${data.chunkSize} bytes, not whole 16-bit samples)`, 're-export it');
  if (data.chunkSize === 0) throw fail('no audio (the data chunk is empty)');
  const view = new DataView(data.samples.buffer, data.samples.byteOffset, data.chunkSize);
  const little = wav.container === 'RIFF';
  const out = new Int16Array(data.chunkSize / 2);
  for (let k = 0; k < out.length; k++) out[k] = view.getInt16(2 * k, little);
  return out;
}

/** The bytes of a 16-bit mono PCM WAV file (canonical 44-byte header). */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRate, '16', samples);
  return wav.toBuffer();
}

/** Write a 16-bit mono PCM WAV file, creating its folder. */
export async function writeWav(file: string, samples: Int16Array, sampleRate: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, encodeWav(samples, sampleRate));
}
