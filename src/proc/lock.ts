/**
 * Exclusive locks on things two runs must not share (a board, a run folder),
 * as files in one folder: `$TINYHIL_LOCKS`, else `/run/lock/tinyhil` (cleared at
 * boot, like the locks in it), else a folder under the system temp dir. A lock
 * file is created atomically (link(2) of a complete file: another run never
 * reads half an owner) and names its owner: pid, the process's start time,
 * host, since, what for. A lock whose owner is dead is reclaimed; dead means
 * the pid is gone or now belongs to another process (its start time differs),
 * which a lock's age alone cannot tell (proper-lockfile goes by mtime). A lock
 * taken on another host (a shared folder) is never reclaimed from here.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  /** The process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot): tells a reused pid apart. */
  start: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What it is held for: `hil run scenarios/kws.yaml`. */
  purpose: string;
}

/** A lock this process holds. */
export interface Lock {
  readonly name: string;
  readonly path: string;
  readonly owner: LockOwner;
  /** Gives it up (only if it is still this process's); never throws. */
  release(): Promise<void>;
}

/** The lock is held by a live process and did not come free in time: an infrastructure error (exit 3). */
export class LockBusyError extends Error {
  override name = 'LockBusyError';
  constructor(message: string, readonly holder?: LockOwner) {
    super(message);
  }
}

/** The folder locks live in (created if missing). */
export function lockDir(): string {
  const want = process.env.TINYHIL_LOCKS;
  for (const d of want ? [want] : ['/run/lock/tinyhil', join(tmpdir(), 'tinyhil-locks')]) {
    try {
      mkdirSync(d, { recursive: true, mode: 0o1777 });
      return d;
    } catch (e) {
      if (want) throw new Error(`TINYHIL_LOCKS=${want}: cannot create the lock folder (${(e as Error).message})`);
    }
  }
  throw new Error('no folder for locks: neither /run/lock/tinyhil nor the temp dir can be created');
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or undefined when there is no such process. */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Whether `o` still holds its lock: its host is another one (cannot tell: yes), or its process lives with the same start time. */
export function ownerAlive(o: LockOwner): boolean {
  if (o.host !== hostname()) return true;
  const start = processStart(o.pid);
  return start !== undefined && start === o.start;
}

const fileOf = (dir: string, name: string) => join(dir, `${encodeURIComponent(name)}.lock`);

/** The owner written in a lock file; null when the file is gone, undefined when it cannot be read as one. */
async function readOwner(path: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    return undefined;
  }
}

/** One line about a holder: `pid 4242 on bench-1 since 2026-12-02T10:00:00Z (hil run scenarios/kws.yaml)`. */
export function describeOwner(o: LockOwner): string {
  return `pid ${o.pid} on ${o.host} since ${o.since} (${o.purpose})`;
}

export interface AcquireOptions {
  purpose: string;
  dir?: string;
  /** How long to wait for a live holder to let go, ms (0: do not wait). */
  waitMs?: number;
  /** Called once when it starts waiting, with the holder: for a line saying what it waits for. */
  onWait?(holder: LockOwner): void;
  /** Called when a dead owner's lock is reclaimed. */
  onReclaim?(dead: LockOwner): void;
  signal?: AbortSignal;
  everyMs?: number;
}

/** Tries once: the lock, or its live holder. Reclaims a dead owner's lock on the way. */
export async function tryLock(name: string, o: AcquireOptions): Promise<Lock | LockOwner> {
  const dir = o.dir ?? lockDir();
  const path = fileOf(dir, name);
  const owner: LockOwner = { pid: process.pid, start: processStart(process.pid) ?? 0, host: hostname(), since: new Date().toISOString(), purpose: o.purpose };
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, JSON.stringify(owner));
  try {
    for (let attempt = 0; attempt < 3; ) {
      try {
        await link(tmp, path);
        return makeLock(name, path, owner);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = await readOwner(path);
      // Released between our link and our read: try again. Reclaiming here would move aside a
      // lock its owner may be taking right now, and putting that back could outlive its release
      // (seen: two processes contending, each then waiting on a lock nobody held).
      if (holder === null) continue;
      if (holder && ownerAlive(holder)) return holder;
      // A dead owner's lock, or junk (files are complete when linked, so unreadable is junk).
      await reclaim(path, holder, o);
      attempt++;
    }
    const holder = await readOwner(path);
    if (holder) return holder;
    throw new Error(`cannot take the lock ${path}`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Moves a dead owner's lock aside atomically and removes it. Two runs may find
 * the same dead lock: the one whose rename loses sees no file; and if what it
 * moved aside turns out to be a live owner's (taken in between), it is put back.
 */
async function reclaim(path: string, dead: LockOwner | undefined, o: AcquireOptions): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (moved && ownerAlive(moved) && !(dead && sameOwner(moved, dead))) {
    await link(aside, path).catch(() => undefined);
  } else if (moved) o.onReclaim?.(moved);
  await unlink(aside).catch(() => undefined);
}

const sameOwner = (a: LockOwner, b: LockOwner) => a.pid === b.pid && a.start === b.start && a.host === b.host && a.since === b.since;

function makeLock(name: string, path: string, owner: LockOwner): Lock {
  let released = false;
  return {
    name, path, owner,
    async release() {
      if (released) return;
      released = true;
      const now = await readOwner(path);
      if (now && sameOwner(now, owner)) await unlink(path).catch(() => undefined);
    },
  };
}

/** Takes the lock, waiting up to `waitMs` for a live holder; throws {@link LockBusyError} naming the holder. */
export async function acquireLock(name: string, o: AcquireOptions): Promise<Lock> {
  const deadline = Date.now() + (o.waitMs ?? 0);
  let said = false;
  for (;;) {
    const r = await tryLock(name, o);
    if ('release' in r) return r;
    if (o.signal?.aborted) throw new LockBusyError(`interrupted while waiting for ${name}, held by ${describeOwner(r)}`, r);
    if (Date.now() >= deadline) throw new LockBusyError(`${name} is in use by ${describeOwner(r)}`, r);
    if (!said) o.onWait?.(r);
    said = true;
    await new Promise((res) => setTimeout(res, Math.min(o.everyMs ?? 250, Math.max(1, deadline - Date.now()))));
  }
}

/** Every lock in the folder and its holder, alive or not: for `hil boards`. */
export function listLocks(dir = lockDir()): { name: string; owner: LockOwner; alive: boolean }[] {
  const out: { name: string; owner: LockOwner; alive: boolean }[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.lock')) continue;
    try {
      const owner = JSON.parse(readFileSync(join(dir, f), 'utf8')) as LockOwner;
      out.push({ name: decodeURIComponent(f.slice(0, -5)), owner, alive: ownerAlive(owner) });
    } catch {
      // being written or removed right now
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
