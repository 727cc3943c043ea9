/** Everything other modules need from src/config. */
export * from './load.js';
export * from './schema.js';
export { parseDurationMs, parseFraction, parseLatency, parseSize, type LatencyLimit } from './units.js';
export { platformJsonSchema, scenarioJsonSchema, PLATFORM_SCHEMA_ID, SCENARIO_SCHEMA_ID } from './jsonschema.js';
