#!/usr/bin/env node
/**
 * The `hil` command. The only place that calls process.exit. Exit codes:
 * 0 pass, 1 the firmware failed a budget or check, 2 bad input, 3 infrastructure
 * error (wins over 1), 130 interrupted.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseDurationMs } from '../config/index.js';
import { EXIT } from '../metrics/index.js';
import { installInterrupts } from './interrupts.js';
import { stopReaper } from '../proc/reaper.js';
import { InputError } from '../runner/prepare.js';
import { runAll } from '../runner/run.js';
import { VERSION } from '../runner/version.js';
import { KIND_NAMES, KINDS } from '../targets/registry.js';
import { REPORTER_NAMES } from '../reporters/index.js';
import { boards } from './boards.js';
import { compareCommand, type CompareFormat } from './compare.js';
import { flashCommand, monitorCommand } from './bench.js';
import { doctor } from './doctor.js';
import { list } from './list.js';
import { schema } from './schema.js';
import { commaList, synthCommand } from './synth.js';
import { validate } from './validate.js';
import { parseRange, SynthEngineError, SynthToolError } from '../synth/index.js';

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};
const positive = (v: string) => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
};

/** Bad input errors print as one line, never a stack trace. */
function isBadInput(e: unknown): e is Error {
  return e instanceof ConfigError || e instanceof InputError;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('hil')
    .description('tinyhil: hardware-in-the-loop tests for TinyML firmware')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  let code: number = EXIT.PASS;
  // Options a target kind owns (--renode <path>): each sets the environment variable the kind reads.
  const kindOptions = KINDS.flatMap((k) => k.options ?? []).map((o) => Object.assign(new Option(o.flags, o.description), { env: o.env, text: o.value === 'text' }));

  const run = program
    .command('run')
    .description('build, boot, stream every clip, check budgets, write reports')
    .argument('<scenarios...>', 'scenario files')
    .option('--limit <n>', 'run only the first N clips (after other filters)', int('--limit', 1))
    .option('--sample <n>', 'run a reproducible random subset of N clips (stratified by label)', int('--sample', 1))
    .option('--seed <s>', 'seed for --sample', int('--seed', 0), 0)
    .option('--only-failed <report>', 'rerun the clips that did not pass in a previous report.json, results.jsonl or run folder')
    .option('--baseline <report>', 'compare with a previous run (report.json or run folder): deltas in every report, exit 1 when a regression: threshold flags')
    .option('--timeout-multiplier <x>', 'scale every timeout (slow machines, debug builds)', positive, 1)
    .option('--out <dir>', 'write the reports here instead of reports/<timestamp>')
    .option('--workers <n>', 'parallel emulator instances (overrides target.workers)', int('--workers', 1))
    .addOption(new Option('--target <kind>', 'run on this target kind (overrides target.kind)').choices(KIND_NAMES))
    .addOption(new Option('--audio-path <path>', 'how clips reach the device (overrides target.audio_path)').choices(['auto', 'uart', 'memory', 'pdm']))
    .option('--reporter <names>', `comma-separated reporters (${REPORTER_NAMES.join(',')})`)
    .addOption(new Option('--report-audio <which>', 'clips the HTML report can play: failing and confused ones copied into the run folder, all copied, all embedded in index.html, or none').choices(['failing', 'all', 'embed', 'none']).default('failing'))
    .action(async (scenarios: string[], o) => {
      const stop = installInterrupts();
      for (const k of kindOptions) {
        const v = o[k.attributeName()];
        if (v !== undefined) process.env[k.env] = k.text ? String(v) : resolve(String(v));
      }
      try {
        const r = await runAll({
          scenarios, limit: o.limit, sample: o.sample, seed: o.seed, onlyFailed: o.onlyFailed, timeoutMultiplier: o.timeoutMultiplier, baseline: o.baseline,
          out: o.out, workers: o.workers, target: o.target, audioPath: o.audioPath, reporters: o.reporter ? String(o.reporter).split(',').map((s: string) => s.trim()) : 'default',
          reportAudio: o.reportAudio, signal: stop.signal, command: ['hil', ...argv.slice(2)], isTTY: Boolean(process.stdout.isTTY) && !process.env.CI,
        });
        code = r.exitCode;
      } finally {
        stop.dispose();
      }
    });
  for (const k of kindOptions) run.addOption(k);

  program
    .command('validate')
    .description('check scenarios, their platforms and input files without running anything')
    .argument('<scenarios...>', 'scenario files')
    .action(async (scenarios: string[]) => {
      code = await validate(scenarios, (s) => process.stdout.write(s));
    });

  program
    .command('compare')
    .description('what changed between two runs (report.json or run folders): deltas, changed clips, regression thresholds; see docs/compare.md')
    .argument('<base>', 'the baseline run: a report.json or a run folder')
    .argument('<head>', 'the run to judge: a report.json or a run folder')
    .addOption(new Option('--format <format>', 'output format').choices(['console', 'markdown', 'json']).default('console'))
    .option('--scenario <file>', 'take the regression: thresholds from this scenario (default: the one each head report names)')
    .action(async (base: string, head: string, o: { format: CompareFormat; scenario?: string }) => {
      code = await compareCommand(base, head, { format: o.format, ...(o.scenario !== undefined ? { scenario: o.scenario } : {}), out: (s) => process.stdout.write(s) });
    });

  program
    .command('doctor')
    .description('list the external tools tinyhil uses: found or not, version, how to install; which target kinds can run here')
    .addOption(new Option('--target <kind>', 'also require what this target kind needs (exit 3 if it cannot run here)').choices(KIND_NAMES))
    .action(async (o: { target?: string }) => {
      code = await doctor((s) => process.stdout.write(s), o.target ? { target: o.target } : {});
    });

  program
    .command('boards')
    .description('the serial ports this host sees, which lab board each is, and which boards are locked, by whom')
    .option('--lab <file>', 'the lab file (default: $TINYHIL_LAB, else ./lab.yaml)')
    .option('--scan', 'print a starting lab.yaml from the ports this host sees')
    .action(async (o: { lab?: string; scan?: boolean }) => {
      if (o.lab) process.env.TINYHIL_LAB = resolve(o.lab);
      code = await boards((s) => process.stdout.write(s), { scan: o.scan === true });
    });

  const benchOpts = (c: Command) =>
    c
      .option('--platform <name>', 'the platform (with a board: section) when no scenario names it')
      .option('--lab <file>', 'the lab file (default: $TINYHIL_LAB, else ./lab.yaml)')
      .option('--board <id>', 'this lab board (default: the first free one of the platform)')
      .option('--port <path>', 'the serial port, overriding board.port');
  const benchEnv = (o: { lab?: string; board?: string; port?: string }) => {
    if (o.lab) process.env.TINYHIL_LAB = resolve(o.lab);
    if (o.board) process.env.TINYHIL_BOARD = o.board;
    if (o.port) process.env.TINYHIL_PORT = resolve(o.port);
  };
  benchOpts(program.command('flash').description('build a scenario\'s firmware (or take an ELF) and flash it onto a board').argument('<scenario|elf>', 'a scenario file, or an ELF with --platform')).action(
    async (arg: string, o: { platform?: string; lab?: string; board?: string; port?: string }) => {
      const stop = installInterrupts();
      benchEnv(o);
      try {
        code = await flashCommand(arg, { ...(o.platform ? { platform: o.platform } : {}), signal: stop.signal, out: (s) => process.stdout.write(s) });
      } finally {
        stop.dispose();
      }
    },
  );
  benchOpts(program.command('monitor').description('open a board\'s port, reset it, and print its HELLO, log lines and frames, decoded').argument('[scenario]', 'a scenario file naming the platform'))
    .option('--for <duration>', 'stop after this long (default: until Ctrl-C)')
    .action(async (arg: string | undefined, o: { platform?: string; lab?: string; board?: string; port?: string; for?: string }) => {
      const forMs = o.for === undefined ? undefined : parseDurationMs(o.for);
      if (typeof forMs === 'string') throw new InvalidArgumentError(`--for ${o.for}: ${forMs}`);
      const stop = installInterrupts();
      benchEnv(o);
      try {
        code = await monitorCommand(arg, { ...(o.platform ? { platform: o.platform } : {}), ...(forMs !== undefined ? { forMs } : {}), signal: stop.signal, out: (s) => process.stdout.write(s) });
      } finally {
        stop.dispose();
      }
    });

  program
    .command('list')
    .description('list platforms and scenarios, one line each')
    .option('--dir <dir>', 'project folder', '.')
    .action(async (o) => {
      code = await list(o.dir, (s) => process.stdout.write(s));
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .option('--platform', 'print the platform file schema instead')
    .action((o) => {
      process.stdout.write(schema(Boolean(o.platform)));
    });

  program
    .command('synth')
    .description('generate labelled 1 s keyword clips (espeak-ng, flite, festival) with a manifest; see docs/synth.md')
    .addOption(new Option('--split <split>', 'which persons speak (scenarios/kws/speakers.yaml); all: one sub-folder per split').choices(['train', 'val', 'test', 'all']).default('all'))
    .option('--words <labels>', 'comma-separated labels: keywords, _silence_, _unknown_ (default: all)', commaList)
    .option('--voices <spec>', 'comma-separated: engines, persons, voice ids (flite:kal16, espeak-ng:en-us+m3) or patterns (espeak-ng:*+f2)', commaList)
    .option('--per-word <n>', 'clips per keyword (default: the split\'s)', int('--per-word', 1))
    .option('--snr-db <range>', 'signal-to-noise ratio range, e.g. 5..30 (default: the dataset\'s)', (v: string) => {
      const r = parseRange(v);
      if (typeof r === 'string') throw new InvalidArgumentError(r);
      return r;
    })
    .option('--seed <s>', 'seed (default: the split\'s)', int('--seed', 0))
    .option('--workers <n>', 'parallel render processes', int('--workers', 1), 2)
    .option('--out <dir>', 'output folder: <dir>/<label>/<clip>.wav and <dir>/manifest.csv')
    .option('--cache <dir>', 'clip cache (default: .cache/synth in the project, or $TINYHIL_SYNTH_CACHE)')
    .option('--dataset <file>', 'dataset definition (default: scenarios/kws/dataset.yaml)')
    .option('--update-hashes', 'regenerate and re-record the committed hashes of the gated test set (deliberately)')
    .action(async (o) => {
      const stop = installInterrupts();
      try {
        code = await synthCommand({ ...o, signal: stop.signal, isTTY: Boolean(process.stderr.isTTY) && !process.env.CI }, (s) => process.stdout.write(s));
      } finally {
        stop.dispose();
      }
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version') return 0;
    if (ce.code?.startsWith('commander.')) return EXIT.BAD_INPUT;
    if (isBadInput(e)) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    // A scenario's synth input needs a speech engine that is missing or failed.
    if (e instanceof SynthToolError || e instanceof SynthEngineError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.INFRA;
    }
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.INFRA;
  }
  return code;
}

main(process.argv).then(
  async (code) => {
    process.exitCode = code;
    await stopReaper();
    // Let stdout drain before exiting (pipes in CI).
    process.stdout.write('', () => process.exit(code));
  },
  (e) => {
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(EXIT.INFRA);
  },
);
