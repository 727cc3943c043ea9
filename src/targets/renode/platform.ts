/** `renode:` in a platform file: how Renode builds the machine (renode-commands.ts turns it into monitor commands). */
import { z } from 'zod';
import { region } from '../../config/fields.js';

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
      // Each command is also put in the reset macro, which is one quoted monitor string (renode-commands.ts resetMacro).
      .array(z.string().regex(/^[^"\r\n]+$/, 'must be one monitor command (one line) without double quotes (it is rerun from the reset macro, a quoted monitor string)'))
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

export type RenodePlatform = z.output<typeof RenodePlatformSchema>;
