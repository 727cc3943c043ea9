/**
 * `results.jsonl`: one {@link ClipResult} per line, written the moment the clip ends.
 * It is the record that survives a crash: each line goes straight to the kernel through
 * an open file handle (no user-space buffer), so a SIGKILL of the runner after the hook
 * resolved loses nothing; the file is fsync'ed once at the end.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipResult } from '../core/types.js';
import { RUN_FILES } from './format.js';
import { stableJson } from './json.js';
import type { Reporter, RunContext } from './reporter.js';

/** Streams clip results to `<runDir>/results.jsonl`. */
export class JsonlReporter implements Reporter {
  readonly name = 'jsonl';
  private file: FileHandle | undefined;
  /** Path of the file being written, once the run began. */
  path: string | undefined;

  async onBegin(ctx: RunContext): Promise<void> {
    await mkdir(ctx.runDir, { recursive: true });
    this.path = join(ctx.runDir, RUN_FILES.jsonl);
    // 'w': a run folder holds one run; a stale file from an aborted attempt must not mix in.
    this.file = await open(this.path, 'w');
  }

  async onClipEnd(result: ClipResult): Promise<void> {
    if (!this.file) throw new Error('onClipEnd before onBegin: results.jsonl is not open');
    // appendFile loops until the whole line is written; a short write would corrupt the line.
    await this.file.appendFile(`${stableJson(result)}\n`);
  }

  async onEnd(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    if (!file) return;
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  }
}
