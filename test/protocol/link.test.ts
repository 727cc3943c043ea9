import t, { type Test } from 'tap';
import { PassThrough } from 'node:stream';
import { Lossy } from '../helpers/lossy.js';
import { Link } from '../../src/protocol/link.js';
import { FrameType } from '../../src/protocol/frame.js';

function pair(seed: number, p: { drop?: number; flip?: number; dup?: number }, credit = 8) {
  const aToB = new Lossy(seed, p);
  const bToA = new Lossy(seed + 1, p);
  const a = new Link(bToA, aToB, { rtoMs: 30, hostCredit: 8 });
  const b = new Link(aToB, bToA, { rtoMs: 30, hostCredit: credit });
  return { a, b };
}

async function transfer(t: Test, seed: number, p: { drop?: number; flip?: number; dup?: number }, n: number) {
  const { a, b } = pair(seed, p);
  const got: Buffer[] = [];
  b.on('frame', (f: { payload: Buffer }) => got.push(f.payload));
  a.setCredit(2);
  const sent: Buffer[] = [];
  const acks: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const payload = Buffer.alloc(2 + ((i * 37) % 200), i & 0xff);
    payload.writeUInt16LE(i, 0);
    sent.push(payload);
    acks.push(a.send(FrameType.CLIP_DATA, payload));
  }
  await Promise.all(acks);
  // Everything acknowledged means everything delivered, once and in order.
  t.equal(got.length, n, 'every frame delivered exactly once');
  t.ok(got.every((g, i) => g.equals(sent[i]!)), 'in order, byte-exact');
  a.close();
  b.close();
  return a.stats;
}


t.test('clean channel: no retransmissions', async (t) => {
  const s = await transfer(t, 1, {}, 200);
  t.equal(s.retransmits, 0);
});

t.test('0.2% byte drops', async (t) => {
  const s = await transfer(t, 2, { drop: 0.002 }, 200);
  t.ok(s.retransmits > 0, `recovered with ${s.retransmits} retransmissions`);
});

t.test('bit flips and duplicated bytes', async (t) => {
  await transfer(t, 3, { flip: 0.001, dup: 0.001 }, 200);
});

t.test('credit is never exceeded', async (t) => {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = new Link(bToA, aToB, { rtoMs: 1000 });
  // No peer: count frames on the wire while nobody acknowledges.
  let frames = 0;
  aToB.on('data', (c: Buffer) => (frames += c.filter((x) => x === 0).length));
  a.setCredit(3);
  for (let i = 0; i < 10; i++) a.send(FrameType.CLIP_DATA, Buffer.from([i, 1])).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 50));
  t.equal(frames, 3, 'only 3 frames in flight with credit 3');
  t.equal(a.pending, 10);
  a.close();
});
