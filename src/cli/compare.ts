/**
 * `hil compare <base> <head>`: what changed between two runs (each a report.json or
 * a run folder), as a console table, Markdown (a PR comment per scenario) or JSON;
 * exit 1 when a `regression:` threshold of the scenario flags, 2 on bad input.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, type LoadedScenario, type Regression } from '../config/index.js';
import { PACKAGE_ROOT } from '../build/make.js';
import type { Comparison } from '../core/types.js';
import { oneLine } from '../core/format.js';
import { compare, comparisonMarkdown, comparisonText, loadRuns, pairRuns, SCHEMA_VERSION, unpairedMarkdown, type LoadedRun } from '../compare/index.js';
import { stableJson } from '../reporters/json.js';
import { EXIT } from '../metrics/index.js';

export type CompareFormat = 'console' | 'markdown' | 'json';

/** Options of {@link compareCommand}. */
export interface CompareOptions {
  format: CompareFormat;
  /** The scenario whose `regression:` applies to every pair (default: each head report's `scenario.file`). */
  scenario?: string;
  out(text: string): void;
}

/** Thresholds for a head report: `--scenario`, else the scenario file it names (relative to the cwd), if it is here. */
async function thresholdsFor(head: LoadedRun, given: LoadedScenario | undefined, cache: Map<string, Promise<LoadedScenario>>): Promise<{ loaded?: LoadedScenario; note?: string }> {
  if (given) return { loaded: given };
  const file = head.report.scenario.file;
  if (!file) return { note: 'The head report names no scenario file: deltas only (give --scenario for thresholds).' };
  if (!existsSync(file)) return { note: `The head run's scenario file ${oneLine(file)} is not here (relative to ${oneLine(process.cwd())}): deltas only (give --scenario for thresholds).` };
  if (!cache.has(file)) cache.set(file, load(file));
  return { loaded: await cache.get(file)! };
}

const load = (file: string) => loadScenario(file, { platformDirs: [join(PACKAGE_ROOT, 'platforms')] });

/** Compares, prints in `format`, and returns the exit code: 1 when a threshold flagged, else 0 (bad input throws). */
export async function compareCommand(baseArg: string, headArg: string, opts: CompareOptions): Promise<number> {
  // Both sides and the scenario are read before anything is printed: bad input is one line, exit 2.
  const [base, head] = [await loadRuns(baseArg, 'base'), await loadRuns(headArg, 'head')];
  const given = opts.scenario !== undefined ? await load(opts.scenario) : undefined;
  const { pairs, onlyBase, onlyHead } = pairRuns(base, head);
  const cache = new Map<string, Promise<LoadedScenario>>();
  const comparisons: Comparison[] = [];
  for (const p of pairs) {
    const { loaded, note } = await thresholdsFor(p.head, given, cache);
    const regression: Regression | undefined = loaded?.scenario.regression;
    const c = compare(p.base, p.head, regression, {
      clockHz: p.head.report.platform.clockHz,
      ...(loaded ? { locate: (path) => ({ file: loaded.file, ...loaded.locate(path) }) } : {}),
    });
    if (note) c.notes.push(note);
    comparisons.push(c);
  }
  const side = (r: LoadedRun) => ({ scenario: r.report.scenario.name, file: r.file });
  if (opts.format === 'json') {
    opts.out(`${stableJson({ schemaVersion: SCHEMA_VERSION, comparisons, onlyBase: onlyBase.map(side), onlyHead: onlyHead.map(side) }, 2)}\n`);
  } else if (opts.format === 'markdown') {
    const blocks = [...comparisons.map((c) => comparisonMarkdown(c)), ...onlyHead.map((r) => unpairedMarkdown(r.report.scenario.name, 'head', r.file)), ...onlyBase.map((r) => unpairedMarkdown(r.report.scenario.name, 'base', r.file))];
    opts.out(blocks.join('\n'));
  } else {
    opts.out(comparisons.map((c) => comparisonText(c)).join('\n'));
    for (const r of onlyHead) opts.out(`only in head: ${oneLine(r.report.scenario.name)} (${oneLine(r.file)}): no baseline to compare with\n`);
    for (const r of onlyBase) opts.out(`only in base: ${oneLine(r.report.scenario.name)} (${oneLine(r.file)}): not in the head run\n`);
    if (!pairs.length) opts.out('no scenario is in both runs: nothing compared\n');
  }
  return comparisons.some((c) => c.regressions.some((v) => v.status === 'failed')) ? EXIT.FAIL : EXIT.PASS;
}
