/**
 * The one schema for scenario and platform files: it gives the TypeScript types
 * (`z.output`), the validation (with messages phrased "must be ..." so the loader
 * can prefix `file:line:col: path`), and the exported JSON Schema (`hil schema`).
 */
import { z } from 'zod';
import { parseDurationMs, parseFraction, parseLatency, parseSize, type LatencyLimit } from './units.js';

/** A zod type that accepts `number | string` and converts it with one of the unit parsers. */
function quantity<T>(parse: (v: unknown) => T | string, description: string) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx): T => {
      const r = parse(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      return r;
    })
    .describe(description);
}

export const Size = () => quantity(parseSize, 'bytes, or a string like "64KiB", "60.4KB", "1MiB"');
export const Duration = () => quantity(parseDurationMs, 'a duration like "40ms", "1.5s", "300us"');
export const Fraction = () => quantity(parseFraction, 'a fraction 0..1 or a percentage like "90%"');
export const Latency = () =>
  quantity<LatencyLimit>(parseLatency, 'CPU cycles (a number) or a duration at the platform clock like "40ms"');

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a name of letters, digits, ".", "_" or "-"');
const buildValue = z.union([z.string(), z.number(), z.boolean()]);

/** `firmware:` — exactly one of `app` (in this repo), `path` + `build` + `elf` (external), or `elf` (prebuilt). */
export const FirmwareSchema = z
  .object({
    app: name.optional().describe('an app folder under firmware/apps/'),
    path: z.string().optional().describe('an external firmware folder with its own build (needs build and elf)'),
    build: z.string().optional().describe('the shell command that builds the external firmware, run in `path`'),
    elf: z.string().optional().describe('the ELF to flash: prebuilt, or relative to `path` for external firmware'),
    variables: z.record(z.string(), buildValue).optional().describe('make variables (app) or environment (external)'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const kinds = [f.app !== undefined, f.path !== undefined, f.elf !== undefined && f.path === undefined].filter(Boolean);
    if (kinds.length !== 1)
      ctx.addIssue({ code: 'custom', message: 'must name exactly one of `app` (firmware/apps/<app>), `path` with `build` and `elf` (external firmware), or `elf` (prebuilt)' });
    if (f.path !== undefined && (f.build === undefined || f.elf === undefined))
      ctx.addIssue({ code: 'custom', message: 'external firmware (`path`) needs both `build` (a command) and `elf` (the file it produces)' });
    if (f.build !== undefined && f.path === undefined)
      ctx.addIssue({ code: 'custom', path: ['build'], message: 'is only allowed with `path` (external firmware)' });
  });

const appArgs = z.record(z.string(), z.number().int()).describe('app arguments by name (see the app\'s app.yaml), sent with each clip');

/** One entry of `inputs:`. A bare string is a file, a glob or a folder of labelled sub-folders. */
export const InputSchema = z.union([
  z.string(),
  z
    .object({
      folder: z.string().optional().describe('a folder whose sub-folders are labels'),
      files: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('WAV files or globs'),
      manifest: z.string().optional().describe('a CSV (path,label) or JSON ([{path,label}]) manifest'),
      label: z.string().optional().describe('the label of every clip in this entry (files)'),
      args: appArgs.optional(),
    })
    .strict()
    .superRefine((e, ctx) => {
      const n = [e.folder, e.files, e.manifest].filter((x) => x !== undefined).length;
      if (n !== 1) ctx.addIssue({ code: 'custom', message: 'must have exactly one of `folder`, `files` or `manifest`' });
    }),
]);

const max = <T extends z.ZodTypeAny>(t: T) => z.object({ max: t }).strict();

/** `budgets:` — every check is optional; each gives a verdict `{status, measured, budget, reason}`. */
export const BudgetsSchema = z
  .object({
    accuracy: z.object({ min: Fraction() }).strict().optional(),
    recall: z
      .object({
        min: Fraction().optional().describe('the minimum recall of every class'),
        classes: z.record(z.string(), Fraction()).optional().describe('per-class minimum recall'),
      })
      .strict()
      .optional(),
    latency: z
      .object({ p50: max(Latency()).optional(), p95: max(Latency()).optional(), max: max(Latency()).optional() })
      .strict()
      .optional(),
    ram: z.object({ peak: max(Size()) }).strict().optional(),
    flash: max(Size()).optional(),
    stack: max(Size()).optional(),
  })
  .strict();

export const TimeoutsSchema = z
  .object({
    build: Duration().optional(),
    boot: Duration().optional(),
    clip: Duration().optional(),
    run: Duration().optional(),
  })
  .strict();

export const TargetSchema = z
  .object({
    kind: z.enum(['qemu']).optional().describe('how to run the platform; default qemu'),
    audio_path: z.enum(['uart']).optional().describe('how clips reach the device; default uart'),
    workers: z.number().int().min(1).max(64).optional().describe('parallel emulator instances'),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: name,
    description: z.string().optional(),
    platform: name.describe('a platform in platforms/<name>.yaml'),
    firmware: FirmwareSchema,
    labels: z.array(z.string().min(1)).min(1).describe('the class labels, in device order'),
    inputs: z.array(InputSchema).min(1),
    verify: z.enum(['selftest']).optional().describe('a harness verifier that recomputes each result on the host'),
    budgets: BudgetsSchema.optional(),
    timeouts: TimeoutsSchema.optional(),
    target: TargetSchema.optional(),
  })
  .strict();

const region = z.object({ start: z.number().int().min(0), size: Size() }).strict();

export const PlatformSchema = z
  .object({
    $schema: z.string().optional(),
    name: name,
    description: z.string().optional(),
    cpu: z.enum(['cortex-m0', 'cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55']),
    fpu: z.boolean().optional(),
    clock_hz: z.number().int().positive(),
    memory: z.object({ flash: region, ram: region }).strict(),
    firmware: z.object({ dir: name.optional() }).strict().optional().describe('firmware/platforms/<dir>; default the name'),
    qemu: z
      .object({
        machine: z.string(),
        serial: z.number().int().min(0).optional().describe('index of the UART the protocol runs on; default 0'),
        icount_shift: z.number().int().min(0).max(10).optional().describe('-icount shift; default 0 (1 ns per instruction)'),
        instructions_per_tick: z.number().positive().describe('instructions per SysTick tick under icount'),
        extra_args: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Platform = z.output<typeof PlatformSchema>;
export type Budgets = z.output<typeof BudgetsSchema>;
export type InputEntry = z.output<typeof InputSchema>;
export type FirmwareSpec = z.output<typeof FirmwareSchema>;
export type Timeouts = z.output<typeof TimeoutsSchema>;
