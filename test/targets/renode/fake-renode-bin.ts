/**
 * An executable that behaves like `renode` (fake-renode.ts behind a shell
 * script), for tests that point RENODE or --renode at it, and its journal of
 * every robot-server request.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

const FAKE = join(import.meta.dirname, 'fake-renode.ts');
const LOADER = join(ROOT, 'node_modules', '@tapjs', 'typescript', 'dist', 'esm', 'import.mjs');

/** One request the fake robot server answered. */
export interface JournalEntry {
  method: string;
  keyword?: string;
  args: string[];
  body: string;
  status: string;
}

export interface Fake {
  /** The executable. */
  path: string;
  journal(): JournalEntry[];
}

/** Writes `<dir>/<name>`, a `renode` running fake-renode.ts with these flags. */
export function fakeRenode(dir: string, name: string, flags: string[]): Fake {
  const journal = join(dir, `${name}.jsonl`);
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" --import=${LOADER} ${FAKE} --journal ${journal} ${flags.join(' ')} "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    journal: () => (existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalEntry) : []),
  };
}
