import t from 'tap';
import { decodeClipBegin, decodeHello, decodeResult, encodeClipBegin, encodeHello, ProtocolError, ResultTag, type Hello } from '../../src/protocol/messages.js';
import { encodeTlvs, tv } from '../../src/protocol/tlv.js';

const hello: Hello = {
  protocol: 1, fwName: 'selftest', fwVersion: '1.0.0', board: 'mps2-an386', cpuHz: 25_000_000, labels: ['seg0', 'seg1', 'seg2', 'seg3'],
  maxPayload: 512, rxWindow: 2, cycleSource: 'systick', regions: [{ name: '.bss', kind: 'bss', start: 0x20000000, size: 1234 }],
  scoreScale: 1, maxClip: 0, audioPaths: 3, bootId: 42,
};

t.test('HELLO round trip; unknown tags ignored', async (t) => {
  const enc = Buffer.concat([encodeHello(hello), encodeTlvs([tv.str(0x7e, 'from the future')])]);
  t.same(decodeHello(enc), hello);
});

t.test('HELLO without protocol version is rejected', async (t) => {
  t.throws(() => decodeHello(encodeTlvs([tv.str(0x02, 'x')])), ProtocolError);
});

t.test('truncated TLVs are errors, not garbage values', async (t) => {
  const enc = encodeHello(hello);
  t.throws(() => decodeHello(enc.subarray(0, enc.length - 2)), /TLV/);
});

t.test('CLIP_BEGIN layout is fixed: 19 bytes + 4 per arg', async (t) => {
  const b = encodeClipBegin({ clipId: 9, nSamples: 16000, sampleRate: 16000, flags: 0, memAddr: 0, args: [4096, -1] });
  t.equal(b.length, 27);
  t.equal(b.readUInt32LE(4), 16000);
  t.same(decodeClipBegin(b), { clipId: 9, nSamples: 16000, sampleRate: 16000, flags: 0, memAddr: 0, args: [4096, -1] });
  t.throws(() => encodeClipBegin({ clipId: 1, nSamples: 1, sampleRate: 1, flags: 0, memAddr: 0, args: new Array(9).fill(0) }), /at most 8/);
});

t.test('RESULT decoding: 64-bit cycles, named values, none prediction', async (t) => {
  const v = Buffer.alloc(8);
  v.writeBigInt64LE(-5n);
  const payload = encodeTlvs([
    tv.u32(ResultTag.clipId, 3), tv.u16(ResultTag.predicted, 0xffff), tv.u64(ResultTag.cycles, 2n ** 40n),
    tv.raw(ResultTag.value, Buffer.concat([v, Buffer.from('sum')])), tv.u32(ResultTag.stackHwm, 777),
  ]);
  const r = decodeResult(payload);
  t.equal(r.clipId, 3);
  t.equal(r.predicted, null);
  t.equal(r.cycles, 2 ** 40);
  t.equal(r.values.sum, -5);
  t.equal(r.stackHwm, 777);
  t.throws(() => decodeResult(encodeTlvs([tv.u16(ResultTag.predicted, 1)])), /clip_id/);
});
