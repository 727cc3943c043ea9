/** `hil schema`: the JSON Schema editors use to validate and complete scenario files. */
import { platformJsonSchema, scenarioJsonSchema } from '../config/index.js';

export function schema(platform: boolean): string {
  return `${JSON.stringify(platform ? platformJsonSchema() : scenarioJsonSchema(), null, 2)}\n`;
}
