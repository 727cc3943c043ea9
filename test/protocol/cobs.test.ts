import t from 'tap';
import { cobsDecode, cobsEncode } from '../../src/protocol/cobs.js';

const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;

t.test('known vectors (Wikipedia COBS examples)', async (t) => {
  const cases: [number[], number[]][] = [
    [[0x00], [0x01, 0x01]],
    [[0x00, 0x00], [0x01, 0x01, 0x01]],
    [[0x11, 0x22, 0x00, 0x33], [0x03, 0x11, 0x22, 0x02, 0x33]],
    [[0x11, 0x22, 0x33, 0x44], [0x05, 0x11, 0x22, 0x33, 0x44]],
    [[0x11, 0x00, 0x00, 0x00], [0x02, 0x11, 0x01, 0x01, 0x01]],
  ];
  for (const [raw, enc] of cases) {
    t.same([...cobsEncode(Buffer.from(raw))], enc, `encode ${raw}`);
    t.same([...cobsDecode(Buffer.from(enc))!], raw, `decode ${enc}`);
  }
  const run254 = Buffer.alloc(254, 0x01);
  const e = cobsEncode(run254);
  t.equal(e[0], 0xff);
  t.equal(e.length, 256, '254 non-zero bytes take a 0xff block plus a final empty block');
  t.same(cobsDecode(e), run254);
});

t.test('round trip of random buffers, never a zero in the output', async (t) => {
  const r = rng(7);
  for (let n = 0; n < 300; n++) {
    const len = n < 100 ? n : (r() << 3) + r();
    const buf = Buffer.alloc(len);
    for (let i = 0; i < len; i++) buf[i] = r() < 80 ? 0 : r();
    const enc = cobsEncode(buf);
    t.notOk(enc.includes(0), `len ${len}: no zero`);
    t.ok(enc.length <= len + Math.ceil(len / 254) + 1);
    if (!buf.equals(cobsDecode(enc)!)) t.fail(`round trip len ${len}`);
  }
});

t.test('malformed blocks decode to null', async (t) => {
  t.equal(cobsDecode(Buffer.from([0x05, 0x11, 0x22])), null, 'block runs past the end');
  t.equal(cobsDecode(Buffer.from([0x03, 0x11, 0x00])), null, 'zero inside a block');
  t.equal(cobsDecode(Buffer.from([0x00])), null, 'zero code');
});
