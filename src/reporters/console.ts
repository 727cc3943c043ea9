/**
 * The end-of-run summary for humans: what ran, the figures, the budgets table, every
 * reason something did not pass, and where the files are. On a terminal it uses colour
 * and ✔/✘; when not a TTY or NO_COLOR is set it is plain ASCII with no escape codes,
 * because CI logs and piped output render escapes as garbage.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RunReport, Status } from '../core/types.js';
import { failedChecks } from '../harness/conformance.js';
import {
  clipFailureText, budgetPair, comparator, conformanceLine, deviceLine, fmtBytes, fmtDuration, fmtNum, isProblem,
  metricRows, oneLine, RUN_FILES, verdictWord,
} from './format.js';
import type { Reporter, RunContext } from './reporter.js';
import { comparisonLines } from '../compare/console.js';
import { ASCII, UNICODE } from '../compare/words.js';

/** Options of {@link ConsoleReporter}. */
export interface ConsoleReporterOptions {
  /** Receives the summary text (several lines, newline-terminated); default: stdout. */
  write?: (text: string) => void;
  /** Environment consulted for NO_COLOR; default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides the context's `isTTY` (e.g. stdout is piped while stderr is a terminal). */
  isTTY?: boolean;
  /** Clip failures listed before "and N more"; default 20. */
  maxClipFailures?: number;
}

interface Style {
  unicode: boolean;
  /** The mark of a status: ✔/✘ on a terminal, [PASS]/[FAIL]/[ERROR]/[SKIP] otherwise. */
  mark(status: Status): string;
  color(code: string, s: string): string;
}

function style(fancy: boolean): Style {
  const color = (code: string, s: string) => (fancy ? `\x1b[${code}m${s}\x1b[0m` : s);
  const mark = (st: Status) => {
    if (!fancy) return st === 'passed' ? '[PASS]' : st === 'skipped' ? '[SKIP]' : st === 'error' ? '[ERROR]' : '[FAIL]';
    return st === 'passed' ? color('32', '✔') : st === 'skipped' ? color('33', '-') : color('31', '✘');
  };
  return { unicode: fancy, mark, color };
}

function table(rows: string[][], indent: string): string[] {
  // Width by visible characters: colour escapes must not count.
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => visible(r[i] ?? '')))) ?? [];
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c)))).join('  ').trimEnd());
}

/** `; renodeStarts 2, resetsInPlace 3, freshStarts 1`: how the targets came up, when one came up more than once. */
function statsText(stats: Record<string, number> | undefined, workers: number): string {
  const e = Object.entries(stats ?? {});
  return e.reduce((n, [, v]) => n + v, 0) > workers ? `; ${e.map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
}

/** The summary text for a report; `runDir` locates the output files it lists. */
export function consoleSummary(r: RunReport, runDir: string | undefined, fancy: boolean, maxClips = 20): string {
  const s = style(fancy);
  const out: string[] = [];
  const head = (t: string) => out.push('', s.color('1', t));
  const p = r.platform;
  out.push(s.color('1', `tinyhil run summary: ${r.scenario.name}`));
  const about: [string, string][] = [
    ['Scenario', `${r.scenario.name} (${r.scenario.file})`],
    ['Platform', `${p.name} (${p.cpu} @ ${fmtNum(p.clockHz / 1e6, 3)} MHz, RAM ${fmtBytes(p.ramSize)}, flash ${fmtBytes(p.flashSize)})`],
    ['Target', `${r.target.kind}, ${r.target.workers} worker${r.target.workers === 1 ? '' : 's'}, audio path ${r.target.audioPath}${statsText(r.target.stats, r.target.workers)}`],
    ['Device', deviceLine(r)],
    ...(r.conformance ? [['Probe', conformanceLine(r.conformance)] as [string, string]] : []),
    ['Duration', fmtDuration(r.durationMs)],
    ...metricRows(r, s.unicode),
  ];
  out.push(...table(about.map(([k, v]) => [`${k}:`, v]), '  '));

  const mark = s.mark;
  if (r.budgets.length) {
    head(`Budgets (${r.budgets.filter((b) => b.status === 'passed').length}/${r.budgets.length} passed)`);
    const rows = r.budgets.map((b) => [
      mark(b.status), b.name, budgetPair(b)[0], `${comparator(b.kind, s.unicode)} ${budgetPair(b)[1]}`,
    ]);
    out.push(...table([['', 'budget', 'measured', 'allowed'], ...rows], '  '));
  } else head('Budgets: none declared');

  const badBudgets = r.budgets.filter((b) => b.status !== 'passed');
  if (badBudgets.length) {
    head('Budgets not passed');
    // The figures are in the table above; here the why, and how it was measured.
    for (const b of badBudgets) out.push(`  ${mark(b.status)} ${b.name} (${b.status}): ${oneLine(b.reason)} [${b.source}]`);
  }

  if (r.comparison) {
    // --baseline: what changed since the baseline run, and whether a regression threshold flagged it.
    head(`Compared with the baseline${r.comparison.base.file ? ` (${oneLine(r.comparison.base.file)})` : ''}`);
    out.push(...comparisonLines(r.comparison, { words: s.unicode ? UNICODE : ASCII, mark }));
  }

  const badClips = r.clips.filter((c) => isProblem(c.status));
  if (badClips.length) {
    head(`Clip failures (${badClips.length})`);
    for (const c of badClips.slice(0, maxClips)) out.push(`  ${mark(c.status)} ${oneLine(c.id)} (${c.status}): ${clipFailureText(c)}`);
    if (badClips.length > maxClips) out.push(`  ... and ${badClips.length - maxClips} more (see ${RUN_FILES.jsonl})`);
  }

  const badChecks = failedChecks(r.conformance);
  if (badChecks.length) {
    // Not budget verdicts: the target executes these instructions differently from the architecture.
    head(`Conformance ${r.conformance!.mode === 'strict' ? 'errors' : 'warnings'} (${badChecks.length})`);
    for (const x of badChecks) out.push(`  ${r.conformance!.mode === 'strict' ? mark('error') : s.color('33', '!')} ${x.id}: ${oneLine(x.message ?? x.what)}`);
  }

  if (r.errors.length) {
    // Apart from budgets: these say the harness could not measure, not that firmware is over budget.
    head(`Infrastructure errors (${r.errors.length})`);
    for (const e of r.errors) {
      const where = e.clip ? ` (clip ${oneLine(e.clip)})` : '';
      const logs = e.logs?.length ? ` [logs: ${e.logs.map((l) => (runDir && !isAbsolute(l) ? join(runDir, l) : l)).join(', ')}]` : '';
      out.push(`  ${mark('error')} ${e.kind}${where}: ${oneLine(e.message)}${logs}`);
    }
  }

  if (runDir) {
    const files = ([['index.html', RUN_FILES.html], ['report.json', RUN_FILES.json], ['junit.xml', RUN_FILES.junit], ['ctrf.json', RUN_FILES.ctrf], ['results.jsonl', RUN_FILES.jsonl], ['logs', RUN_FILES.logs]] as const)
      .map(([label, f]) => [label, join(runDir, f)] as const)
      .filter(([, path]) => existsSync(path));
    head('Reports');
    out.push(...table([...files.map(([l, path]) => [`${l}:`, path]), ['run folder:', runDir]], '  '));
  }

  const verdict = `${verdictWord(r.status)}${r.reason ? `: ${oneLine(r.reason)}` : ''}`;
  out.push('', s.color(r.status === 'passed' ? '1;32' : r.status === 'skipped' ? '1;33' : '1;31', `${r.scenario.name} ${verdict}`));
  return `${out.join('\n')}\n`;
}

/** Prints {@link consoleSummary} when the run ends. */
export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private ctx: RunContext | undefined;

  constructor(private readonly opts: ConsoleReporterOptions = {}) {}

  onBegin(ctx: RunContext): void {
    this.ctx = ctx;
  }

  onEnd(report: RunReport): void {
    const env = this.opts.env ?? process.env;
    const tty = this.opts.isTTY ?? this.ctx?.isTTY ?? false;
    // no-color.org: NO_COLOR present and non-empty disables colour.
    const fancy = tty && !env['NO_COLOR'];
    const write = this.opts.write ?? ((t: string) => void process.stdout.write(t));
    write(consoleSummary(report, this.ctx?.runDir, fancy, this.opts.maxClipFailures));
  }
}
