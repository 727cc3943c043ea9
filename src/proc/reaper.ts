/**
 * Children must not outlive the runner, however it dies. A normal exit, an
 * uncaught error, Ctrl-C: spawn.ts kills the process groups itself. SIGKILL
 * (a CI system's grace period running out, tap's test timeout, the OOM killer)
 * runs no code at all in the runner, so a second process does it: the reaper,
 * started with the first child. The runner tells it over a pipe which process
 * groups and temp folders are live; when the runner dies, by any means, the
 * kernel closes that pipe, and the reaper SIGKILLs every group still listed,
 * removes the folders, and exits. It runs in its own process group, so a kill
 * of the runner's group does not take it along, and it holds nothing open
 * that keeps the runner alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The reaper's program: `+<pgid>` / `-<pgid>` and `d<dir>` / `r<dir>` lines on stdin; EOF: reap. */
const REAPER = `
const fs = require('node:fs');
const groups = new Set(), dirs = new Set();
let buf = '';
process.on('SIGINT', () => {}); process.on('SIGTERM', () => {}); process.on('SIGHUP', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  for (let i; (i = buf.indexOf('\\n')) >= 0; buf = buf.slice(i + 1)) {
    const op = buf[0], arg = buf.slice(1, i);
    // Only a child's group: kill(-1) would signal every process the user may, kill(-0) the reaper's own group.
    if (op === '+' && Number(arg) > 1) groups.add(Number(arg)); else if (op === '-') groups.delete(Number(arg));
    else if (op === 'd') dirs.add(arg); else if (op === 'r') dirs.delete(arg);
  }
});
process.stdin.on('end', () => {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0);
});`;

let reaper: ChildProcess | undefined;

function tell(line: string): void {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.unref();
    // The pipe must not keep the runner's event loop alive either.
    (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    reaper.on('error', () => undefined);
    reaper.stdin?.on('error', () => undefined);
  }
  reaper.stdin?.write(`${line}\n`);
}

/** The reaper kills this process group if the runner dies before {@link released} says it is gone. */
export function watchGroup(pgid: number): void {
  if (Number.isInteger(pgid) && pgid > 1) tell(`+${pgid}`);
}

/** The group has exited (or was killed by the runner itself). */
export function released(pgid: number): void {
  if (Number.isInteger(pgid) && pgid > 1 && reaper) tell(`-${pgid}`);
}

/** A fresh temp folder (`<tmp>/<prefix>XXXXXX`, or under `base`) that the reaper removes if the runner dies first. */
export function tempFolder(prefix: string, base = tmpdir()): string {
  const dir = mkdtempSync(join(base, prefix));
  tell(`d${dir}`);
  return dir;
}

/** Removes a folder made by {@link tempFolder}. */
export async function removeTempFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  if (reaper) tell(`r${dir}`);
}

/**
 * A normal exit: the children are already stopped, so the reaper is told to
 * finish now and awaited (up to a second), rather than left to notice the
 * runner's exit a moment later.
 */
export async function stopReaper(): Promise<void> {
  const r = reaper;
  // Forgotten either way: a child started after this (another command in the same process, a test) gets a new reaper.
  reaper = undefined;
  if (!r || r.exitCode !== null || r.signalCode !== null) return;
  const gone = new Promise<void>((res) => r.once('exit', () => res()));
  // Held while waiting: with only unref'ed handles left, Node would exit (code 0) before the caller's next line.
  r.ref();
  r.stdin?.end();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([gone, new Promise((res) => (timer = setTimeout(res, 1000)))]);
  clearTimeout(timer);
}

/** The reaper's pid, for tests; undefined before the first child. */
export function reaperPid(): number | undefined {
  return reaper?.pid;
}
