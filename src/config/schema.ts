/**
 * The one schema for scenario and platform files: it gives the TypeScript types
 * (`z.output`), the validation (with messages phrased "must be ..." so the loader
 * can prefix `file:line:col: path`), and the exported JSON Schema (`hil schema`).
 *
 * Descriptions are written to read after "must be" where a value is described
 * (the loader says "budgets.flash.max must be <description>; got true"), and
 * they end up in the editor's hover text through the JSON Schema.
 */
import { z } from 'zod';
import { didYouMean } from './suggest.js';
import {
  DURATION_PATTERN, PERCENT_PATTERN, SIZE_PATTERN,
  parseDurationMs, parseFraction, parseLatency, parseSize, type LatencyLimit,
} from './units.js';

interface QuantityMeta {
  description: string;
  examples: (string | number)[];
  /** JSON Schema constraints of the number form (they override zod's); absent: numbers are not accepted. */
  number?: Record<string, number | string>;
  /** JSON Schema pattern of the string form (the parser's grammar). */
  pattern: string;
}

/**
 * A zod type that accepts `number | string` (or only strings) and converts it with
 * one of the unit parsers. The parser alone decides; the JSON Schema constraints
 * in `meta` only mirror it so editors flag the same values.
 */
function quantity<T>(parse: (v: unknown) => T | string, meta: QuantityMeta) {
  const str = z.string().meta({ pattern: meta.pattern });
  const input = meta.number ? z.union([z.number().meta(meta.number), str]) : str;
  return input
    .meta({ description: meta.description, examples: meta.examples })
    .transform((v, ctx): T => {
      const r = parse(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      return r;
    });
}

export const Size = () =>
  quantity(parseSize, {
    description: 'a number of bytes or a size like "64KiB", "60.4KB", "1MiB"',
    examples: ['64KiB', '1MiB', 65536],
    number: { type: 'integer', minimum: 0 },
    pattern: SIZE_PATTERN,
  });
const positiveDuration = (v: unknown) => {
  const ms = parseDurationMs(v);
  return typeof ms === 'number' && ms <= 0 ? 'must be a positive duration like "10s"' : ms;
};
export const Duration = () =>
  quantity(positiveDuration, {
    description: 'a duration like "40ms", "1.5s" or "300us"',
    examples: ['10s', '500ms', '2m'],
    pattern: DURATION_PATTERN,
  });
export const Fraction = () =>
  quantity(parseFraction, {
    description: 'a fraction between 0 and 1 or a percentage like "90%"',
    examples: ['90%', 0.9],
    number: { minimum: 0, maximum: 1 },
    pattern: PERCENT_PATTERN,
  });
export const Latency = () =>
  quantity<LatencyLimit>(parseLatency, {
    description: 'a positive number of CPU cycles, or a duration at the platform clock like "40ms"',
    examples: [2000000, '40ms'],
    number: { exclusiveMinimum: 0 },
    pattern: DURATION_PATTERN,
  });

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a name of letters, digits, ".", "_" or "-" (starting with a letter or digit)');
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
  })
  .describe('the firmware under test: one of `app`, `path` + `build` + `elf`, or `elf`');

const appArgs = z.record(z.string(), z.number().int()).describe('app arguments by name (see the app\'s app.yaml), sent with each clip');

/** One entry of `inputs:`. A bare string is a file, a glob or a folder of labelled sub-folders. */
export const InputSchema = z
  .union([
    z.string(),
    z
      .object({
        folder: z.string().optional().describe('a folder whose sub-folders are labels'),
        files: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('a WAV file or glob, or a list of them'),
        manifest: z.string().optional().describe('a CSV (path,label) or JSON ([{path,label}]) manifest'),
        label: z.string().optional().describe('the label of every clip in this entry (files)'),
        args: appArgs.optional(),
      })
      .strict()
      .superRefine((e, ctx) => {
        const n = [e.folder, e.files, e.manifest].filter((x) => x !== undefined).length;
        if (n !== 1) ctx.addIssue({ code: 'custom', message: 'must have exactly one of `folder`, `files` or `manifest`' });
      }),
  ])
  .describe('a file, glob or folder (a string), or a mapping with one of `folder`, `files` or `manifest`');

// The description goes on the object: the quantity keeps its own ("must be a number of bytes...").
const max = <T extends z.ZodTypeAny>(t: T, what: string) => z.object({ max: t }).strict().describe(what);

/** `budgets:` — every check is optional; each gives a verdict `{status, measured, budget, reason}`. */
export const BudgetsSchema = z
  .object({
    accuracy: z.object({ min: Fraction() }).strict().optional().describe('minimum share of clips predicted right'),
    recall: z
      .object({
        min: Fraction().optional().describe('the minimum recall of every class'),
        classes: z.record(z.string(), Fraction()).optional().describe('per-class minimum recall, by label'),
      })
      .strict()
      .optional()
      .describe('minimum recall (share of a class\'s clips predicted as that class)'),
    latency: z
      .object({
        p50: max(Latency(), 'the largest allowed median latency').optional(),
        p95: max(Latency(), 'the largest allowed 95th percentile latency').optional(),
        max: max(Latency(), 'the largest allowed latency of any clip').optional(),
      })
      .strict()
      .optional()
      .describe('per-clip latency; a number is CPU cycles, a duration is converted at the platform clock'),
    ram: z.object({ peak: max(Size(), 'static RAM + stack high-water + heap') }).strict().optional().describe('RAM use'),
    flash: max(Size(), 'bytes placed in the flash region').optional(),
    stack: max(Size(), 'the main stack high-water mark').optional(),
    parity: z
      .union([z.literal('exact'), z.object({ tolerance: z.number().min(0).describe('largest allowed |device score - host score|') }).strict()])
      .transform((v) => (v === 'exact' ? { tolerance: 0 } : v))
      .optional()
      .describe('every clip\'s scores must match the host build of the same firmware run on the same clips in the same run: "exact" (bit for bit) or { tolerance }'),
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
    kind: z.enum(['qemu', 'host']).optional().describe('how to run the platform: qemu (default), or host (the firmware\'s host build on this machine: a reference, not device timing)'),
    audio_path: z
      .enum(['auto', 'uart', 'memory'])
      .optional()
      .describe('how clips reach the device: uart (framed CLIP_DATA), memory (placed in the target\'s harness region, a short frame says where), auto (default: memory where the target has it, else uart)'),
    workers: z.number().int().min(1).max(64).optional().describe('parallel emulator instances'),
  })
  .strict();

/** Labels named elsewhere in the scenario must be declared in `labels` (the device's classes). */
function checkLabels(s: { labels: string[]; inputs: InputEntry[]; budgets?: Budgets | undefined }, ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  s.labels.forEach((l, i) => {
    const first = seen.get(l);
    if (first === undefined) seen.set(l, i);
    else ctx.addIssue({ code: 'custom', path: ['labels', i], params: { got: false }, message: `repeats ${JSON.stringify(l)} (already labels[${first}]); labels must be unique` });
  });
  const known = s.labels.length <= 20 ? s.labels.join(', ') : `${s.labels.slice(0, 20).join(', ')}, ...`;
  const dym = (l: string) => {
    const d = didYouMean(l, s.labels);
    return d ? `; did you mean ${JSON.stringify(d)}?` : '';
  };
  for (const c of Object.keys(s.budgets?.recall?.classes ?? {}))
    if (!seen.has(c))
      ctx.addIssue({ code: 'custom', path: ['budgets', 'recall', 'classes', c], params: { at: 'key', got: false }, message: `is not one of the scenario's labels (${known})${dym(c)}` });
  s.inputs.forEach((e, i) => {
    if (typeof e !== 'string' && e.label !== undefined && !seen.has(e.label))
      ctx.addIssue({ code: 'custom', path: ['inputs', i, 'label'], params: { got: false }, message: `must be one of the scenario's labels (${known}); got ${JSON.stringify(e.label)}${dym(e.label)}` });
  });
}

/** One `matrix.variants` entry: the build variables it adds and budgets it overrides. */
export const VariantSchema = z
  .object({
    variables: z.record(z.string(), buildValue).optional().describe('build variables added to firmware.variables for this variant'),
    budgets: BudgetsSchema.optional().describe('budget groups that replace the scenario\'s for this variant (e.g. a larger flash.max for f32)'),
  })
  .strict();

export const MatrixSchema = z
  .object({
    variants: z
      .union([z.array(name).min(1), z.record(name, VariantSchema)])
      .optional()
      .describe('firmware variants: a list of names (each builds with VARIANT=<name>) or a map of name to { variables, budgets }'),
    platforms: z.array(name).min(1).optional().describe('platforms to run every variant on (default: the scenario\'s platform)'),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional().describe('the JSON Schema of this file, for editors (`hil schema`)'),
    name: name.describe('the scenario name, used in reports'),
    description: z.string().optional().describe('free text, shown in reports'),
    platform: name.describe('a platform in platforms/<name>.yaml'),
    firmware: FirmwareSchema,
    labels: z.array(z.string().min(1)).min(1).describe('the class labels, in device order'),
    inputs: z.array(InputSchema).min(1).describe('where the clips come from'),
    verify: z.enum(['selftest']).optional().describe('a harness verifier that recomputes each result on the host'),
    budgets: BudgetsSchema.optional().describe('limits the run must meet'),
    timeouts: TimeoutsSchema.optional().describe('time limits (scaled by --timeout-multiplier)'),
    target: TargetSchema.optional().describe('how the firmware is run'),
    matrix: MatrixSchema.optional().describe('run the scenario once per variant × platform and report them side by side'),
  })
  .strict()
  .superRefine(checkLabels);

const U32 = 2 ** 32;
const region = z
  .object({
    start: z.number().int().min(0).max(U32 - 1).describe('the first address'),
    size: Size(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.start + r.size > U32) ctx.addIssue({ code: 'custom', path: ['size'], message: 'must end within the 32-bit address space (start + size <= 0x100000000)' });
  });

export const PlatformSchema = z
  .object({
    $schema: z.string().optional().describe('the JSON Schema of this file, for editors (`hil schema --platform`)'),
    name: name.describe('the platform name: must equal the file name without .yaml'),
    description: z.string().optional().describe('free text, shown in reports'),
    cpu: z.enum(['cortex-m0', 'cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55']).describe('the CPU core'),
    fpu: z.boolean().optional().describe('whether the core has a hardware FPU'),
    clock_hz: z.number().int().positive().describe('the core clock in Hz; latency durations convert at this clock'),
    memory: z
      .object({
        flash: region.describe('the flash region firmware must fit in'),
        ram: region.describe('the RAM region static data, stack and heap must fit in'),
      })
      .strict()
      .describe('the memory regions firmware must fit in'),
    firmware: z
      .object({ dir: name.optional().describe('the folder under firmware/platforms/; default the platform name') })
      .strict()
      .optional()
      .describe('where the platform\'s startup code and linker script live'),
    qemu: z
      .object({
        machine: z.string().describe('the QEMU -machine name'),
        serial: z.number().int().min(0).optional().describe('index of the UART the protocol runs on; default 0'),
        icount_shift: z.number().int().min(0).max(10).optional().describe('-icount shift; default 0 (1 ns per instruction)'),
        instructions_per_tick: z.number().positive().describe('instructions per SysTick tick under icount'),
        extra_args: z.array(z.string()).optional().describe('more QEMU arguments'),
        harness_region: region
          .optional()
          .describe('emulator memory outside the declared flash and RAM where the memory audio path places clips (-device loader)'),
      })
      .strict()
      .optional()
      .describe('how to emulate the platform'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const h = p.qemu?.harness_region;
    if (!h) return;
    const overlaps = (r: { start: number; size: number }) => h.start < r.start + r.size && r.start < h.start + h.size;
    for (const k of ['flash', 'ram'] as const)
      if (overlaps(p.memory[k]))
        ctx.addIssue({ code: 'custom', path: ['qemu', 'harness_region', 'start'], message: `must not overlap memory.${k}: clips placed there would count as the firmware's memory` });
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Platform = z.output<typeof PlatformSchema>;
export type Budgets = z.output<typeof BudgetsSchema>;
export type InputEntry = z.output<typeof InputSchema>;
export type FirmwareSpec = z.output<typeof FirmwareSchema>;
export type Timeouts = z.output<typeof TimeoutsSchema>;
export type Matrix = z.output<typeof MatrixSchema>;
