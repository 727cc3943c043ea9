/**
 * `report.json`: the {@link RunReport}, pretty-printed with a stable key order so two runs
 * diff cleanly, written atomically (temp file, fsync, rename) so a reader never sees half
 * a report and an interrupted write leaves the previous file intact.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../core/types.js';
import { RUN_FILES } from './format.js';
import type { Reporter, RunContext } from './reporter.js';

/**
 * Top-level order of report.json: identity and verdict first, then what ran, the
 * figures, and the long per-clip list last so a human opening the file sees the outcome.
 */
const TOP_ORDER = [
  'schemaVersion', 'tool', 'status', 'reason', 'scenario', 'platform', 'target', 'firmware', 'startedAt',
  'durationMs', 'labels', 'metrics', 'budgets', 'comparison', 'errors', 'provenance', 'clips',
];
/** Nested objects: identifying keys first, the rest alphabetical. */
const NESTED_FIRST = ['id', 'name', 'kind', 'status', 'reason'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function rank(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

function reorder(v: Json, order: string[]): Json {
  if (Array.isArray(v)) return v.map((x) => reorder(x, NESTED_FIRST));
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, reorder(v[k]!, NESTED_FIRST)]));
}

function print(v: Json, indent: string, step: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    // Arrays of numbers/strings (scores, labels, matrix rows) stay on one line: thousands of
    // clips × one score per line would make the file unreadable.
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${v.map((x) => inner + print(x, inner, step)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${print(v[k]!, inner, step)}`).join(',\n')}\n${indent}}`;
}

/**
 * JSON with a stable key order. `indent` > 0 pretty-prints (primitive arrays inline);
 * 0 gives one line. Same value semantics as JSON.stringify (undefined dropped, NaN → null).
 */
export function stableJson(value: unknown, indent = 0): string {
  const plain = JSON.parse(JSON.stringify(value) ?? 'null') as Json;
  const ordered = reorder(plain, isReport(plain) ? TOP_ORDER : NESTED_FIRST);
  return indent > 0 ? print(ordered, '', ' '.repeat(indent)) : JSON.stringify(ordered);
}

function isReport(v: Json): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'schemaVersion' in v;
}

/** Writes `text` to `path` atomically: a temp file in the same folder, fsync'ed, then renamed. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes `<runDir>/report.json` at the end of the run. */
export class JsonReporter implements Reporter {
  readonly name = 'json';
  private runDir: string | undefined;
  /** Path of the written report, once written. */
  path: string | undefined;

  onBegin(ctx: RunContext): void {
    this.runDir = ctx.runDir;
  }

  async onEnd(report: RunReport): Promise<void> {
    if (!this.runDir) throw new Error('onEnd before onBegin: no run folder to write report.json into');
    await mkdir(this.runDir, { recursive: true });
    const path = join(this.runDir, RUN_FILES.json);
    await writeFileAtomic(path, `${stableJson(report, 2)}\n`);
    this.path = path;
  }
}
