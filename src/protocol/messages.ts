/**
 * Payload codecs for each frame type (docs/protocol.md §3-4). Decoders throw
 * `ProtocolError` on malformed payloads so the session can name the frame.
 */
import type { DeviceInfo } from '../core/types.js';
import { decodeTlvs, encodeTlvs, tv, type Tlv } from './tlv.js';

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const need = (buf: Buffer, n: number, what: string) => {
  if (buf.length < n) throw new ProtocolError(`${what}: ${buf.length} bytes, need ${n}`);
};

export const HelloTag = {
  protocol: 0x01, fwName: 0x02, fwVersion: 0x03, board: 0x04, cpuHz: 0x05, label: 0x06, maxPayload: 0x07,
  rxWindow: 0x08, cycleSource: 0x09, region: 0x0a, scoreScale: 0x0b, maxClip: 0x0c, audioPaths: 0x0d, bootId: 0x0e,
  probe: 0x0f, capabilities: 0x10,
} as const;

const REGION_KINDS = ['data', 'bss', 'stack', 'heap', 'other'] as const;

/** HELLO as the host sees it: {@link DeviceInfo} plus the optional boot id. */
export type Hello = DeviceInfo & { bootId?: number };

export function decodeHello(payload: Buffer): Hello {
  const h: Hello = {
    protocol: 0, fwName: '', fwVersion: '', board: '', cpuHz: 0, labels: [], maxPayload: 0, rxWindow: 1,
    cycleSource: 'none', regions: [], scoreScale: 1, maxClip: 0, audioPaths: 1,
  };
  for (const { tag, value: v } of decodeTlvs(payload)) {
    switch (tag) {
      case HelloTag.protocol: need(v, 2, 'HELLO protocol'); h.protocol = v.readUInt16LE(0); break;
      case HelloTag.fwName: h.fwName = v.toString('utf8'); break;
      case HelloTag.fwVersion: h.fwVersion = v.toString('utf8'); break;
      case HelloTag.board: h.board = v.toString('utf8'); break;
      case HelloTag.cpuHz: need(v, 4, 'HELLO cpu_hz'); h.cpuHz = v.readUInt32LE(0); break;
      case HelloTag.label: h.labels.push(v.toString('utf8')); break;
      case HelloTag.maxPayload: need(v, 2, 'HELLO max_payload'); h.maxPayload = v.readUInt16LE(0); break;
      case HelloTag.rxWindow: need(v, 1, 'HELLO rx_window'); h.rxWindow = v[0]!; break;
      case HelloTag.cycleSource: h.cycleSource = v.toString('utf8'); break;
      case HelloTag.region: {
        need(v, 9, 'HELLO region');
        h.regions.push({ start: v.readUInt32LE(0), size: v.readUInt32LE(4), kind: REGION_KINDS[v[8]!] ?? 'other', name: v.subarray(9).toString('utf8') });
        break;
      }
      case HelloTag.scoreScale: need(v, 4, 'HELLO score_scale'); h.scoreScale = v.readFloatLE(0); break;
      case HelloTag.maxClip: need(v, 4, 'HELLO max_clip'); h.maxClip = v.readUInt32LE(0); break;
      case HelloTag.audioPaths: need(v, 1, 'HELLO audio_paths'); h.audioPaths = v[0]!; break;
      case HelloTag.bootId: need(v, 4, 'HELLO boot_id'); h.bootId = v.readUInt32LE(0); break;
      case HelloTag.probe: need(v, 10, 'HELLO probe'); h.probe = { set: v.readUInt16LE(0), ran: v.readUInt32LE(2), failed: v.readUInt32LE(6) }; break;
      case HelloTag.capabilities: need(v, 4, 'HELLO capabilities'); h.capabilities = v.readUInt32LE(0); break;
      default: break; // unknown tags are ignored on purpose (docs/protocol.md 8.1): newer devices add fields
    }
  }
  if (h.protocol === 0) throw new ProtocolError('HELLO without a protocol version');
  return h;
}

/** Encodes a HELLO (used by tests and the board simulator). */
export function encodeHello(h: Hello): Buffer {
  const t: Tlv[] = [
    tv.u16(HelloTag.protocol, h.protocol), tv.str(HelloTag.fwName, h.fwName), tv.str(HelloTag.fwVersion, h.fwVersion),
    tv.str(HelloTag.board, h.board), tv.u32(HelloTag.cpuHz, h.cpuHz), ...h.labels.map((l) => tv.str(HelloTag.label, l)),
    tv.u16(HelloTag.maxPayload, h.maxPayload), tv.u8(HelloTag.rxWindow, h.rxWindow), tv.str(HelloTag.cycleSource, h.cycleSource),
    ...h.regions.map((r) => {
      const b = Buffer.alloc(9);
      b.writeUInt32LE(r.start, 0);
      b.writeUInt32LE(r.size, 4);
      b[8] = Math.max(0, REGION_KINDS.indexOf(r.kind));
      return tv.raw(HelloTag.region, Buffer.concat([b, Buffer.from(r.name)]));
    }),
    tv.f32(HelloTag.scoreScale, h.scoreScale), tv.u32(HelloTag.maxClip, h.maxClip), tv.u8(HelloTag.audioPaths, h.audioPaths),
  ];
  if (h.bootId !== undefined) t.push(tv.u32(HelloTag.bootId, h.bootId));
  if (h.probe) {
    const b = Buffer.alloc(10);
    b.writeUInt16LE(h.probe.set, 0);
    b.writeUInt32LE(h.probe.ran >>> 0, 2);
    b.writeUInt32LE(h.probe.failed >>> 0, 6);
    t.push(tv.raw(HelloTag.probe, b));
  }
  if (h.capabilities !== undefined) t.push(tv.u32(HelloTag.capabilities, h.capabilities));
  return encodeTlvs(t);
}

/** CLIP_BEGIN (§4.2). */
export interface ClipBegin {
  clipId: number;
  nSamples: number;
  sampleRate: number;
  flags: number;
  memAddr: number;
  args: number[];
}

export const CLIP_FLAG_MEMORY = 1;
/** The device records the clip from its microphone (the host fed the microphone model). */
export const CLIP_FLAG_MIC = 2;
/** HELLO audio_paths bits. */
export const AUDIO_PATH_BITS = { uart: 1, memory: 2, pdm: 4 } as const;

export function encodeClipBegin(c: ClipBegin): Buffer {
  if (c.args.length > 8) throw new ProtocolError(`at most 8 app arguments, got ${c.args.length}`);
  const b = Buffer.alloc(19 + 4 * c.args.length);
  b.writeUInt32LE(c.clipId >>> 0, 0);
  b.writeUInt32LE(c.nSamples >>> 0, 4);
  b.writeUInt32LE(c.sampleRate >>> 0, 8);
  b.writeUInt16LE(c.flags, 12);
  b.writeUInt32LE(c.memAddr >>> 0, 14);
  b[18] = c.args.length;
  c.args.forEach((a, i) => b.writeInt32LE(a | 0, 19 + 4 * i));
  return b;
}

export function decodeClipBegin(b: Buffer): ClipBegin {
  need(b, 19, 'CLIP_BEGIN');
  const n = b[18]!;
  need(b, 19 + 4 * n, 'CLIP_BEGIN args');
  const args: number[] = [];
  for (let i = 0; i < n; i++) args.push(b.readInt32LE(19 + 4 * i));
  return { clipId: b.readUInt32LE(0), nSamples: b.readUInt32LE(4), sampleRate: b.readUInt32LE(8), flags: b.readUInt16LE(12), memAddr: b.readUInt32LE(14), args };
}

export const ResultTag = {
  clipId: 0x01, predicted: 0x02, scores: 0x03, cycles: 0x04, cyclesFe: 0x05, cyclesInf: 0x06, stackHwm: 0x07,
  stack: 0x08, value: 0x09, samples: 0x0a, heapUsed: 0x0b, status: 0x0c,
} as const;

/** RESULT as decoded, in device units (cycles are raw counter ticks). */
export interface DeviceResult {
  clipId: number;
  predicted: number | null;
  scores: number[];
  cycles?: number;
  cyclesFe?: number;
  cyclesInf?: number;
  stackHwm?: number;
  stacks: { name: string; used: number; size: number }[];
  values: Record<string, number>;
  samples?: number;
  heapUsed?: number;
  status: number;
}

const u64 = (v: Buffer, what: string) => (need(v, 8, what), Number(v.readBigUInt64LE(0)));

export function decodeResult(payload: Buffer): DeviceResult {
  const r: DeviceResult = { clipId: -1, predicted: null, scores: [], stacks: [], values: {}, status: 0 };
  for (const { tag, value: v } of decodeTlvs(payload)) {
    switch (tag) {
      case ResultTag.clipId: need(v, 4, 'RESULT clip_id'); r.clipId = v.readUInt32LE(0); break;
      case ResultTag.predicted: need(v, 2, 'RESULT predicted'); { const p = v.readUInt16LE(0); r.predicted = p === 0xffff ? null : p; } break;
      case ResultTag.scores:
        if (v.length % 4) throw new ProtocolError(`RESULT scores: ${v.length} bytes is not a multiple of 4`);
        for (let i = 0; i < v.length; i += 4) r.scores.push(v.readInt32LE(i));
        break;
      case ResultTag.cycles: r.cycles = u64(v, 'RESULT cycles'); break;
      case ResultTag.cyclesFe: r.cyclesFe = u64(v, 'RESULT cycles_fe'); break;
      case ResultTag.cyclesInf: r.cyclesInf = u64(v, 'RESULT cycles_inf'); break;
      case ResultTag.stackHwm: need(v, 4, 'RESULT stack_hwm'); r.stackHwm = v.readUInt32LE(0); break;
      case ResultTag.stack: need(v, 8, 'RESULT stack'); r.stacks.push({ used: v.readUInt32LE(0), size: v.readUInt32LE(4), name: v.subarray(8).toString('utf8') }); break;
      case ResultTag.value: need(v, 8, 'RESULT value'); r.values[v.subarray(8).toString('utf8')] = Number(v.readBigInt64LE(0)); break;
      case ResultTag.samples: need(v, 4, 'RESULT samples'); r.samples = v.readUInt32LE(0); break;
      case ResultTag.heapUsed: need(v, 4, 'RESULT heap_used'); r.heapUsed = v.readUInt32LE(0); break;
      case ResultTag.status: need(v, 1, 'RESULT status'); r.status = v[0]!; break;
      default: break;
    }
  }
  if (r.clipId < 0) throw new ProtocolError('RESULT without a clip_id');
  return r;
}

/** LOG (§4.4). */
export function decodeLog(b: Buffer): { level: number; text: string } {
  need(b, 1, 'LOG');
  return { level: b[0]!, text: b.subarray(1).toString('utf8') };
}

/** ERROR (§4.4). */
export function decodeError(b: Buffer): { code: number; text: string } {
  need(b, 2, 'ERROR');
  return { code: b.readUInt16LE(0), text: b.subarray(2).toString('utf8') };
}

export const ERROR_CODES: Record<number, string> = {
  1: 'unknown frame type', 2: 'clip already in progress', 3: 'clip too large', 4: 'app rejected the clip',
  5: 'too many samples', 6: 'data without a clip', 7: 'bad payload', 8: 'microphone overrun',
};
