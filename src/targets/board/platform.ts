/**
 * `board:` in a platform file: how this kind of physical board is flashed,
 * reset and reached over a serial port. Commands are argv templates, never
 * shell strings: each element is one argument, with placeholders replaced
 * whole or inside the element (`program {elf} verify reset exit`).
 */
import { z } from 'zod';
import { Duration } from '../../config/fields.js';

/** The placeholders an argv template may use. */
export const PLACEHOLDERS = ['elf', 'hex', 'bin', 'port', 'serial', 'probe'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_RE = /\{([^{}]*)\}/g;

/** The placeholders `argv` uses, in order of first use. */
export function placeholdersIn(argv: readonly string[]): string[] {
  const seen: string[] = [];
  for (const a of argv) for (const m of a.matchAll(PLACEHOLDER_RE)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  return seen;
}

const argv = z
  .array(z.string().min(1).regex(/^[^\r\n\0]*$/, 'must be one argument on one line'))
  .min(1)
  .superRefine((a, ctx) => {
    a.forEach((arg, i) => {
      for (const m of arg.matchAll(PLACEHOLDER_RE))
        if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!))
          ctx.addIssue({ code: 'custom', path: [i], message: `unknown placeholder {${m[1]}}; allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
    });
  })
  .describe(`an argv (program, then each argument as one string; no shell), with placeholders ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);

const hex4 = z.string().regex(/^[0-9a-fA-F]{4}$/, 'must be 4 hex digits, like "0483"');

export const BoardPortSchema = z
  .object({
    path: z.string().min(1).optional().describe('the port\'s path, like /dev/ttyACM0 or /dev/serial/by-id/usb-STMicroelectronics_...; stable paths survive re-enumeration'),
    serial_number: z.string().min(1).optional().describe('the USB serial number of the port (the probe\'s, for an on-board debugger\'s virtual COM port)'),
    vid: hex4.optional().describe('USB vendor id, like "0483"'),
    pid: hex4.optional().describe('USB product id, like "374b"'),
    manufacturer: z.string().min(1).optional().describe('the USB manufacturer string, matched as a substring'),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'must say how to find the port: path, serial_number, vid/pid or manufacturer')
  .describe('which serial port is the board\'s protocol UART: a path, or what SerialPort.list() shows for it (all given fields must match)');

export const BoardResetSchema = z
  .object({
    method: z.enum(['dtr', 'rts', 'command', 'none']).describe('dtr or rts: pulse that modem line (boards wiring it to nRESET); command: run `command`; none: the flash command already starts the program, and the port is opened before flashing'),
    command: argv.optional().describe('for method command: the argv that resets the board, like [openocd, -f, board/stm32f4discovery.cfg, -c, "init; reset run; exit"]'),
    pulse: Duration().optional().describe('for dtr/rts: how long the line is held asserted; default 100ms'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.method === 'command' && !r.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'reset method command needs a command (an argv)' });
    if (r.method !== 'command' && r.command) ctx.addIssue({ code: 'custom', path: ['command'], message: `a command is only used with method command (this reset is ${r.method})` });
    if (r.pulse !== undefined && r.method !== 'dtr' && r.method !== 'rts') ctx.addIssue({ code: 'custom', path: ['pulse'], message: 'pulse is only used with method dtr or rts' });
  });

export const BoardPlatformSchema = z
  .object({
    name: z.string().min(1).describe('the physical board this section is for, like "STM32F4DISCOVERY (MB997), on-board ST-LINK/V2"'),
    port: BoardPortSchema,
    baud: z.number().int().positive().optional().describe('the protocol UART\'s baud rate; default 115200'),
    flash: z
      .object({
        command: argv.describe('the argv that writes the firmware and starts it, like [openocd, -f, board/stm32f4discovery.cfg, -c, "program {elf} verify reset exit"]'),
        timeout: Duration().optional().describe('how long flashing may take; default 120s'),
      })
      .strict()
      .describe('how the firmware gets onto the board'),
    reset: BoardResetSchema.optional().describe('how the board restarts after the port is opened, so its HELLO is seen; default { method: none }'),
    reappear: Duration().optional().describe('how long the port may take to come (back) after flashing: a USB CDC port re-enumerates; default 10s'),
    probe: z.string().min(1).optional().describe('the debug probe\'s id, for {probe} (an ST-LINK or J-Link serial number)'),
    build: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a make variable name like FLASH_ORIGIN'), z.union([z.string(), z.number()]))
      .optional()
      .describe('make variables this board needs over the platform\'s (a bootloader that owns the start of flash: FLASH_ORIGIN; the UART pins: DEFINES)'),
    emulated: z.boolean().optional().describe('true for a test rig: an emulator behind a real serial port; its cycle counts are never reported as silicon'),
    counts: z
      .object({
        unit: z.enum(['cycles', 'instructions']).describe('what the device\'s counter counts'),
        factor: z.number().positive().optional().describe('raw counts per reported unit step; default 1'),
      })
      .strict()
      .optional()
      .describe('what the device\'s cycle counter counts when it is not DWT CYCCNT at the core clock (an emulated rig\'s SysTick under icount)'),
  })
  .strict()
  .superRefine((b, ctx) => {
    const uses = placeholdersIn([...b.flash.command, ...(b.reset?.command ?? [])]);
    if (uses.includes('probe') && b.probe === undefined)
      ctx.addIssue({ code: 'custom', path: ['probe'], message: 'a command uses {probe}, so board.probe (the debug probe\'s id) must be set' });
    if (uses.includes('serial') && b.port.serial_number === undefined)
      ctx.addIssue({ code: 'custom', path: ['port', 'serial_number'], message: 'a command uses {serial}, so board.port.serial_number must be set' });
  })
  .describe('how to flash, reset and reach this kind of board over a serial port');

export type BoardPlatform = z.output<typeof BoardPlatformSchema>;
export type BoardPort = z.output<typeof BoardPortSchema>;
