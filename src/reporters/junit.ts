/**
 * `junit.xml` for CI test views (GitLab, Jenkins, GitHub test-report actions). Mapping:
 * one `<testsuite>` for the scenario; one `<testcase classname="budgets">` per budget;
 * one `<testcase classname="clips">` per clip that failed, errored or timed out (passing
 * clips are counted in the suite properties, not listed: runs have thousands); one
 * `<testcase classname="infrastructure">` per infrastructure error; one `<testcase
 * classname="conformance">` per check of the device's conformance probe; one `<testcase
 * classname="regression">` per regression threshold against a baseline run (--baseline). See docs/reports.md.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Builder } from 'xml2js';
import type { BudgetVerdict, ClipResult, InfraError, RunReport, Status } from '../core/types.js';
import { budgetFigures, clipFailureText, fmtNum, isProblem, oneLine, RUN_FILES, sanitize } from './format.js';
import { writeFileAtomic } from './json.js';
import type { Reporter, RunContext } from './reporter.js';

/** An xml2js element: attributes under `$`, text under `_`. */
interface Node {
  $?: Record<string, string | number>;
  _?: string;
  [child: string]: unknown;
}

type Outcome = 'failure' | 'error' | 'skipped' | null;

function outcome(status: Status): Outcome {
  // A timeout is the firmware not answering: a failure of the thing under test, as in Playwright.
  if (status === 'failed' || status === 'timedout') return 'failure';
  if (status === 'error') return 'error';
  return status === 'skipped' ? 'skipped' : null;
}

function testcase(classname: string, name: string, seconds: number, result: Outcome, type: string, message: string, text: string): Node {
  const tc: Node = { $: { classname, name: oneLine(name), time: seconds } };
  // xmlbuilder throws on control characters, and device output may contain them.
  if (result) tc[result] = { $: { message: oneLine(message), type }, _: sanitize(text) };
  else if (text) tc['system-out'] = sanitize(text);
  return tc;
}

/** A budget, or (classname `regression`) a regression threshold against the baseline run. */
function budgetCase(v: BudgetVerdict, classname = 'budgets'): Node {
  const body = `${v.reason}\n${budgetFigures(v)} (${v.kind})\nsource: ${v.source}`;
  const message = v.status === 'failed' ? (classname === 'budgets' ? budgetFigures(v) : v.reason) : v.reason;
  return testcase(classname, v.name, 0, outcome(v.status), `${classname === 'budgets' ? 'budget' : classname}-${v.status}`, message, body);
}

function clipCase(c: ClipResult): Node {
  const lines = [clipFailureText(c)];
  if (c.path) lines.push(`file: ${c.path}`);
  if (c.label !== undefined) lines.push(`label: ${c.label}`);
  if (c.predicted !== undefined) lines.push(`predicted: ${c.predicted ?? 'none'}`);
  if (c.worker !== undefined) lines.push(`worker: ${c.worker}`);
  return testcase('clips', c.id, c.wallMs / 1000, outcome(c.status), c.status, clipFailureText(c), lines.join('\n'));
}

function infraCase(e: InfraError): Node {
  const lines = [e.message];
  if (e.clip) lines.push(`clip: ${e.clip}`);
  if (e.logs?.length) lines.push(`logs: ${e.logs.join(', ')}`);
  if (e.detail) lines.push('detail:', e.detail);
  const name = e.clip ? `${e.kind} (clip ${e.clip})` : e.kind;
  return testcase('infrastructure', name, 0, 'error', e.kind, e.message, lines.join('\n'));
}

/**
 * The conformance probe's checks: a passed check passes; a failed one is a
 * warning in its `<system-out>` (JUnit has no warning status, and a warning
 * must not turn the CI view red), or an `<error>` when the scenario is strict.
 */
function conformanceCases(c: RunReport['conformance']): Node[] {
  if (!c) return [];
  return c.checks.filter((x) => x.status !== 'skipped').map((x) => {
    const text = `${x.what}: ${x.status}${x.message ? `\nwarning: ${x.message}` : ''}${x.known ? `\nknown bug: ${x.known.affected}; ${x.known.upstream}` : ''}`;
    const strictFail = x.status === 'failed' && c.mode === 'strict';
    return testcase('conformance', x.id, 0, strictFail ? 'error' : null, 'conformance', x.message ?? x.what, text);
  });
}

/** Suite-level properties: what ran, so a CI test view shows it without opening report.json. */
function properties(r: RunReport): Node {
  const c = r.metrics.clips;
  const props: [string, string | number][] = [
    ['status', r.status],
    ['scenario.file', r.scenario.file],
    ['platform', r.platform.name],
    ['target', r.target.kind],
    ['firmware.elf', r.firmware.elf],
    ['firmware.sha256', r.firmware.sha256],
    ['clips.total', c.total],
    ['clips.passed', c.passed],
  ];
  if (r.reason) props.splice(1, 0, ['reason', r.reason]);
  if (r.firmware.device) props.push(['device', `${r.firmware.device.fwName} ${r.firmware.device.fwVersion}`]);
  if (r.metrics.accuracy) props.push(['accuracy', fmtNum(r.metrics.accuracy.value, 4)]);
  return { property: props.map(([name, value]) => ({ $: { name, value: oneLine(String(value)) } })) };
}

/** The junit.xml text for a report. */
export function junitXml(r: RunReport): string {
  const cases = [
    ...r.budgets.map((b) => budgetCase(b)),
    ...(r.comparison?.regressions ?? []).map((v) => budgetCase(v, 'regression')),
    ...r.clips.filter((c) => isProblem(c.status)).map(clipCase),
    ...r.errors.map(infraCase),
    ...conformanceCases(r.conformance),
  ];
  const count = (k: Exclude<Outcome, null>) => cases.filter((tc) => tc[k] !== undefined).length;
  const totals = {
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
    time: r.durationMs / 1000,
  };
  const suite: Node = {
    $: { name: oneLine(r.scenario.name), ...totals, timestamp: r.startedAt, hostname: oneLine(r.provenance.host) },
    properties: properties(r),
    testcase: cases,
  };
  const root = { testsuites: { $: { name: 'tinyhil', ...totals }, testsuite: [suite] } };
  return new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' } }).buildObject(root);
}

/** Writes `<runDir>/junit.xml` at the end of the run. */
export class JunitReporter implements Reporter {
  readonly name = 'junit';
  private runDir: string | undefined;
  /** Path of the written file, once written. */
  path: string | undefined;

  onBegin(ctx: RunContext): void {
    this.runDir = ctx.runDir;
  }

  async onEnd(report: RunReport): Promise<void> {
    if (!this.runDir) throw new Error('onEnd before onBegin: no run folder to write junit.xml into');
    await mkdir(this.runDir, { recursive: true });
    const path = join(this.runDir, RUN_FILES.junit);
    await writeFileAtomic(path, `${junitXml(report)}\n`);
    this.path = path;
  }
}
