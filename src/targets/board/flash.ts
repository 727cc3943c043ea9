/**
 * Running a board's argv templates (flash, reset): placeholders filled in, the
 * `.hex`/`.bin` images made with arm-none-eabi-objcopy only when a template
 * asks for them, the tool run as a managed child (own process group, timeout,
 * the run's AbortSignal), and a failure quoted in one line, exit 3.
 */
import { existsSync } from 'node:fs';
import { join, parse } from 'node:path';
import { runManaged, shellQuote } from '../../proc/spawn.js';
import { which } from '../../proc/tools.js';
import { clip, TargetError, telling } from '../target.js';
import { placeholdersIn, type Placeholder } from './platform.js';

/** Values for the placeholders; a template using one that is absent fails before anything runs. */
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** `argv` with every `{name}` replaced by its value. Throws naming the first missing one. */
export function expandArgv(argv: readonly string[], values: PlaceholderValues, what: string): string[] {
  const missing = placeholdersIn(argv).filter((p) => values[p as Placeholder] === undefined);
  if (missing.length) throw new TargetError(`${what} uses {${missing[0]}}, which has no value here (${hint(missing[0]!)})`);
  return argv.map((a) => a.replace(/\{([^{}]*)\}/g, (_, k: string) => values[k as Placeholder]!));
}

function hint(p: string): string {
  if (p === 'serial') return 'the matched port has no USB serial number; set board.port.serial_number';
  if (p === 'probe') return 'set board.probe';
  return 'an internal error: tinyhil fills it';
}

/**
 * Makes the images `argv` templates ask for ({hex}, {bin}) next to the ELF
 * with objcopy, and returns the placeholder values for them and the ELF.
 */
export async function imagesFor(templates: readonly (readonly string[])[], elf: string, o: { logDir: string; signal?: AbortSignal }): Promise<PlaceholderValues> {
  const uses = placeholdersIn(templates.flat());
  const values: PlaceholderValues = { elf };
  const { dir, name } = parse(elf);
  for (const fmt of ['hex', 'bin'] as const) {
    if (!uses.includes(fmt)) continue;
    const objcopy = which(['arm-none-eabi-objcopy'], 'ARM_OBJCOPY');
    if (!objcopy) throw new TargetError(`the flash command uses {${fmt}}, which needs arm-none-eabi-objcopy (Debian: apt-get install binutils-arm-none-eabi)`);
    const out = join(dir, `${name}.${fmt}`);
    const r = await runManaged(objcopy, ['-O', fmt === 'hex' ? 'ihex' : 'binary', elf, out], { name: `objcopy-${fmt}`, logDir: o.logDir, timeoutMs: 60_000, ...(o.signal ? { signal: o.signal } : {}) });
    if (r.code !== 0 || !existsSync(out)) throw new TargetError(`arm-none-eabi-objcopy could not make ${out}: ${telling(r.tail) || `exit ${r.code}`}`, r.logPath, r.tail);
    values[fmt] = out;
  }
  return values;
}

/** One tool run of a board: flashing or resetting. */
export interface ToolRun {
  /** What it is, for messages: `flashing`, `the reset command`. */
  what: string;
  /** Log name: `<runDir>/<name>.log`. */
  name: string;
  argv: string[];
  logDir: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Runs `argv` to completion; throws a {@link TargetError} quoting the tool's own words when it fails. */
export async function runTool(t: ToolRun): Promise<{ durationMs: number; command: string }> {
  const command = t.argv.map(shellQuote).join(' ');
  const t0 = Date.now();
  const r = await runManaged(t.argv[0]!, t.argv.slice(1), { name: t.name, logDir: t.logDir, timeoutMs: t.timeoutMs, ...(t.signal ? { signal: t.signal } : {}) });
  if (t.signal?.aborted) throw new TargetError(`${t.what} was interrupted: ${command}`, r.logPath);
  if (r.startError) throw new TargetError(`${t.what} could not start ${t.argv[0]} (${r.startError}): ${clip(command)}`, r.logPath);
  if (r.timedOut) throw new TargetError(`${t.what} timed out after ${Math.round(t.timeoutMs / 1000)} s: ${clip(command)}; log ${r.logPath}`, r.logPath, r.tail);
  if (r.code !== 0) {
    const why = telling(r.tail);
    throw new TargetError(`${t.what} failed (exit ${r.code ?? r.signal}): ${clip(command, 120)}${why ? `: "${why}"` : ' (it printed nothing)'}; log ${r.logPath}`, r.logPath, r.tail);
  }
  return { durationMs: Date.now() - t0, command };
}
