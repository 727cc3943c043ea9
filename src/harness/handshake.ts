/** Checks the device's HELLO against what the scenario expects (docs/protocol.md §4.1). */
import type { Platform } from '../config/schema.js';
import type { Hello } from '../protocol/messages.js';

export const PROTOCOL_VERSION = 1;

/** The device is not what the scenario describes: bad input (exit 2), not an infrastructure error. */
export class HandshakeError extends Error {
  override name = 'HandshakeError';
  /** `labels` errors point at the scenario's `labels:`; others at `platform:` or `firmware:`. */
  constructor(message: string, readonly field: 'labels' | 'platform' | 'firmware' | 'protocol') {
    super(message);
  }
}

export interface HandshakeExpect {
  labels: string[];
  platform: Platform;
  /** The board name the device must report; `host` for the host build. */
  board: string;
}

/** Throws {@link HandshakeError} naming the first field that differs. */
export function checkHello(h: Hello, want: HandshakeExpect): void {
  if (h.protocol !== PROTOCOL_VERSION)
    throw new HandshakeError(`the device speaks protocol version ${h.protocol}, this tinyhil speaks ${PROTOCOL_VERSION}: rebuild the firmware against this tinyhil's firmware/lib/hil`, 'protocol');
  if (h.board !== want.board)
    throw new HandshakeError(`the firmware was built for board "${h.board}" but the scenario runs it on platform "${want.board}"`, 'platform');
  if (want.board !== 'host' && h.cpuHz !== want.platform.clock_hz)
    throw new HandshakeError(`the device runs at ${h.cpuHz} Hz but platform "${want.board}" declares clock_hz ${want.platform.clock_hz}`, 'platform');
  const same = h.labels.length === want.labels.length && h.labels.every((l, i) => l === want.labels[i]);
  if (!same) {
    const firstDiff = want.labels.findIndex((l, i) => h.labels[i] !== l);
    const where = firstDiff >= 0 ? ` (first difference at index ${firstDiff}: device "${h.labels[firstDiff] ?? '(none)'}", scenario "${want.labels[firstDiff]}")` : '';
    throw new HandshakeError(`the device's labels [${h.labels.join(', ')}] differ from the scenario's labels [${want.labels.join(', ')}]${where}; they must match in name and order`, 'labels');
  }
  if (h.maxPayload < 2) throw new HandshakeError(`the device announces max_payload ${h.maxPayload}; it must accept at least 2 bytes of samples per frame`, 'firmware');
}
