/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker): removes every 0x00 so
 * 0x00 can delimit frames and a receiver resynchronises at the next delimiter.
 */

/** Encodes `data`; the result contains no 0x00 (the caller appends the delimiter). */
export function cobsEncode(data: Uint8Array): Buffer {
  const out = Buffer.alloc(data.length + Math.ceil(data.length / 254) + 1);
  let codeAt = 0;
  let o = 1;
  let code = 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
      continue;
    }
    out[o++] = b;
    if (++code === 0xff) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
    }
  }
  out[codeAt] = code;
  return out.subarray(0, o);
}

/** Decodes one COBS block (without its delimiter); null when malformed. */
export function cobsDecode(enc: Uint8Array): Buffer | null {
  const out = Buffer.alloc(enc.length);
  let o = 0;
  let i = 0;
  while (i < enc.length) {
    const code = enc[i++]!;
    if (code === 0) return null;
    const end = i + code - 1;
    if (end > enc.length) return null;
    for (; i < end; i++) {
      const b = enc[i]!;
      if (b === 0) return null;
      out[o++] = b;
    }
    // A code of 0xff means "254 bytes, no zero follows"; the last block never implies a zero.
    if (code !== 0xff && i < enc.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}
