/**
 * Frame codec (docs/protocol.md §1): `COBS(type seq len payload crc32) 0x00`.
 * The decoder is a Transform stream: bytes in, {@link FrameEvent}s out.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { cobsDecode, cobsEncode } from './cobs.js';
import { crc32 } from './crc32.js';

export const FrameType = {
  ACK: 0x01,
  NAK: 0x02,
  HELLO: 0x10,
  RESULT: 0x11,
  LOG: 0x12,
  ERROR: 0x13,
  CLIP_BEGIN: 0x20,
  CLIP_DATA: 0x21,
} as const;
export type FrameTypeName = keyof typeof FrameType;

/** Reliable frames carry sequence numbers and are acknowledged; ACK/NAK are not. */
export const isReliable = (type: number): boolean => type >= 0x10 && type <= 0x7f;

export function frameTypeName(type: number): string {
  for (const [k, v] of Object.entries(FrameType)) if (v === type) return k;
  return `0x${type.toString(16).padStart(2, '0')}`;
}

export interface Frame {
  type: number;
  seq: number;
  payload: Buffer;
}

/** What the decoder emits: a good frame, or a corrupt one with the reason (the link NAKs it). */
export type FrameEvent = ({ kind: 'frame' } & Frame) | { kind: 'corrupt'; reason: string; bytes: number };

const HEADER = 4;
const TRAILER = 4;

/** Encodes one frame, delimiter included. */
export function encodeFrame(type: number, seq: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const raw = Buffer.alloc(HEADER + payload.length + TRAILER);
  raw[0] = type;
  raw[1] = seq & 0xff;
  raw.writeUInt16LE(payload.length, 2);
  raw.set(payload, HEADER);
  raw.writeUInt32LE(crc32(raw.subarray(0, HEADER + payload.length)), HEADER + payload.length);
  const enc = cobsEncode(raw);
  const out = Buffer.alloc(enc.length + 1);
  enc.copy(out);
  return out;
}

/** Decodes one delimiter-free COBS block into a frame or the reason it is corrupt. */
export function decodeBlock(block: Uint8Array): FrameEvent {
  const raw = cobsDecode(block);
  if (!raw) return { kind: 'corrupt', reason: 'bad COBS encoding', bytes: block.length };
  if (raw.length < HEADER + TRAILER) return { kind: 'corrupt', reason: `short frame (${raw.length} bytes)`, bytes: block.length };
  const len = raw.readUInt16LE(2);
  if (len !== raw.length - HEADER - TRAILER)
    return { kind: 'corrupt', reason: `length field ${len} but ${raw.length - HEADER - TRAILER} payload bytes`, bytes: block.length };
  const want = raw.readUInt32LE(HEADER + len);
  const got = crc32(raw.subarray(0, HEADER + len));
  if (want !== got) return { kind: 'corrupt', reason: 'CRC mismatch', bytes: block.length };
  return { kind: 'frame', type: raw[0]!, seq: raw[1]!, payload: Buffer.from(raw.subarray(HEADER, HEADER + len)) };
}

/** Largest encoded block (without delimiter) for a payload limit. */
export const maxEncoded = (maxPayload: number): number => {
  const raw = HEADER + maxPayload + TRAILER;
  return raw + Math.ceil(raw / 254) + 1;
};

/**
 * Splits a byte stream at 0x00 delimiters and decodes each block. Bytes beyond
 * the size limit are dropped until the next delimiter (counted in `garbageBytes`),
 * so line noise or a boot banner can never grow the buffer.
 */
export class FrameDecoder extends Transform {
  private buf: Buffer;
  private len = 0;
  private overflow = false;
  /** Bytes discarded as garbage (over-long runs). */
  garbageBytes = 0;
  /** Every byte seen, for diagnostics ("last bytes received"). */
  private recent = Buffer.alloc(0);

  constructor(readonly maxPayload = 4096) {
    super({ readableObjectMode: true });
    this.buf = Buffer.alloc(maxEncoded(maxPayload));
  }

  /** The last bytes received (up to 64), hex, for error messages. */
  lastBytes(): string {
    return this.recent.toString('hex').replace(/(..)/g, '$1 ').trim();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.recent = Buffer.concat([this.recent, chunk]).subarray(-64);
    for (const b of chunk) {
      if (b !== 0) {
        if (this.len < this.buf.length) this.buf[this.len++] = b;
        else if (!this.overflow) {
          this.overflow = true;
          this.garbageBytes += this.len;
        } else this.garbageBytes++;
        continue;
      }
      if (this.overflow) {
        this.push({ kind: 'corrupt', reason: 'over-long frame', bytes: this.len } satisfies FrameEvent);
      } else if (this.len > 0) {
        this.push(decodeBlock(this.buf.subarray(0, this.len)));
      }
      this.len = 0;
      this.overflow = false;
    }
    cb();
  }
}
