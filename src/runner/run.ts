/**
 * `hil run`: validates every scenario first (bad input fails before anything
 * runs), then runs them one after another into one run folder per invocation.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { RunReport } from '../core/types.js';
import { EXIT } from '../metrics/index.js';
import { reporterNames, REPORTER_NAMES, unknownReporters, writeRunIndex, type Reporter, type ReportAudio } from '../reporters/index.js';
import { InputError, prepareScenario, type PreparedScenario, type Selection } from './prepare.js';
import { createRunDir, runStamp, updateLatest } from './rundir.js';
import { runScenario } from './scenario-run.js';
import { matrixRows, matrixTable, writeMatrixJson, type SkippedCell } from '../reporters/matrix.js';
import { targetUnavailable } from '../targets/registry.js';
import { baselineFor, loadRuns } from '../compare/index.js';
import { oneLine } from '../core/format.js';

export interface RunOptions extends Selection {
  scenarios: string[];
  /** The run folder (default: reports/<timestamp>). */
  out?: string;
  /** Where run folders go when `out` is not given. */
  reportsDir?: string;
  workers?: number;
  timeoutMultiplier?: number;
  reporters?: readonly string[] | 'default';
  extraReporters?: Reporter[];
  signal?: AbortSignal;
  command?: string[];
  isTTY?: boolean;
  stdout?(text: string): void;
  /** Which clips the HTML report copies into the run folder (default `failing`). */
  reportAudio?: ReportAudio;
  /** A previous run (report.json or run folder) each scenario is compared with (docs/compare.md). */
  baseline?: string;
}

export interface RunSummary {
  exitCode: number;
  runDir: string;
  reports: RunReport[];
}

/** Exit codes: the worst wins, with infrastructure (3) over failures (1); 130 when interrupted. */
function combine(a: number, b: number): number {
  const rank = (c: number) => (c === 130 ? 5 : c === EXIT.INFRA ? 4 : c === EXIT.BAD_INPUT ? 3 : c === EXIT.FAIL ? 2 : 1);
  return rank(b) > rank(a) ? b : a;
}

/**
 * Throws ConfigError / InputError (bad input) before any folder is created. An
 * interruption (the signal) stops here too: the scenario being prepared comes
 * back marked `interrupted`, the ones after it are not prepared.
 */
export async function prepareAll(files: string[], sel: Selection, signal?: AbortSignal): Promise<PreparedScenario[]> {
  const out: PreparedScenario[] = [];
  for (const f of files) {
    if (signal?.aborted) break;
    out.push(...(await prepareScenario(f, sel, signal)));
  }
  return out;
}

/** Reporter names are input: an unknown one is refused before any scenario is read or folder made (exit 2). */
function checkReporters(names: RunOptions['reporters']): void {
  if (!names || names === 'default') return;
  const unknown = unknownReporters(names);
  if (unknown.length)
    throw new InputError(`--reporter: unknown reporter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${REPORTER_NAMES.join(', ')}`);
}

export async function runAll(opts: RunOptions): Promise<RunSummary> {
  checkReporters(opts.reporters);
  // Read now: a missing or broken baseline is bad input, found before anything is built or any folder made.
  const baseline = opts.baseline !== undefined ? await loadRuns(opts.baseline, '--baseline') : undefined;
  const prepared = await prepareAll(opts.scenarios, opts, opts.signal);
  const base = resolve(opts.reportsDir ?? 'reports');
  let runDir: string;
  if (opts.out) {
    runDir = resolve(opts.out);
    mkdirSync(runDir, { recursive: true });
  } else {
    runDir = createRunDir(base, runStamp());
    updateLatest(base, runDir);
  }
  const stdout = opts.stdout ?? ((s: string) => void process.stdout.write(s));
  let exitCode: number = EXIT.PASS;
  const reports: RunReport[] = [];
  /** Each report's folder relative to the run folder ('' when the run has one scenario). */
  const folders: string[] = [];
  const skipped: SkippedCell[] = [];
  const names = new Set<string>();
  for (const prep of prepared) {
    // Interrupted: the scenario whose preparation was cut short still gets its report; the rest do not run.
    if (opts.signal?.aborted && !prep.interrupted) break;
    // A matrix pair whose platform lacks the target's section: skipped, with the reason, in the side-by-side view.
    if (prep.skip && prep.cell) {
      stdout(`${prep.loaded.scenario.name}: skipped: ${prep.skip}\n`);
      skipped.push({ ...prep.cell, reason: prep.skip });
      continue;
    }
    // target.optional: a scenario for an emulator this machine lacks is skipped with a note, not failed.
    const missing = targetUnavailable(prep.targetKind);
    if (missing && prep.loaded.scenario.target?.optional) {
      stdout(`${prep.loaded.scenario.name}: skipped (target ${prep.targetKind} is optional): ${missing}\n`);
      continue;
    }
    let dir = runDir;
    if (prepared.length > 1) {
      let name = prep.loaded.scenario.name;
      for (let i = 2; names.has(name); i++) name = `${prep.loaded.scenario.name}-${i}`;
      names.add(name);
      dir = join(runDir, name);
      mkdirSync(dir, { recursive: true });
    }
    const baselineRun = baseline && baselineFor(baseline, prep.loaded.scenario.name, prepared.length);
    if (baseline && !baselineRun)
      stdout(`${prep.loaded.scenario.name}: no baseline: ${oneLine(opts.baseline ?? '')} has no report for this scenario (it has ${oneLine(baseline.map((b) => b.report.scenario.name).join(', '))})\n`);
    const r = await runScenario(prep, {
      runDir: dir, timeoutMultiplier: opts.timeoutMultiplier ?? 1, reporters: opts.reporters ?? 'default',
      command: opts.command ?? process.argv.slice(1), isTTY: opts.isTTY ?? false, stdout,
      ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.reportAudio ? { reportAudio: opts.reportAudio } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.extraReporters ? { extraReporters: opts.extraReporters } : {}),
      ...(baselineRun ? { baseline: baselineRun } : {}),
    });
    reports.push(r.report);
    folders.push(dir === runDir ? '' : (dir.slice(runDir.length + 1)));
    exitCode = combine(exitCode, r.exitCode);
  }
  // Whatever phase it came in (synthesis, build, boot, clips, reference, reports), an interruption is exit 130.
  if (opts.signal?.aborted) exitCode = 130;
  const rows = matrixRows(reports, skipped);
  if (rows.length) {
    await writeMatrixJson(runDir, rows);
    for (const g of new Set(rows.map((r) => r.group))) stdout(`\n${matrixTable(rows.filter((r) => r.group === g))}`);
  }
  // Several scenarios or a matrix: a run-level page linking each scenario's, with the cells side by side.
  if (reports.length > 1 && reporterNames(opts.reporters ?? 'default').includes('html')) stdout(`\nrun report: ${await writeRunIndex(runDir, reports, rows, folders)}\n`);
  return { exitCode, runDir, reports };
}
