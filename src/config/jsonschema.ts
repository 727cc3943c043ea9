/**
 * JSON Schema (draft 2020-12) of scenario and platform files, generated from the
 * zod schema so the two cannot drift. `hil schema` prints the scenario one,
 * `hil schema --platform` the platform one; editors use them for validation,
 * completion and hover text (see docs/scenarios.md).
 *
 * It describes what the file may contain (the zod *input*): sizes as numbers or
 * strings like "64KiB", and so on. The few checks JSON Schema cannot express
 * (exactly one of firmware.app/path/elf, labels unique and known) are only done
 * by the loader.
 */
import { z } from 'zod';
import { PlatformSchema, ScenarioSchema } from './schema.js';

export const SCENARIO_SCHEMA_ID = 'urn:tinyhil:schema:scenario:1';
export const PLATFORM_SCHEMA_ID = 'urn:tinyhil:schema:platform:1';

/** A JSON Schema document. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

function generate(schema: z.ZodType, id: string, title: string, description: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
  // Identity first: it is what a reader of `hil schema` output looks at.
  return { $schema, $id: id, title, description, ...rest };
}

/** The JSON Schema of scenario files (`scenarios/*.yaml`). */
export function scenarioJsonSchema(): JsonSchema {
  return generate(
    ScenarioSchema,
    SCENARIO_SCHEMA_ID,
    'tinyhil scenario',
    'A tinyhil scenario: which firmware to run on which platform, with which clips, against which budgets. See docs/scenarios.md.',
  );
}

/** The JSON Schema of platform files (`platforms/<name>.yaml`). */
export function platformJsonSchema(): JsonSchema {
  return generate(
    PlatformSchema,
    PLATFORM_SCHEMA_ID,
    'tinyhil platform',
    'A tinyhil platform: a board or emulated machine, its CPU, clock and memory, and how to emulate it. See docs/scenarios.md.',
  );
}
