/**
 * The reporter registry: names as used on the command line (`--reporter json,junit`)
 * mapped to factories, and the default set.
 */
import { ConsoleReporter } from './console.js';
import { CtrfReporter } from './ctrf.js';
import { GithubReporter } from './github.js';
import { HtmlReporter, type ReportAudio } from './html/index.js';
import { JsonReporter } from './json.js';
import { JsonlReporter } from './jsonl.js';
import { JunitReporter } from './junit.js';
import { ProgressReporter } from './progress.js';
import type { Reporter } from './reporter.js';

export { ReporterSet } from './reporter.js';
export type { BootInfo, HookName, Reporter, ReporterError, ReporterSetOptions, RunContext } from './reporter.js';
export { RUN_FILES } from './format.js';
export { ConsoleReporter, consoleSummary, type ConsoleReporterOptions } from './console.js';
export { GithubReporter, githubAnnotations, githubSummary, type GithubReporterOptions } from './github.js';
export { JsonReporter, stableJson, writeFileAtomic } from './json.js';
export { JsonlReporter } from './jsonl.js';
export { HTML_FILE, HtmlReporter, writeRunIndex, type HtmlReporterOptions, type PageData, type ReportAudio } from './html/index.js';
export { JunitReporter, junitXml } from './junit.js';
export { ProgressReporter, type ProgressReporterOptions } from './progress.js';

/** Options shared by the factories; every field has a sensible process default. */
export interface CreateReportersOptions {
  /** Environment (GITHUB_*, NO_COLOR); default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the console summary and GitHub workflow commands go; default: stdout. */
  stdout?: (text: string) => void;
  /** Stream for the live progress bar; default: stderr. */
  progressStream?: NodeJS.WritableStream;
  /** Overrides `RunContext.isTTY` for the console and progress reporters. */
  isTTY?: boolean;
  /** Clock for the progress reporter, for tests. */
  now?: () => number;
  /** Which clips the HTML report copies into the run folder (default `failing`). */
  reportAudio?: ReportAudio;
}


const FACTORIES = {
  // Order matters at onEnd (the set ends reporters in this order): the live bar is cleared
  // first, files are written next, and the console summary, which lists them, comes last.
  progress: (o: CreateReportersOptions) =>
    new ProgressReporter({ stream: o.progressStream, isTTY: o.isTTY, now: o.now }),
  jsonl: () => new JsonlReporter(),
  json: () => new JsonReporter(),
  junit: () => new JunitReporter(),
  ctrf: () => new CtrfReporter(),
  html: (o: CreateReportersOptions) => new HtmlReporter(o.reportAudio ? { audio: o.reportAudio } : {}),
  console: (o: CreateReportersOptions) => new ConsoleReporter({ write: o.stdout, env: o.env, isTTY: o.isTTY }),
  github: (o: CreateReportersOptions) => new GithubReporter({ write: o.stdout, env: o.env }),
} satisfies Record<string, (o: CreateReportersOptions) => Reporter>;

/** A reporter name known to {@link createReporters}. */
export type ReporterName = keyof typeof FACTORIES;

/** Every reporter name, in the order reporters are created and ended. */
export const REPORTER_NAMES = Object.keys(FACTORIES) as ReporterName[];

/** The default reporters: everything but `github`, which joins when running in GitHub Actions. */
export function defaultReporterNames(env: NodeJS.ProcessEnv = process.env): ReporterName[] {
  const names: ReporterName[] = ['progress', 'jsonl', 'json', 'junit', 'ctrf', 'html', 'console'];
  if (env['GITHUB_ACTIONS'] === 'true' || env['GITHUB_STEP_SUMMARY']) names.push('github');
  return names;
}

/** The names a `--reporter` value stands for: `default` is {@link defaultReporterNames}. */
export function reporterNames(names: readonly string[] | 'default', env: NodeJS.ProcessEnv = process.env): readonly string[] {
  return names === 'default' ? defaultReporterNames(env) : names;
}

/** The names in `names` that are not reporters (empty when all are known). */
export function unknownReporters(names: readonly string[]): string[] {
  return names.filter((n) => !(REPORTER_NAMES as readonly string[]).includes(n));
}

/**
 * Creates reporters by name. Duplicates are dropped and the result is in
 * {@link REPORTER_NAMES} order whatever order the names came in (see FACTORIES).
 * @throws Error naming the known reporters when a name is unknown.
 */
export function createReporters(names: readonly string[] | 'default', opts: CreateReportersOptions = {}): Reporter[] {
  const wanted = reporterNames(names, opts.env);
  const unknown = unknownReporters(wanted);
  if (unknown.length)
    throw new Error(`unknown reporter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: must be one of ${REPORTER_NAMES.join(', ')}`);
  return REPORTER_NAMES.filter((n) => wanted.includes(n)).map((n) => FACTORIES[n](opts));
}
