/**
 * `ctrf.json`: the Common Test Report Format (https://ctrf.io, specVersion
 * 0.0.0 as published by the `ctrf` package's JSON Schema), which GitHub
 * reporting actions read. Mapping: one test per budget (suite [scenario, `budgets`], with
 * the scenario file and line it is written on), one per regression threshold against a
 * baseline run (suite `regression`), one per clip (suite `clips`),
 * one per infrastructure error (suite `infrastructure`), one per conformance
 * check that failed (suite `conformance`). Statuses: passed; failed for
 * failed, timed out and errored; skipped.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport, Status } from '../core/types.js';
import { failedChecks } from '../harness/conformance.js';
import { budgetFigures, clipFailureText, oneLine, RUN_FILES } from './format.js';
import { writeFileAtomic } from './json.js';
import type { Reporter, RunContext } from './reporter.js';

type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

/** One CTRF test. */
export interface CtrfTest {
  name: string;
  status: CtrfStatus;
  duration: number;
  /** The suite path: the scenario, then budgets, clips, infrastructure or conformance. */
  suite?: string[];
  message?: string;
  rawStatus?: string;
  filePath?: string;
  line?: number;
  extra?: Record<string, unknown>;
}

const ctrfStatus = (s: Status): CtrfStatus => (s === 'passed' ? 'passed' : s === 'skipped' ? 'skipped' : 'failed');

/** The CTRF document for a report. */
export function ctrfDocument(r: RunReport): Record<string, unknown> {
  const tests: CtrfTest[] = [];
  for (const b of r.budgets)
    tests.push({
      name: `${r.scenario.name}: budget ${b.name}`, status: ctrfStatus(b.status), rawStatus: b.status, duration: 0, suite: [r.scenario.name, 'budgets'],
      message: oneLine(b.status === 'passed' ? budgetFigures(b) : `${b.reason} (${budgetFigures(b)})`),
      ...(b.location ? { filePath: b.location.file, line: b.location.line } : {}),
      extra: { measured: b.measured, budget: b.budget, unit: b.unit, kind: b.kind, source: b.source },
    });
  // --baseline: each regression threshold is a test, on the scenario line it is written on.
  for (const v of r.comparison?.regressions ?? [])
    tests.push({
      name: `${r.scenario.name}: ${v.name}`, status: ctrfStatus(v.status), rawStatus: v.status, duration: 0, suite: [r.scenario.name, 'regression'], message: oneLine(v.reason),
      ...(v.location ? { filePath: v.location.file, line: v.location.line } : {}),
      extra: { measured: v.measured, budget: v.budget, unit: v.unit, baseline: r.comparison!.base.file ?? null },
    });
  for (const c of r.clips)
    tests.push({
      name: `${r.scenario.name}: clip ${oneLine(c.id)}`, status: ctrfStatus(c.status), rawStatus: c.status, duration: Math.round(c.wallMs), suite: [r.scenario.name, 'clips'],
      ...(c.status === 'passed' ? {} : { message: clipFailureText(c) }),
      extra: { ...(c.label !== undefined ? { label: c.label } : {}), ...(c.predicted !== undefined ? { predicted: c.predicted } : {}), ...(c.cycles !== undefined ? { cycles: c.cycles } : {}) },
    });
  for (const e of r.errors)
    tests.push({ name: `${r.scenario.name}: infrastructure ${e.kind}${e.clip ? ` (clip ${oneLine(e.clip)})` : ''}`, status: 'failed', rawStatus: 'error', duration: 0, suite: [r.scenario.name, 'infrastructure'], message: oneLine(e.message) });
  for (const x of failedChecks(r.conformance))
    tests.push({ name: `${r.scenario.name}: conformance ${x.id}`, status: r.conformance?.mode === 'strict' ? 'failed' : 'other', rawStatus: 'failed', duration: 0, suite: [r.scenario.name, 'conformance'], message: oneLine(x.message ?? x.what) });
  const start = Date.parse(r.startedAt);
  const count = (s: CtrfStatus) => tests.filter((t) => t.status === s).length;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: new Date(start + r.durationMs).toISOString(),
    generatedBy: `${r.tool.name} ${r.tool.version}`,
    results: {
      tool: { name: r.tool.name, version: r.tool.version },
      summary: {
        tests: tests.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), pending: count('pending'), other: count('other'),
        suites: new Set(tests.map((t) => t.suite?.join('/'))).size, start, stop: start + Math.round(r.durationMs),
      },
      tests,
      environment: { appName: r.scenario.name, testEnvironment: `${r.platform.name} on ${r.target.kind}` },
      extra: { status: r.status, ...(r.reason ? { reason: r.reason } : {}) },
    },
  };
}

/** Writes `ctrf.json` into the run folder when the run ends. */
export class CtrfReporter implements Reporter {
  readonly name = 'ctrf';
  private runDir: string | undefined;

  onBegin(ctx: RunContext): void {
    this.runDir = ctx.runDir;
  }

  async onEnd(report: RunReport): Promise<void> {
    if (!this.runDir) throw new Error('onEnd before onBegin: no run folder to write ctrf.json into');
    await mkdir(this.runDir, { recursive: true });
    await writeFileAtomic(join(this.runDir, RUN_FILES.ctrf), `${JSON.stringify(ctrfDocument(report), null, 2)}\n`);
  }
}
