/**
 * Finding a board's serial port: by path, or by what `SerialPort.list()` shows
 * (USB serial number, VID:PID, manufacturer), waiting for it to (re)appear,
 * because a USB CDC port re-enumerates after flashing. The binding is passed
 * in (node-serialport's transport apart from its stream), so matching is
 * unit-tested with `@serialport/binding-mock`.
 */
import { existsSync } from 'node:fs';
import type { BindingInterface, PortInfo } from '@serialport/bindings-cpp';
import { TargetError } from '../target.js';
import type { BoardPort } from './platform.js';

/** Where ports come from: the native binding, or binding-mock in tests. */
export interface PortSource {
  binding: BindingInterface;
  /** Whether a port path exists now (a device node; the mock's list for binding-mock). */
  exists(path: string): boolean | Promise<boolean>;
}

/** The native binding, loaded on first use so a machine without it still runs other targets. */
export async function nativePorts(): Promise<PortSource> {
  const { autoDetect } = await import('@serialport/bindings-cpp');
  return { binding: autoDetect(), exists: (p) => existsSync(p) };
}

/** A found port: its path, and what list() said of it (absent when matched by path alone). */
export interface FoundPort {
  path: string;
  info?: PortInfo;
}

/** What `spec` asks for, in words: `serial_number 0669FF..., vid:pid 0483:374b`. */
export function describeSpec(spec: BoardPort): string {
  const parts: string[] = [];
  if (spec.path) parts.push(`path ${spec.path}`);
  if (spec.serial_number) parts.push(`serial_number ${spec.serial_number}`);
  if (spec.vid || spec.pid) parts.push(`vid:pid ${spec.vid ?? '*'}:${spec.pid ?? '*'}`);
  if (spec.manufacturer) parts.push(`manufacturer "${spec.manufacturer}"`);
  return parts.join(', ');
}

/** One port as `hil boards` and error messages show it: `/dev/ttyACM0 (0483:374b, serial 0669..., STMicroelectronics)`. */
export function describePort(p: PortInfo): string {
  const extra = [
    p.vendorId || p.productId ? `${p.vendorId ?? '?'}:${p.productId ?? '?'}` : '',
    p.serialNumber ? `serial ${p.serialNumber}` : '',
    p.manufacturer ?? '',
  ].filter(Boolean);
  return extra.length ? `${p.path} (${extra.join(', ')})` : p.path;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Does the listed port `p` match every field `spec` gives (path aside)? VID/PID compare case-insensitively. */
export function matchesPort(spec: BoardPort, p: PortInfo): boolean {
  if (spec.serial_number !== undefined && p.serialNumber !== spec.serial_number) return false;
  if (spec.vid !== undefined && lower(p.vendorId) !== lower(spec.vid)) return false;
  if (spec.pid !== undefined && lower(p.productId) !== lower(spec.pid)) return false;
  if (spec.manufacturer !== undefined && !lower(p.manufacturer).includes(lower(spec.manufacturer))) return false;
  return true;
}

/** Whether matching `spec` needs `list()` (anything but a bare path). */
export const needsList = (spec: BoardPort): boolean =>
  spec.serial_number !== undefined || spec.vid !== undefined || spec.pid !== undefined || spec.manufacturer !== undefined;

/** `list()`, with the one thing that commonly breaks it on Linux said plainly. */
export async function listPorts(src: PortSource): Promise<PortInfo[]> {
  try {
    return await src.binding.list();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { path?: string };
    if (err.code === 'ENOENT' && /udevadm/.test(`${err.path ?? ''} ${err.message}`))
      throw new TargetError('listing serial ports needs udevadm, which is not installed (Debian: apt-get install udev)');
    throw new TargetError(`listing serial ports failed: ${err.message}`);
  }
}

/** What the host sees, for a "no port matches" message: every listed port, or why none could be listed. */
async function seen(src: PortSource): Promise<string> {
  try {
    const all = await listPorts(src);
    return all.length ? `seen: ${all.map(describePort).join('; ')} (pseudo-terminals are never listed)` : 'SerialPort.list() shows no ports';
  } catch (e) {
    return `and no list of the ports here: ${(e as Error).message}`;
  }
}

export interface FindOptions {
  /** How long the port may take to appear, ms. */
  waitMs: number;
  signal?: AbortSignal;
  /** Poll period, ms (default 100). */
  everyMs?: number;
}

/**
 * The port `spec` names, waiting up to `waitMs` for it to appear. Throws a
 * {@link TargetError} naming what was asked and listing what was seen.
 */
export async function findPort(spec: BoardPort, src: PortSource, o: FindOptions): Promise<FoundPort> {
  const deadline = Date.now() + o.waitMs;
  const every = o.everyMs ?? 100;
  for (;;) {
    if (o.signal?.aborted) throw new TargetError('interrupted while waiting for the serial port');
    const found = await lookOnce(spec, src);
    if (found) return found;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.min(every, Math.max(1, deadline - Date.now()))));
  }
  const waited = o.waitMs >= 1000 ? `${Math.round(o.waitMs / 100) / 10} s` : `${o.waitMs} ms`;
  throw new TargetError(`no serial port matches ${describeSpec(spec)} (waited ${waited}); ${await seen(src)}`);
}

async function lookOnce(spec: BoardPort, src: PortSource): Promise<FoundPort | undefined> {
  if (!needsList(spec)) return (await src.exists(spec.path!)) ? { path: spec.path! } : undefined;
  // list() failing (no udevadm) is not something waiting mends: it throws at once.
  const all = await listPorts(src).catch((e: unknown) => {
    throw new TargetError(`cannot match a port by ${describeSpec(spec)}: ${(e as Error).message}; or give the port by board.port.path`);
  });
  const hits = all.filter((p) => matchesPort(spec, p) && (spec.path === undefined || p.path === spec.path));
  if (hits.length > 1 && spec.path === undefined)
    throw new TargetError(`${hits.length} serial ports match ${describeSpec(spec)}: ${hits.map(describePort).join('; ')}; say which with board.port.serial_number or path`);
  return hits[0] ? { path: hits[0].path, info: hits[0] } : undefined;
}
