import t from 'tap';
import { decodeBlock, encodeFrame, FrameDecoder, FrameType, type FrameEvent } from '../../src/protocol/frame.js';

function decodeAll(chunks: Buffer[], maxPayload = 1024): { events: FrameEvent[]; garbage: number } {
  const d = new FrameDecoder(maxPayload);
  const events: FrameEvent[] = [];
  d.on('data', (e: FrameEvent) => events.push(e));
  for (const c of chunks) d.write(c);
  return { events, garbage: d.garbageBytes };
}

t.test('frame layout: type, seq, len, payload, crc32; COBS; 0x00 delimiter', async (t) => {
  const f = encodeFrame(FrameType.CLIP_DATA, 7, Buffer.from([0, 1, 2, 0]));
  t.equal(f[f.length - 1], 0, 'ends with the delimiter');
  t.notOk(f.subarray(0, -1).includes(0), 'no zero inside');
  const ev = decodeBlock(f.subarray(0, -1));
  t.match(ev, { kind: 'frame', type: 0x21, seq: 7 });
  if (ev.kind === 'frame') t.same([...ev.payload], [0, 1, 2, 0]);
});

t.test('split at every byte boundary, with garbage and empty frames between', async (t) => {
  const a = encodeFrame(FrameType.HELLO, 0, Buffer.from('hello'));
  const b = encodeFrame(FrameType.LOG, 1, Buffer.alloc(300, 0));
  const junk = Buffer.from('\r\nBOOT ROM v1.2\r\n\x00\x00', 'latin1');
  const all = Buffer.concat([junk, a, Buffer.from([0, 0]), b]);
  for (let cut = 1; cut < all.length; cut += 7) {
    const { events } = decodeAll([all.subarray(0, cut), all.subarray(cut)]);
    const frames = events.filter((e) => e.kind === 'frame');
    t.equal(frames.length, 2, `cut at ${cut}`);
    t.equal(events.filter((e) => e.kind === 'corrupt').length, 1, 'the banner is one corrupt block');
  }
});

t.test('every single-bit flip is detected', async (t) => {
  const f = encodeFrame(FrameType.RESULT, 3, Buffer.from('scores and cycles'));
  let detected = 0;
  let total = 0;
  for (let i = 0; i < f.length - 1; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const g = Buffer.from(f);
      g[i] = g[i]! ^ (1 << bit);
      total++;
      // A flip that creates a 0x00 splits the frame: both halves must be rejected.
      const { events } = decodeAll([g]);
      if (events.every((e) => e.kind === 'corrupt')) detected++;
    }
  }
  t.equal(detected, total, `${total} flips, all detected`);
});

t.test('length field disagreeing with the payload is corrupt', async (t) => {
  const f = encodeFrame(FrameType.LOG, 0, Buffer.from('abc'));
  // Re-encode a raw frame whose len says 5 while 3 bytes follow, with a valid CRC over it.
  const { cobsDecode, cobsEncode } = await import('../../src/protocol/cobs.js');
  const { crc32 } = await import('../../src/protocol/crc32.js');
  const raw = cobsDecode(f.subarray(0, -1))!;
  raw.writeUInt16LE(5, 2);
  raw.writeUInt32LE(crc32(raw.subarray(0, raw.length - 4)), raw.length - 4);
  const ev = decodeBlock(cobsEncode(raw));
  t.match(ev, { kind: 'corrupt', reason: /length field 5 but 3/ });
});

t.test('over-long runs are dropped, counted, and the next frame decodes', async (t) => {
  const noise = Buffer.alloc(5000, 0x41);
  const good = encodeFrame(FrameType.LOG, 0, Buffer.from('after the noise'));
  const { events, garbage } = decodeAll([noise, Buffer.from([0]), good], 256);
  t.match(events[0], { kind: 'corrupt', reason: 'over-long frame' });
  t.match(events[1], { kind: 'frame', type: FrameType.LOG });
  t.ok(garbage >= 5000 - 300, `counted ${garbage} garbage bytes`);
});

t.test('lastBytes shows the tail of the stream in hex', async (t) => {
  const d = new FrameDecoder();
  d.write(Buffer.from([1, 2, 0xab]));
  t.equal(d.lastBytes(), '01 02 ab');
});
