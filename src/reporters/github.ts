/**
 * GitHub Actions: a Markdown job summary appended to `$GITHUB_STEP_SUMMARY`, and
 * `::error` workflow commands so failed budgets and infrastructure errors show up as
 * annotations on the PR. Unlike Playwright's GitHub reporter, messages and properties
 * are escaped as the runner expects, so a reason with a newline or ":" is not cut short.
 */
import { appendFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RunReport, SourceLocation } from '../core/types.js';
import { failedChecks } from '../harness/conformance.js';
import { budgetFigures, budgetPair, clipFailureText, comparator, deviceLine, isProblem, metricRows, oneLine, sanitize } from './format.js';
import { cell, code, mdTable } from './markdown.js';
import { comparisonMarkdown } from '../compare/markdown.js';
import type { Reporter } from './reporter.js';

/** Options of {@link GithubReporter}. */
export interface GithubReporterOptions {
  /** Environment holding GITHUB_STEP_SUMMARY; default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Receives workflow commands (one newline-terminated line per call); default: stdout, where the runner reads them. */
  write?: (text: string) => void;
  /** Failing clips listed in the summary; default 100 (job summaries are capped at 1 MiB). */
  maxClips?: number;
}

/** Escapes a workflow command message (GitHub's `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property such as `title` (GitHub's `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=...,line=...,col=...,title=...::message` line (or `::warning`); `at` puts it on that line of the file. */
export function errorCommand(title: string, message: string, level: 'error' | 'warning' = 'error', at?: { file: string; line: number; col: number }): string {
  const where = at ? `file=${escapeProperty(at.file)},line=${at.line},col=${at.col},` : '';
  // Escapes would show as garbage in the annotation, as Playwright's reporter also found.
  return `::${level} ${where}title=${escapeProperty(oneLine(title))}::${escapeData(sanitize(message).trim())}\n`;
}

/** A location with its file relative to the repository root (GitHub places annotations by that path). */
function inRepo(at: SourceLocation | undefined, root: string): SourceLocation | undefined {
  if (!at) return undefined;
  const rel = relative(root, resolve(at.file));
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : { ...at, file: rel.split(sep).join('/') };
}


/** The Markdown job summary for a report. */
export function githubSummary(r: RunReport, maxClips = 100): string {
  const icon = r.status === 'passed' ? '✅' : r.status === 'skipped' ? '⏭️' : '❌';
  const out = [`### ${icon} tinyhil: ${cell(r.scenario.name)} on ${cell(r.platform.name)} ${r.status}`, ''];
  if (r.reason) out.push(`> ${cell(r.reason)}`, '');
  if (r.budgets.length) {
    const mark = (s: string) => (s === 'passed' ? '✅' : s === 'skipped' ? '⏭️' : '❌');
    const rows = r.budgets.map((b) => [
      mark(b.status), code(b.name), cell(budgetPair(b)[0]),
      cell(`${comparator(b.kind, true)} ${budgetPair(b)[1]}`), cell(b.status === 'passed' ? b.source : b.reason),
    ]);
    out.push(...mdTable(['', 'Budget', 'Measured', 'Allowed', 'Source / reason'], rows), '');
  }
  // --baseline: the deltas against the base branch's run, right under the budgets they may explain.
  if (r.comparison) out.push(comparisonMarkdown(r.comparison, { marker: false, level: 4 }));
  const metrics = [['Device', deviceLine(r)], ...metricRows(r, true)];
  out.push(...mdTable(['Metric', 'Value'], metrics.map(([k, v]) => [k!, cell(v!)])), '');
  const badChecks = failedChecks(r.conformance);
  if (badChecks.length) {
    out.push(`**Conformance ${r.conformance!.mode === 'strict' ? 'errors' : 'warnings'}** (the target mis-executes instructions the device probed at boot)`, '');
    for (const x of badChecks) out.push(`- ${code(x.id)}: ${cell(x.message ?? x.what)}`);
    out.push('');
  }
  if (r.errors.length) {
    out.push('**Infrastructure errors** (the harness could not measure; not a budget verdict)', '');
    for (const e of r.errors) out.push(`- ${code(e.kind)}${e.clip ? ` (clip ${code(e.clip)})` : ''}: ${cell(e.message)}`);
    out.push('');
  }
  const bad = r.clips.filter((c) => isProblem(c.status));
  if (bad.length) {
    // Collapsed: hundreds of failing clips would push the budgets off the page.
    out.push('<details>', `<summary>Failing clips (${bad.length})</summary>`, '');
    const rows = bad.slice(0, maxClips).map((c) => [code(c.id), c.status, cell(clipFailureText(c))]);
    out.push(...mdTable(['Clip', 'Status', 'Reason'], rows));
    if (bad.length > maxClips) out.push('', `… and ${bad.length - maxClips} more in results.jsonl`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** The workflow commands for a report: one `::error` per failed budget, flagged regression and infrastructure error. */
export function githubAnnotations(r: RunReport, root: string = process.env['GITHUB_WORKSPACE'] || process.cwd()): string[] {
  const lines = r.budgets
    .filter((b) => isProblem(b.status))
    .map((b) => errorCommand(`Budget ${b.name} ${b.status} (${r.scenario.name})`, `${b.reason}\n${budgetFigures(b)} [${b.source}]`, 'error', inRepo(b.location, root)));
  for (const v of r.comparison?.regressions ?? [])
    if (v.status === 'failed') lines.push(errorCommand(`Regression ${v.name.replace(/^regression\./, '')} flagged (${r.scenario.name})`, `${v.reason} [${v.source}]`, 'error', inRepo(v.location, root)));
  for (const e of r.errors) lines.push(errorCommand(`Infrastructure error: ${e.kind} (${r.scenario.name})`, e.message));
  // Strict conformance failures are already infrastructure errors; in warn mode each failed check is a warning.
  if (r.conformance?.mode !== 'strict')
    for (const x of failedChecks(r.conformance)) lines.push(errorCommand(`Conformance: ${x.id} (${r.scenario.name})`, x.message ?? x.what, 'warning'));
  // A run can fail on clips alone; without this the PR would show no annotation at all.
  if (lines.length === 0 && r.status !== 'passed' && r.status !== 'skipped') {
    const bad = r.clips.filter((c) => isProblem(c.status));
    const first = bad[0] ? `; first: ${bad[0].id}: ${clipFailureText(bad[0])}` : '';
    lines.push(errorCommand(`tinyhil ${r.scenario.name} ${r.status}`, `${r.reason ?? `${bad.length} clips did not pass`}${first}`, 'error', inRepo(r.scenario.inputsAt, root)));
  }
  return lines;
}

/** Writes the job summary and annotations when the run ends. */
export class GithubReporter implements Reporter {
  readonly name = 'github';

  constructor(private readonly opts: GithubReporterOptions = {}) {}

  async onEnd(report: RunReport): Promise<void> {
    const write = this.opts.write ?? ((t: string) => void process.stdout.write(t));
    const env = this.opts.env ?? process.env;
    for (const line of githubAnnotations(report, env['GITHUB_WORKSPACE'] || process.cwd())) write(line);
    const file = (this.opts.env ?? process.env)['GITHUB_STEP_SUMMARY'];
    if (file) await appendFile(file, githubSummary(report, this.opts.maxClips));
  }
}
