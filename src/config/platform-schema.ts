/**
 * The platform file schema (`platforms/*.yaml`): the board's CPU, clock and
 * memory regions, and a section per way to run it (`qemu:`, `renode:`). Types,
 * validation and JSON Schema come from it as from the scenario schema.
 */
import { z } from 'zod';
import { name, Size } from './fields.js';

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

/** `renode:` in a platform file: how Renode builds the machine (src/targets/renode-commands.ts). */
export const RenodePlatformSchema = z
  .object({
    repl: z
      .union([
        z.object({ builtin: z.string().min(1).describe('a path inside Renode\'s install, like platforms/boards/stm32f4_discovery.repl') }).strict(),
        z.object({ file: z.string().min(1).describe('a .repl file relative to this platform file') }).strict(),
      ])
      .describe('Renode\'s platform description: { builtin: <path in Renode> } or { file: <path relative to this file> }'),
    uart: z.string().regex(/^[A-Za-z_][\w.]*$/, 'must be a peripheral path like sysbus.usart2').describe('the UART the protocol runs on, like sysbus.usart2'),
    cpu: z.string().regex(/^[A-Za-z_][\w.]*$/, 'must be a peripheral path like sysbus.cpu').optional().describe('the CPU peripheral; default sysbus.cpu'),
    mips: z.number().int().positive().optional().describe('PerformanceInMips: instructions per virtual microsecond; default clock_hz / 1e6, so one instruction per virtual cycle'),
    dwt: z.boolean().optional().describe('add a Miscellaneous.DWT at 0xE0001000 counting at clock_hz (for platforms whose .repl has none)'),
    peripherals: z
      .array(z.string().regex(/^[^"\r\n]+$/, 'must be one .repl line without double quotes (it is passed in a quoted monitor string)'))
      .optional()
      .describe('more .repl lines, each loaded with LoadPlatformDescriptionFromString, like "led: Miscellaneous.LED @ gpioPortD 12"'),
    commands: z
      .array(z.string().regex(/^[^\r\n]+$/, 'must be one monitor command (one line)'))
      .optional()
      .describe('monitor commands run after the firmware is loaded, before the emulation starts'),
    harness_region: region
      .optional()
      .describe('a free address range outside the declared flash and RAM where the memory audio path loads clips (a MappedMemory is added there)'),
    pdm: z
      .string()
      .regex(/^[A-Za-z_][\w.]*$/, 'must be a peripheral path like sysbus.pdm')
      .optional()
      .describe('the PDM microphone model (like sysbus.pdm, an NRF52840_PDM): enables the pdm audio path, each clip fed to it with SetInputFile'),
  })
  .strict()
  .describe('how to run the platform on Renode');

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
    renode: RenodePlatformSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const emu of ['qemu', 'renode'] as const) {
      const h = p[emu]?.harness_region;
      if (!h) continue;
      const overlaps = (r: { start: number; size: number }) => h.start < r.start + r.size && r.start < h.start + h.size;
      for (const k of ['flash', 'ram'] as const)
        if (overlaps(p.memory[k]))
          ctx.addIssue({ code: 'custom', path: [emu, 'harness_region', 'start'], message: `must not overlap memory.${k}: clips placed there would count as the firmware's memory` });
    }
  });

export type Platform = z.output<typeof PlatformSchema>;
export type RenodePlatform = z.output<typeof RenodePlatformSchema>;
