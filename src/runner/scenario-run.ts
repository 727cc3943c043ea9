/**
 * Runs one prepared scenario end to end: build, footprint, boot and stream on
 * the target's workers, metrics, budgets, reports. Always ends with a report,
 * whatever failed, and says whether it was the firmware or the infrastructure.
 */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import type { BudgetVerdict, ClipResult, Footprint, InfraError, RunReport } from '../core/types.js';
import { buildFirmware, BuildError, BuildInterrupted, sha256File, ToolchainError, type BuildResult } from '../build/make.js';
import { footprint as measureFootprint } from '../build/footprint.js';
import { ElfError } from '../build/elf.js';
import { runHarness, type HarnessOutcome } from '../harness/harness.js';
import { checkBudgets, computeMetrics, runStatus, EXIT, type ExitCode } from '../metrics/index.js';
import { ReporterSet, createReporters, type Reporter, type ReportAudio } from '../reporters/index.js';
import { toolVersions } from '../proc/tools.js';
import type { PreparedScenario } from './prepare.js';
import { RunLog } from './rundir.js';
import { VERSION } from './version.js';
import { runReference, type ReferenceOutcome } from './reference.js';
import { checkParity, parityNotMeasured } from '../metrics/parity.js';
import { fmtMs } from '../protocol/session.js';
import { conformanceLine } from '../reporters/format.js';
import { failedChecks } from '../harness/conformance.js';
import { MAX_TIMER_MS } from '../config/fields.js';
import { boardName, targetKind } from '../targets/registry.js';
import { compare, type RunSide } from '../compare/index.js';

export interface ScenarioRunOptions {
  runDir: string;
  workers?: number;
  timeoutMultiplier: number;
  reporters: readonly string[] | 'default';
  /** Extra reporters (tests). */
  extraReporters?: Reporter[];
  signal?: AbortSignal;
  command: string[];
  isTTY: boolean;
  stdout(text: string): void;
  /** Which clips the HTML report copies into the run folder (default `failing`). */
  reportAudio?: ReportAudio;
  /** The baseline run's report for this scenario (`--baseline`): the report gets a `comparison`. */
  baseline?: RunSide;
}

export interface ScenarioRunResult {
  report: RunReport;
  exitCode: ExitCode | 130;
}

const DEFAULTS = { buildMs: 300_000, bootMs: 10_000, clipMs: 10_000 };
const INTERRUPTED = 'interrupted';

export async function runScenario(prep: PreparedScenario, opts: ScenarioRunOptions): Promise<ScenarioRunResult> {
  const { loaded, clips } = prep;
  const { scenario, platform } = loaded;
  const t0 = Date.now();
  const startedAt = new Date(t0).toISOString();
  const log = new RunLog(join(opts.runDir, 'run.log'));
  const m = opts.timeoutMultiplier;
  // --timeout-multiplier may push a timeout past what a timer can wait: clamp, rather than fire at once.
  const scaled = (ms: number) => Math.min(ms * m, MAX_TIMER_MS);
  const timeouts = {
    buildMs: scaled(scenario.timeouts?.build ?? DEFAULTS.buildMs),
    bootMs: scaled(scenario.timeouts?.boot ?? DEFAULTS.bootMs),
    clipMs: scaled(scenario.timeouts?.clip ?? DEFAULTS.clipMs),
  };
  // One signal for the harness: the user's Ctrl-C, or timeouts.run running out.
  const runAc = new AbortController();
  // Each worker's target, session and child processes listen here (more than Node's default 10 from 5
  // workers on): no MaxListenersExceededWarning, since every listener is removed when its work ends.
  setMaxListeners(0, runAc.signal);
  const onOuter = () => runAc.abort(INTERRUPTED);
  if (opts.signal?.aborted) onOuter();
  opts.signal?.addEventListener('abort', onOuter);
  const runMs = scenario.timeouts?.run !== undefined ? scaled(scenario.timeouts.run) : undefined;
  const runTimer = runMs !== undefined ? setTimeout(() => runAc.abort(`the run exceeded timeouts.run (${fmtMs(runMs)})`), runMs) : undefined;
  // Both stop the run through runAc: its reason tells Ctrl-C (INTERRUPTED) from the time limit (which it names).
  const timedOut = () => runAc.signal.aborted && runAc.signal.reason !== INTERRUPTED;
  const stopCause = () => (timedOut() ? String(runAc.signal.reason) : 'the run was interrupted');
  const kind = prep.targetKind;
  const kindOf = targetKind(kind);
  const asked = opts.workers ?? scenario.target?.workers ?? 1;
  // A kind may run fewer at once (one physical board is one worker); the run says so rather than failing.
  const workers = Math.min(asked, kindOf.maxWorkers?.(platform) ?? asked);
  const reporters = new ReporterSet([
    ...createReporters(opts.reporters, { stdout: opts.stdout, isTTY: opts.isTTY, ...(opts.reportAudio ? { reportAudio: opts.reportAudio } : {}) }),
    ...(opts.extraReporters ?? []),
  ]);
  await reporters.onBegin({
    runDir: opts.runDir, scenario: scenario.name, platform: platform.name, totalClips: clips.length, labels: scenario.labels,
    workers, isTTY: opts.isTTY, log: (line) => opts.stdout(`${line}\n`),
  });
  log.line(`scenario ${loaded.file} on ${platform.name} (${kind}, ${workers} worker${workers > 1 ? 's' : ''}), ${clips.length} clips`);
  if (workers < asked) log.line(`${kindOf.title} runs ${workers} worker${workers > 1 ? 's' : ''} on ${platform.name} at once; ${asked} asked`);

  const errors: InfraError[] = [];
  let build: BuildResult | undefined;
  let fp: Footprint | undefined;
  let sha = '';
  let harness: HarnessOutcome | undefined;
  let failReason: string | undefined;
  let badBuild = false;
  const note = (e: InfraError) => {
    errors.push(e);
    log.line(`infrastructure error (${e.kind}): ${e.message}`);
    void reporters.onError(e);
  };

  try {
    // Interrupted already (while its inputs were synthesized, or during the scenario before): nothing is built.
    if (prep.interrupted || runAc.signal.aborted) throw new BuildInterrupted(prep.interrupted ?? 'interrupted before the build');
    build = await buildFirmware({ firmware: scenario.firmware, platform, baseDir: loaded.dir, logDir: opts.runDir, timeoutMs: timeouts.buildMs, host: kindOf.firmware === 'host', ...(kindOf.buildVariables ? { variables: kindOf.buildVariables(platform) } : {}), signal: runAc.signal });
    log.line(`built ${build.elf} in ${build.durationMs} ms: ${build.command || '(prebuilt)'}`);
    sha = await sha256File(build.elf);
    if (kindOf.firmware === 'cross') fp = await measureFootprint(build.elf, platform.memory, build.elf);
  } catch (e) {
    if (e instanceof BuildInterrupted) {
      // The build says "interrupted" whoever stopped it; the clips' reason says when it was the time limit.
      failReason = timedOut() ? `${stopCause()} before the firmware was built` : e.message;
      log.line(e.message);
    }
    // An image that overflows or misses the platform's memory is the firmware's fault, like a compile error.
    else if (e instanceof BuildError || e instanceof ElfError) {
      badBuild = true;
      failReason = e.message;
      log.line(`build failed: ${e.message}`);
    } else note({ kind: e instanceof ToolchainError ? 'toolchain' : 'build', message: (e as Error).message });
  }

  if (build && !badBuild && errors.length === 0) {
    harness = await runHarness({
      targetKind: kind, platform, board: boardName(kind, platform), elf: build.elf, runDir: opts.runDir, workers,
      bootMs: timeouts.bootMs, clipMs: timeouts.clipMs, labels: scenario.labels, argNames: prep.argNames,
      ...(prep.verifier ? { verifier: prep.verifier } : {}), signal: runAc.signal,
      clips: clips.map((c, index) => ({ index, id: c.id, bytes: c.samples.byteLength, load: async () => c })),
      audioPath: prep.audioPath, conformance: scenario.target?.conformance ?? 'warn',
      events: {
        log: (l) => log.line(l),
        deviceLog: (w, clip, level, text) => log.line(`device w${w}${clip ? ` [${clip}]` : ''} ${['E', 'W', 'I', 'D'][level] ?? level}: ${text}`),
        boot: (w, hello, ms) => {
          log.line(`worker ${w}: HELLO ${hello.fwName} ${hello.fwVersion} on ${hello.board} after ${ms} ms (cycles: ${hello.cycleSource})`);
          void reporters.onBoot({ worker: w, device: hello, bootMs: ms });
        },
        conformance: (c) => {
          log.line(`conformance probe: ${conformanceLine(c)}`);
          for (const x of failedChecks(c)) log.line(`conformance: ${x.id}: ${x.message}`);
          void reporters.onConformance(c);
        },
        clip: (r) => {
          log.line(`clip ${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
          void reporters.onClipEnd(r);
        },
        error: note,
      },
    });
    if (harness.handshakeError) failReason = harness.handshakeError.message;
  }

  let reference: ReferenceOutcome | undefined;
  let parity: BudgetVerdict | undefined;
  const tol = scenario.budgets?.parity?.tolerance;
  if (tol !== undefined && harness && runAc.signal.aborted) {
    parity = parityNotMeasured(`${stopCause()} before the host reference ran`);
  } else if (tol !== undefined && harness) {
    reference = await runReference(prep, opts.runDir, { buildMs: timeouts.buildMs, clipMs: timeouts.clipMs, signal: runAc.signal, log: (l) => log.line(l) });
    for (const e of reference.errors) note({ ...e, kind: `reference ${e.kind}` });
    const ran = [...reference.results.values()].filter((r) => r.status !== 'skipped').length;
    if (reference.unavailable) {
      parity = parityNotMeasured(reference.unavailable);
    } else if (reference.interrupted || runAc.signal.aborted) {
      const after = `after ${ran} of ${reference.results.size} clips`;
      parity = parityNotMeasured(timedOut() ? `the host reference was stopped ${after}: ${stopCause()}` : `the host reference was interrupted ${after}`);
    } else {
      const p = checkParity(harness.results, reference.results, tol);
      parity = p.verdict;
      for (const c of harness.results) {
        const d = p.diffs.get(c.id);
        if (d !== undefined) c.parityDiff = d === Infinity ? null : d;
      }
    }
    log.line(parity.reason);
  }

  const results: ClipResult[] = harness?.results ?? clips.map((c) => ({ id: c.id, status: 'skipped' as const, reason: `not run: ${failReason ?? errors[0]?.message ?? 'build failed'}`, wallMs: 0 }));
  const metrics = computeMetrics({ clips: results, labels: scenario.labels, ...(fp ? { footprint: fp } : {}), platform, ...(harness?.cycleInfo ? { cycleInfo: harness.cycleInfo } : {}) });
  const located: BudgetVerdict[] = [...checkBudgets(scenario.budgets, metrics, { labels: scenario.labels, clockHz: platform.clock_hz, latencyUnit: harness?.cycleInfo?.unit ?? 'cycles', ...(harness?.cycleInfo?.caveat ? { caveat: harness.cycleInfo.caveat } : {}), subset: prep.clips.length < prep.totalBeforeSelection }), ...(parity ? [parity] : [])];
  // Each verdict points at its budget's key in the scenario (recall.min[yes] at recall.min), for annotations.
  const budgets = located.map((b) => ({ ...b, location: { file: loaded.file, ...loaded.locate(['budgets', ...b.name.replace(/\[[^\]]*\]$/, '').split('.')]) } }));
  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: 'tinyhil', version: VERSION },
    scenario: {
      name: scenario.name, file: relative(process.cwd(), loaded.file) || loaded.file,
      ...(scenario.description ? { description: scenario.description } : {}), ...(prep.cell ? { matrix: prep.cell } : {}), inputsAt: { file: loaded.file, ...loaded.locate(['inputs']) },
    },
    platform: { name: platform.name, cpu: platform.cpu, clockHz: platform.clock_hz, ramSize: platform.memory.ram.size, flashSize: platform.memory.flash.size },
    target: { kind, audioPath: prep.audioPath, workers, settings: harness?.targetSettings ?? {}, ...(harness && Object.keys(harness.targetStats).length ? { stats: harness.targetStats } : {}), ...(harness?.links.length ? { links: harness.links.map((l, worker) => ({ worker, ...l })) } : {}) },
    firmware: {
      elf: build ? relative(process.cwd(), build.elf) : '', sha256: sha,
      ...(harness?.device ? { device: stripBootId(harness.device) } : {}), ...(fp ? { footprint: fp } : {}), ...(build?.command ? { build: build.command } : {}),
    },
    // Decided below, once the comparison with the baseline (if any) has its verdicts.
    status: 'passed', ...(harness?.conformance ? { conformance: harness.conformance } : {}),
    startedAt, durationMs: Date.now() - t0, labels: scenario.labels, clips: results, metrics, budgets, errors,
    provenance: {
      tools: await toolVersions([...kindOf.tools]),
      host: hostname(), node: process.version, command: opts.command, ...(harness?.cycleInfo ? { cycleInfo: harness.cycleInfo } : {}),
      ...(reference?.elf && reference.sha256 ? { reference: { kind: 'host' as const, elf: relative(process.cwd(), reference.elf), sha256: reference.sha256 } } : {}),
    },
  };
  // A baseline (--baseline) is compared with this run's figures; its flagged regressions fail the run like budgets.
  if (opts.baseline && harness && !runAc.signal.aborted)
    report.comparison = compare(opts.baseline, { report, schemaVersion: report.schemaVersion }, scenario.regression, { clockHz: platform.clock_hz, locate: (p) => ({ file: loaded.file, ...loaded.locate(p) }) });
  const outcome = runStatus({ clips: results, budgets, errors, regressions: report.comparison?.regressions ?? [] });
  let exitCode: ExitCode | 130 = outcome.exitCode;
  let status = outcome.status as RunReport['status'];
  let reason = outcome.reason;
  if (harness?.handshakeError) {
    exitCode = EXIT.BAD_INPUT;
    status = 'error';
    reason = `handshake: ${harness.handshakeError.message}`;
  } else if (badBuild && errors.length === 0) {
    exitCode = EXIT.FAIL;
    status = 'error';
    reason = failReason;
  }
  clearTimeout(runTimer);
  opts.signal?.removeEventListener('abort', onOuter);
  const finished = `${results.filter((r) => r.status !== 'skipped').length} of ${results.length} clips had finished`;
  if (runAc.signal.reason === INTERRUPTED) {
    exitCode = 130;
    status = 'error';
    reason = prep.interrupted ? `${prep.interrupted}; nothing ran` : `interrupted; ${finished}`;
    errors.push({ kind: 'interrupted', message: 'the run was interrupted (SIGINT/SIGTERM); partial results kept' });
  } else if (runAc.signal.aborted && exitCode !== EXIT.INFRA) {
    exitCode = EXIT.FAIL;
    status = 'timedout';
    reason = `${String(runAc.signal.reason)}; ${finished}`;
  }
  report.status = status;
  if (reason) report.reason = reason;
  if (report.comparison) report.comparison.head.status = status;
  log.line(`status ${status}${reason ? `: ${reason}` : ''}`);
  await reporters.onEnd(report);
  await log.close();
  return { report, exitCode };
}

function stripBootId<T extends { bootId?: number }>(h: T): Omit<T, 'bootId'> {
  const { bootId: _unused, ...rest } = h;
  return rest;
}
