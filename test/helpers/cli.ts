/**
 * Runs the built CLI (dist/, what users run) as a child in its own process group,
 * tagged with a marker in its environment so tests can prove that no process it
 * started (grandchildren included) outlives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliRun {
  child: ChildProcess;
  marker: string;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  stdout(): string;
  stderr(): string;
}

export function startCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const marker = `tinyhil-test-${randomUUID()}`;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', TINYHIL_TEST_MARKER: marker, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout: out, stderr: err })),
  );
  return { child, marker, done, stdout: () => out, stderr: () => err };
}

export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = startCli(args, opts);
  const res = await r.done;
  return { ...res, marker: r.marker };
}

/** PIDs of live processes whose environment carries the marker (any depth of descendants). */
export function markedProcesses(marker: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'latin1');
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      // Zombies have exited; their parent just has not reaped them yet.
      if (env.includes(marker) && !/\) Z /.test(stat)) out.push(Number(d));
    } catch {
      // raced with exit
    }
  }
  return out;
}

/** Waits until `pred` holds (polling), or fails after `ms`. */
export async function waitFor<T>(what: string, pred: () => T | undefined | false, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
