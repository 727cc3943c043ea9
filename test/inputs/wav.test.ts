import t from 'tap';
import path from 'node:path';
import { loadClip, writeWav } from '../../src/inputs/wav.js';
import type { ClipRef } from '../../src/inputs/ref.js';
import { shown, wav16, wavOf } from './fixtures/index.js';

const ref = (dir: string, name: string, extra: Partial<ClipRef> = {}): ClipRef => ({ id: name, path: path.join(dir, name), entry: 0, ...extra });
const NEED = 'tinyhil needs 16000 Hz mono 16-bit PCM';

/** A RIFF file from chunks, for headers wavefile will not write. */
function riff(...chunks: [string, Buffer][]): Buffer {
  const body = chunks.map(([id, data]) => {
    const head = Buffer.alloc(8);
    head.write(id, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  });
  const head = Buffer.from('RIFF\0\0\0\0WAVE', 'latin1');
  const out = Buffer.concat([head, ...body]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

t.test('writeWav then loadClip round-trips every int16 value, with id, label, args', async (t) => {
  const dir = t.testdir({});
  const samples = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
  await writeWav(path.join(dir, 'deep', 'x.wav'), samples, 16000);
  const clip = await loadClip(ref(dir, 'deep/x.wav', { label: 'yes', args: { gain: 3 } }), { sampleRate: 16000 });
  t.same(clip.samples, samples);
  t.ok(clip.samples instanceof Int16Array);
  t.same({ ...clip, samples: undefined }, { id: 'deep/x.wav', path: path.join(dir, 'deep/x.wav'), label: 'yes', args: { gain: 3 }, sampleRate: 16000, samples: undefined });
});

t.test('accepts WAVE_FORMAT_EXTENSIBLE PCM and extra chunks (LIST/INFO as ffmpeg writes)', async (t) => {
  const fmt = Buffer.alloc(40);
  fmt.writeUInt16LE(0xfffe, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(16000, 4);
  fmt.writeUInt32LE(32000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  fmt.writeUInt16LE(22, 16);
  fmt.writeUInt16LE(16, 18);
  fmt.writeUInt32LE(4, 20);
  Buffer.from('0100000000001000800000aa00389b71', 'hex').copy(fmt, 24);
  const info = Buffer.concat([Buffer.from('INFOISFT', 'latin1'), Buffer.from([7, 0, 0, 0]), Buffer.from('Lavf58\0\0', 'latin1')]);
  const data = Buffer.alloc(8);
  [1, -1, 32767, -32768].forEach((v, i) => data.writeInt16LE(v, 2 * i));
  const dir = t.testdir({ 'x.wav': riff(['fmt ', fmt], ['LIST', info], ['data', data]) });
  t.same([...(await loadClip(ref(dir, 'x.wav'), { sampleRate: 16000 })).samples], [1, -1, 32767, -32768]);
});

t.test('rejects everything but 16-bit mono PCM at the rate, with one exact line', async (t) => {
  const cut = wav16(160).subarray(0, 44 + 100);
  const odd = riff(['fmt ', wav16(1).subarray(20, 36)], ['data', Buffer.alloc(3)]);
  const cases: [string, Buffer, string][] = [
    ['stereo.wav', wavOf(2, 16000, '16', [[1, 2], [3, 4]]), '16000 Hz stereo 16-bit; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['eight.wav', wavOf(1, 16000, '8', [128, 129]), '16000 Hz mono 8-bit; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['cd.wav', wavOf(1, 44100, '16', [1, 2]), '44100 Hz mono 16-bit; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['a.wav', wavOf(2, 44100, '24', [[1, 2], [3, 4]]), '44100 Hz stereo 24-bit; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['float.wav', wavOf(1, 16000, '32f', [0.5, -0.5]), '16000 Hz mono 32-bit float; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['alaw.wav', wavOf(1, 16000, '8a', [1, 2]), '16000 Hz mono 8-bit A-law; {NEED} (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['cut.wav', cut, 'truncated: the data chunk declares 320 bytes but the file holds 100; re-export or re-copy it'],
    ['odd.wav', odd, 'damaged WAV file (the data chunk holds 3 bytes, not whole 16-bit samples); re-export it'],
    ['nodata.wav', riff(['fmt ', wav16(1).subarray(20, 36)], ['data', Buffer.alloc(0)]), 'no audio (the data chunk is empty)'],
    ['nofmt.wav', riff(['data', Buffer.alloc(4)]), 'damaged WAV file (Could not find the "fmt " chunk); re-export or re-copy it'],
    ['header.wav', wav16(10).subarray(0, 30), 'damaged WAV file (Could not find the "data" chunk); re-export or re-copy it'],
    ['shortfmt.wav', riff(['fmt ', Buffer.from([1, 0, 1, 0])], ['data', Buffer.alloc(4)]), 'damaged WAV file (the "fmt " chunk is 4 bytes, not at least 16); re-export it'],
    ['text.wav', Buffer.from('hello, this is not audio at all\n'), 'not a WAV file (no RIFF/WAVE header); {NEED} WAV (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['tiny.wav', Buffer.from('RIFF'), 'not a WAV file (4 bytes, too short for a RIFF header); {NEED} WAV (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['flac.wav', Buffer.from('fLaC\0\0\0\x22rest of a flac file', 'latin1'), 'not a WAV file (looks like FLAC); {NEED} WAV (convert: sox {F} -r 16000 -c 1 -b 16 out.wav)'],
    ['empty.wav', Buffer.alloc(0), 'empty file (0 bytes); {NEED} WAV'],
    ['my clip.wav', wavOf(1, 8000, '16', [1]), "8000 Hz mono 16-bit; {NEED} (convert: sox '{F}' -r 16000 -c 1 -b 16 out.wav)"],
  ];
  const dir = t.testdir(Object.fromEntries(cases.map(([n, b]) => [n, b])));
  for (const [name, , want] of cases) {
    const f = shown(dir, name);
    const message = `${f}: ${want.replace('{NEED}', NEED).replace('{F}', f)}`;
    const e = await t.rejects(loadClip(ref(dir, name), { sampleRate: 16000 }), { message }, name);
    t.notMatch((e as Error).message, /\n/, `${name}: one line`);
  }
  await t.rejects(loadClip(ref(dir, 'gone.wav'), { sampleRate: 16000 }), { message: `${shown(dir, 'gone.wav')}: cannot read (no such file)` });
});

t.test('the required rate comes from the caller: a 16 kHz clip fails an 8 kHz scenario', async (t) => {
  const dir = t.testdir({ 'a.wav': wav16(4) });
  const f = shown(dir, 'a.wav');
  await t.rejects(loadClip(ref(dir, 'a.wav'), { sampleRate: 8000 }), {
    message: `${f}: 16000 Hz mono 16-bit; tinyhil needs 8000 Hz mono 16-bit PCM (convert: sox ${f} -r 8000 -c 1 -b 16 out.wav)`,
  });
});
