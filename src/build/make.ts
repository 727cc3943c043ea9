/**
 * Builds the firmware a scenario names: an app in firmware/apps (our Makefile,
 * with the platform's memory sizes so "it fits" means it fits the chip), an
 * external folder with its own build command, or a prebuilt ELF.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FirmwareSpec, Platform } from '../config/schema.js';
import { acquireLock, type Lock } from '../proc/lock.js';
import { runManaged, shellQuote } from '../proc/spawn.js';
import { toolSpec, which } from '../proc/tools.js';

/** The tinyhil package root (holds firmware/, platforms/, scenarios/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A build that failed because of the firmware (compile error): exit 1. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(message: string, readonly logPath?: string) {
    super(message);
  }
}

/** A build that could not run (toolchain missing, timeout): exit 3. */
export class ToolchainError extends Error {
  override name = 'ToolchainError';
}

export interface BuildRequest {
  firmware: FirmwareSpec;
  platform: Platform;
  /** The scenario's folder: relative firmware paths start here. */
  baseDir: string;
  /** Where build.log goes. */
  logDir: string;
  timeoutMs: number;
  /** Make variables the target kind adds (a board's flash origin), over the platform's memory layout. */
  variables?: Record<string, string>;
  /** Build the host (x86) executable instead of the device ELF (apps only). */
  host?: boolean;
  /** The run's cancellation: the build's process group is stopped, and the build throws BuildInterrupted. */
  signal?: AbortSignal;
}

/** The build was stopped by the run's signal (Ctrl-C), not by the firmware. */
export class BuildInterrupted extends Error {
  override name = 'BuildInterrupted';
}

export interface BuildResult {
  kind: 'app' | 'external' | 'prebuilt' | 'host';
  elf: string;
  /** The command that ran (empty for prebuilt). */
  command: string;
  logPath?: string;
  durationMs: number;
}

/** The folder holding `firmware/apps/<app>`: the nearest ancestor of `from`, else this package. */
export function firmwareRoot(app: string, from: string): string {
  for (let d = resolve(from); ; d = dirname(d)) {
    if (existsSync(join(d, 'firmware', 'apps', app))) return join(d, 'firmware');
    if (dirname(d) === d) break;
  }
  return join(PACKAGE_ROOT, 'firmware');
}

/** Make variables carrying the platform's declared memory into the linker script. */
export function memoryVars(p: Platform): Record<string, string> {
  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    FLASH_ORIGIN: hex(p.memory.flash.start), FLASH_SIZE: String(p.memory.flash.size),
    RAM_ORIGIN: hex(p.memory.ram.start), RAM_SIZE: String(p.memory.ram.size),
  };
}

export async function buildFirmware(req: BuildRequest): Promise<BuildResult> {
  const fw = req.firmware;
  const t0 = Date.now();
  if (fw.app !== undefined) return buildApp(req, fw.app, t0);
  if (fw.path !== undefined) return buildExternal(req, t0);
  const elf = resolve(req.baseDir, fw.elf!);
  mustBeFile(elf, 'firmware.elf');
  return { kind: 'prebuilt', elf, command: '', durationMs: Date.now() - t0 };
}

async function buildApp(req: BuildRequest, app: string, t0: number): Promise<BuildResult> {
  const root = firmwareRoot(app, req.baseDir);
  const make = which(['make']);
  if (!make) throw new ToolchainError(`make not found; install it: ${toolSpec('make').install}`);
  if (!req.host && !which(['arm-none-eabi-gcc'], 'ARM_GCC'))
    throw new ToolchainError(`arm-none-eabi-gcc not found; install it: ${toolSpec('arm-none-eabi-gcc').install}`);
  const platformDir = req.platform.firmware?.dir ?? req.platform.name;
  const vars: Record<string, string> = { ...(req.host ? {} : { ...memoryVars(req.platform), ...req.variables }) };
  for (const [k, v] of Object.entries(req.firmware.variables ?? {})) vars[k] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  // One build folder per distinct configuration, so a fault-injection build never reuses clean objects.
  const key = createHash('sha256').update(JSON.stringify([platformDir, req.host ?? false, vars])).digest('hex').slice(0, 10);
  const buildDir = join(root, 'build', req.host ? 'host' : platformDir, `${app}-${key}`);
  const args = ['-C', root, '-j2', ...(req.host ? ['host'] : []), `APP=${app}`, `PLATFORM=${req.host ? 'host' : platformDir}`, `BUILD_DIR=${buildDir}`];
  for (const [k, v] of Object.entries(vars)) args.push(`${k}=${v}`);
  const name = req.host ? 'build-host' : 'build';
  // Two runs building the same configuration share its folder: one would read the ELF the other
  // is still writing ("not an ELF file", seen with two test processes). One make per folder at a time;
  // a lock left by a killed run is reclaimed (proc/lock.ts).
  const locks = join(root, 'build', '.locks');
  mkdirSync(locks, { recursive: true });
  const command = ['make', ...args].map(shellQuote).join(' ');
  let lock: Lock;
  try {
    lock = await acquireLock(relative(join(root, 'build'), buildDir), { purpose: `build ${app}`, dir: locks, waitMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) });
  } catch (e) {
    if (req.signal?.aborted) throw new BuildInterrupted(`the firmware build was interrupted: ${command}`);
    throw new ToolchainError(`the firmware build folder stayed busy: ${(e as Error).message}`);
  }
  let r: Awaited<ReturnType<typeof runManaged>>;
  try {
    r = await runManaged(make, args, { name, logDir: req.logDir, timeoutMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) });
  } finally {
    await lock.release();
  }
  if (req.signal?.aborted) throw new BuildInterrupted(`the firmware build was interrupted: ${command}`);
  if (r.timedOut) throw new ToolchainError(`the firmware build timed out after ${req.timeoutMs} ms: ${command}; log ${r.logPath}`);
  if (r.code !== 0) throw new BuildError(`the firmware build failed (exit ${r.code}): ${command}; log ${r.logPath}:\n${r.tail}`, r.logPath);
  const elf = join(buildDir, req.host ? app : `${app}.elf`);
  if (!existsSync(elf)) throw new BuildError(`the build succeeded but did not produce ${elf}; log ${r.logPath}`, r.logPath);
  return { kind: req.host ? 'host' : 'app', elf, command, logPath: r.logPath, durationMs: Date.now() - t0 };
}

async function buildExternal(req: BuildRequest, t0: number): Promise<BuildResult> {
  const fw = req.firmware;
  const dir = resolve(req.baseDir, fw.path!);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BuildError(`firmware.path ${relative(process.cwd(), dir)} is not a folder`);
  const env: Record<string, string> = { HIL_PLATFORM: req.platform.name };
  for (const [k, v] of Object.entries({ ...memoryVars(req.platform), ...req.variables })) env[`HIL_${k}`] = v;
  for (const [k, v] of Object.entries(fw.variables ?? {})) env[k] = String(v);
  const r = await runManaged('/bin/sh', ['-c', fw.build!], { name: 'build', logDir: req.logDir, cwd: dir, env, timeoutMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) });
  if (req.signal?.aborted) throw new BuildInterrupted(`the external firmware build was interrupted: ${fw.build}`);
  if (r.timedOut) throw new ToolchainError(`the external firmware build timed out after ${req.timeoutMs} ms: ${fw.build}; log ${r.logPath}`);
  if (r.code !== 0) throw new BuildError(`the external firmware build failed (exit ${r.code}): (cd ${dir} && ${fw.build}); log ${r.logPath}:\n${r.tail}`, r.logPath);
  const elf = resolve(dir, fw.elf!);
  mustBeFile(elf, 'firmware.elf');
  return { kind: 'external', elf, command: `(cd ${shellQuote(dir)} && ${fw.build})`, logPath: r.logPath, durationMs: Date.now() - t0 };
}

function mustBeFile(p: string, what: string): void {
  if (!existsSync(p) || !statSync(p).isFile()) throw new BuildError(`${what}: ${p} does not exist`);
}

export async function sha256File(p: string): Promise<string> {
  return createHash('sha256').update(await readFile(p)).digest('hex');
}
