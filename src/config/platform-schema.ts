/**
 * The platform file schema (`platforms/*.yaml`): the board's CPU, clock and
 * memory regions, and a section per way to run it, each owned by its target
 * kind (`qemu:`, `renode:`: targets/<kind>/platform.ts). Types, validation
 * and JSON Schema come from it as from the scenario schema.
 */
import { z } from 'zod';
import { SECTION_KINDS } from '../targets/registry.js';
import { name, region } from './fields.js';

type SectionKind = (typeof SECTION_KINDS)[number];
/** `<kind>: <its section>`, each optional: a platform runs on the kinds whose section it has. */
const sections = Object.fromEntries(SECTION_KINDS.map((k) => [k.name, k.section.optional()])) as { [K in SectionKind as K['name']]: z.ZodOptional<K['section']> };

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
    ...sections,
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const emu of SECTION_KINDS.map((k) => k.name)) {
      const section: unknown = p[emu];
      const h = typeof section === 'object' && section && 'harness_region' in section ? (section.harness_region as { start: number; size: number } | undefined) : undefined;
      if (!h) continue;
      const overlaps = (r: { start: number; size: number }) => h.start < r.start + r.size && r.start < h.start + h.size;
      for (const k of ['flash', 'ram'] as const)
        if (overlaps(p.memory[k]))
          ctx.addIssue({ code: 'custom', path: [emu, 'harness_region', 'start'], message: `must not overlap memory.${k}: clips placed there would count as the firmware's memory` });
    }
  });

export type Platform = z.output<typeof PlatformSchema>;
