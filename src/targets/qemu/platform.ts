/** `qemu:` in a platform file: how QEMU emulates the board (qemu.ts builds the command line from it). */
import { z } from 'zod';
import { region } from '../../config/fields.js';

export const QemuPlatformSchema = z
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
  .describe('how to emulate the platform');

export type QemuPlatform = z.output<typeof QemuPlatformSchema>;
