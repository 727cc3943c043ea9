/** Run folders: one per invocation under reports/, `reports/latest` pointing at the newest. */
import { mkdirSync, renameSync, rmSync, symlinkSync, createWriteStream, type WriteStream } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/** `2026-11-25T12-30-05` in local time: sortable, no colons (Windows-safe). */
export function runStamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** Creates a fresh run folder (suffixing -2, -3... if the stamp is taken). */
export function createRunDir(base: string, name: string): string {
  mkdirSync(base, { recursive: true });
  for (let i = 1; ; i++) {
    const dir = join(base, i === 1 ? name : `${name}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Points `<base>/latest` at `dir` atomically (a relative symlink, renamed into place). */
export function updateLatest(base: string, dir: string): void {
  const link = join(base, 'latest');
  const tmp = join(base, `.latest-${process.pid}`);
  try {
    rmSync(tmp, { force: true });
    symlinkSync(relative(dirname(link), dir) || basename(dir), tmp);
    renameSync(tmp, link);
  } catch {
    // A file system without symlinks only loses the convenience link.
    rmSync(tmp, { force: true });
  }
}

/** The run log: runner events and device LOG lines, timestamped. */
export class RunLog {
  private readonly stream: WriteStream;
  private readonly t0 = Date.now();
  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }
  line(text: string): void {
    const t = ((Date.now() - this.t0) / 1000).toFixed(3).padStart(8);
    this.stream.write(`${t} ${text}\n`);
  }
  close(): Promise<void> {
    return new Promise((r) => this.stream.end(r));
  }
}
