/**
 * The `html` reporter: `index.html` in the scenario's run folder, with the clips a
 * reviewer will want to hear copied next to it (see clips.ts). The run-level page
 * for several scenarios or a matrix is {@link writeRunIndex}.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../../core/types.js';
import { isProblem, RUN_FILES } from '../format.js';
import { writeFileAtomic } from '../json.js';
import type { MatrixRow } from '../matrix.js';
import type { Reporter, RunContext } from '../reporter.js';
import { audioNote, collectAudio, type ReportAudio } from './clips.js';
import { budgetRows, type RunPage, type ScenarioPage } from './model.js';
import { renderPage } from './page.js';

export type { ReportAudio } from './clips.js';
export type { PageData, RunPage, ScenarioPage } from './model.js';

/** The page's file name in a run folder. */
export const HTML_FILE = RUN_FILES.html;

/** Options of {@link HtmlReporter}. */
export interface HtmlReporterOptions {
  /** Which clips become playable (default `failing`). */
  audio?: ReportAudio;
}

/** Writes `<runDir>/index.html` at the end of the run. */
export class HtmlReporter implements Reporter {
  readonly name = 'html';
  private runDir: string | undefined;
  /** Path of the written page, once written. */
  path: string | undefined;

  constructor(private readonly opts: HtmlReporterOptions = {}) {}

  onBegin(ctx: RunContext): void {
    this.runDir = ctx.runDir;
  }

  async onEnd(report: RunReport): Promise<void> {
    if (!this.runDir) throw new Error('onEnd before onBegin: no run folder to write index.html into');
    await mkdir(this.runDir, { recursive: true });
    const mode = this.opts.audio ?? 'failing';
    const audio = await collectAudio(this.runDir, report.clips, mode);
    const data: ScenarioPage = { page: 'scenario', report, budgets: budgetRows(report), audio: audio.audio, audioNote: audioNote(mode, audio) };
    const path = join(this.runDir, HTML_FILE);
    await writeFileAtomic(path, renderPage(`${report.scenario.name}: ${report.status}`, data));
    this.path = path;
  }
}

/**
 * The run-level page for a run of several scenarios (each in its own folder) or a
 * matrix: one line per scenario linking to its page, and the matrix cells side by side.
 */
export async function writeRunIndex(runDir: string, reports: RunReport[], matrix: MatrixRow[], folders: string[]): Promise<string> {
  const data: RunPage = {
    page: 'run',
    title: matrix[0]?.group ?? reports.map((r) => r.scenario.name).join(', '),
    startedAt: reports[0]?.startedAt ?? new Date().toISOString(),
    scenarios: reports.map((r, i) => {
      const bad = r.clips.filter((c) => isProblem(c.status)).length;
      return {
        name: r.scenario.name, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(folders[i] ? { href: `${folders[i]}/${HTML_FILE}` } : {}),
        ...(r.metrics.accuracy ? { accuracy: r.metrics.accuracy.value } : {}), clips: r.clips.length, clipsBad: bad,
      };
    }),
    matrix,
  };
  const path = join(runDir, HTML_FILE);
  await writeFileAtomic(path, renderPage(`${data.title}: ${reports.length} runs`, data));
  return path;
}
