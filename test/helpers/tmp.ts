/** Scratch folders for tests that need a path outside tap's fixture tree. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/**
 * A fresh folder under the system temp dir, removed when `t` ends if it passed;
 * kept (with the emulator and run logs in it) when it failed, for reading.
 */
export function tempDir(t: Test, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => {
    if (t.passing()) rmSync(d, { recursive: true, force: true });
  });
  return d;
}
