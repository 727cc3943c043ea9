/**
 * `lab.yaml`: the physical boards attached to this host. A platform's `board:`
 * says how this kind of board is flashed; the lab says which unit is where
 * (its port, its probe), what it is labelled, whether it is an emulated rig,
 * and what differs for this unit. Found by `--lab`, `$TINYHIL_LAB`, or
 * `./lab.yaml`; without one, the platform's own `board.port` is the one board.
 * The model is twister's hardware map.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Duration, name } from '../../config/fields.js';
import { loadDocument } from '../../config/document.js';
import type { Platform } from '../../config/schema.js';
import { BoardPortSchema, BoardResetSchema, type BoardPlatform } from './platform.js';

export const LAB_ENV = 'TINYHIL_LAB';

export const LabBoardSchema = z
  .object({
    id: name.describe('what people call this unit: --board <id>, lock names, reports'),
    platform: name.describe('the platform file it is a board of (platforms/<name>.yaml, with a board: section)'),
    port: BoardPortSchema.describe('its serial port: a path, or its USB serial number (the port\'s, or the on-board probe\'s)'),
    probe: z.string().min(1).optional().describe('its debug probe\'s id, for {probe} in the flash and reset commands'),
    labels: z.array(z.string().min(1)).optional().describe('free labels: a runner label (hil-stm32f4), a room, a revision'),
    emulated: z.boolean().optional().describe('true for a test rig (an emulator behind a serial port): never reported as silicon'),
    board: z
      .object({
        baud: z.number().int().positive().optional(),
        flash: z.object({ command: z.array(z.string().min(1)).min(1), timeout: Duration().optional() }).strict().optional(),
        reset: BoardResetSchema.optional(),
        reappear: Duration().optional(),
        build: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.union([z.string(), z.number()])).optional(),
      })
      .strict()
      .optional()
      .describe('what differs for this unit from the platform\'s board: section (a different flash origin, baud rate, reset)'),
  })
  .strict();

export const LabSchema = z
  .object({
    $schema: z.string().optional(),
    boards: z.array(LabBoardSchema).describe('the boards attached to this host'),
  })
  .strict()
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.boards.forEach((b, i) => {
      if (seen.has(b.id)) ctx.addIssue({ code: 'custom', path: ['boards', i, 'id'], message: `id "${b.id}" is given twice; each board needs its own` });
      seen.add(b.id);
    });
  });

export type Lab = z.output<typeof LabSchema>;
export type LabBoard = z.output<typeof LabBoardSchema>;

/** The lab file in use: `--lab`/`$TINYHIL_LAB`, else `./lab.yaml` if there is one. */
export function labFile(): string | undefined {
  if (process.env[LAB_ENV]) return resolve(process.env[LAB_ENV]);
  const here = resolve('lab.yaml');
  return existsSync(here) ? here : undefined;
}

const loaded = new Map<string, Lab>();

/** Loads (once per file) and checks the lab; a located ConfigError (exit 2) when it is wrong. */
export async function loadLab(file: string): Promise<Lab> {
  const hit = loaded.get(file);
  if (hit) return hit;
  const { value } = await loadDocument(file, LabSchema, 'lab');
  loaded.set(file, value);
  return value;
}

/** The lab as already loaded by {@link loadLab} (the kind's check runs first), or undefined. */
export function loadedLab(): Lab | undefined {
  const f = labFile();
  return f ? loaded.get(f) : undefined;
}

/** The lab's boards of `platform` (only `id` if one was asked for). */
export function labBoardsFor(lab: Lab | undefined, platform: Platform, id?: string): LabBoard[] {
  return (lab?.boards ?? []).filter((b) => b.platform === platform.name && (id === undefined || b.id === id));
}

/** The platform's board: section with one unit's facts and overrides applied. */
export function boardFor(base: BoardPlatform, unit: LabBoard): BoardPlatform {
  const o = unit.board ?? {};
  return {
    ...base,
    port: unit.port,
    ...(unit.probe !== undefined ? { probe: unit.probe } : {}),
    ...(unit.emulated !== undefined ? { emulated: unit.emulated } : {}),
    ...(o.baud !== undefined ? { baud: o.baud } : {}),
    ...(o.flash ? { flash: { ...base.flash, ...o.flash } } : {}),
    ...(o.reset ? { reset: o.reset } : {}),
    ...(o.reappear !== undefined ? { reappear: o.reappear } : {}),
    ...(o.build ? { build: { ...base.build, ...o.build } } : {}),
  };
}
