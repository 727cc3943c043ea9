/** TLV lists (`u8 tag, u16 len, value`) used by HELLO and RESULT (docs/protocol.md §3). */

export interface Tlv {
  tag: number;
  value: Buffer;
}

export function encodeTlvs(items: Tlv[]): Buffer {
  const parts: Buffer[] = [];
  for (const { tag, value } of items) {
    const h = Buffer.alloc(3);
    h[0] = tag;
    h.writeUInt16LE(value.length, 1);
    parts.push(h, value);
  }
  return Buffer.concat(parts);
}

/** Parses a TLV list; throws on a truncated entry (the caller reports a bad payload). */
export function decodeTlvs(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    if (i + 3 > buf.length) throw new Error(`truncated TLV header at byte ${i}`);
    const tag = buf[i]!;
    const len = buf.readUInt16LE(i + 1);
    if (i + 3 + len > buf.length) throw new Error(`TLV 0x${tag.toString(16)} at byte ${i} claims ${len} bytes, ${buf.length - i - 3} left`);
    out.push({ tag, value: buf.subarray(i + 3, i + 3 + len) });
    i += 3 + len;
  }
  return out;
}

/** Small builders for TLV values. */
export const tv = {
  u8: (tag: number, v: number): Tlv => ({ tag, value: Buffer.from([v & 0xff]) }),
  u16: (tag: number, v: number): Tlv => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    return { tag, value: b };
  },
  u32: (tag: number, v: number): Tlv => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return { tag, value: b };
  },
  u64: (tag: number, v: bigint | number): Tlv => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return { tag, value: b };
  },
  f32: (tag: number, v: number): Tlv => {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    return { tag, value: b };
  },
  str: (tag: number, s: string): Tlv => ({ tag, value: Buffer.from(s, 'utf8') }),
  raw: (tag: number, value: Buffer): Tlv => ({ tag, value }),
};
