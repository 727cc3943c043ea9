import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { platformJsonSchema, scenarioJsonSchema, PLATFORM_SCHEMA_ID, SCENARIO_SCHEMA_ID } from '../../src/config/jsonschema.js';
import { loadScenario } from '../../src/config/load.js';
import { ScenarioSchema } from '../../src/config/schema.js';
import { BASE, PLATFORM_P1 } from './fixtures/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const yamlIn = (dir: string) => {
  try {
    return readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => path.join(ROOT, dir, f));
  } catch {
    return [];
  }
};

// strict: unknown keywords and formats are errors; union types (`type: [string, number]`) are standard JSON Schema.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const scenario = ajv.compile(scenarioJsonSchema());
const platform = ajv.compile(platformJsonSchema());
const base = parse(BASE) as Record<string, unknown>;

t.test('identity', async (t) => {
  const s = scenarioJsonSchema();
  t.match(s, { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCENARIO_SCHEMA_ID, title: 'tinyhil scenario', type: 'object', additionalProperties: false });
  t.same((s as { required?: string[] }).required, ['name', 'platform', 'firmware', 'labels', 'inputs']);
  t.match(platformJsonSchema(), { $id: PLATFORM_SCHEMA_ID, title: 'tinyhil platform' });
  t.same(Object.keys(s).slice(0, 4), ['$schema', '$id', 'title', 'description'], 'identity first');
});

t.test('every property has a description, for editor hover text', async (t) => {
  const missing: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (typeof v.description !== 'string') missing.push(`${at}${k}`);
      walk(v, `${at}${k}.`);
    }
    for (const key of ['items', 'additionalProperties']) walk(n[key], at);
    for (const key of ['anyOf', 'oneOf']) for (const b of (n[key] ?? []) as unknown[]) walk(b, at);
  };
  walk(scenarioJsonSchema(), '');
  walk(platformJsonSchema(), 'platform:');
  t.same(missing, []);
});

t.test('shipped scenarios and platforms validate', async (t) => {
  const files = [...yamlIn('scenarios'), ...yamlIn('platforms')];
  t.ok(files.some((f) => f.endsWith('mps2-an386.yaml')));
  for (const f of files) {
    const validate = f.includes(`${path.sep}platforms${path.sep}`) ? platform : scenario;
    t.ok(validate(parse(readFileSync(f, 'utf8'))), `${path.relative(ROOT, f)} ${ajv.errorsText(validate.errors)}`);
    if (validate === scenario) t.resolves(loadScenario(f), `${path.relative(ROOT, f)} loads`);
  }
  t.ok(platform(parse(PLATFORM_P1)));
  t.ok(scenario(base));
});

t.test('broken files do not validate', async (t) => {
  const broken: [string, Record<string, unknown>][] = [
    ['unknown key', { ...base, budget: {} }],
    ['missing key', { ...base, firmware: undefined }],
    ['bad enum', { ...base, verify: 'selftst' }],
    ['bad name', { ...base, name: 'a b' }],
    ['no labels', { ...base, labels: [] }],
    ['unknown nested key', { ...base, budgets: { latncy: {} } }],
    ['size with a bad unit', { ...base, budgets: { flash: { max: '64kbit' } } }],
    ['timeout as a number', { ...base, timeouts: { clip: 10 } }],
    ['input of the wrong type', { ...base, inputs: [3] }],
  ];
  for (const [name, data] of broken) t.notOk(scenario(JSON.parse(JSON.stringify(data))), name);
  t.notOk(platform({ ...parse(PLATFORM_P1), cpu: 'cortex-m5' }), 'platform cpu');
  t.notOk(platform({ ...parse(PLATFORM_P1), clock_hz: 1.5 }), 'platform clock');
});

/** JSON Schema and the loader must agree on every unit string: an editor flags exactly what `hil` refuses. */
t.test('quantity grammars agree with the loader', async (t) => {
  const samples: Record<string, [(v: unknown) => Record<string, unknown>, unknown[]]> = {
    size: [(v) => ({ flash: { max: v } }), [65536, 0, 1.5, -1, '64KiB', '64 KiB', '60.4KB', '1.5', '1.5B', '64k', '2M', '64kbit', 'KiB', '0x10', '12B', ' 12 ', '1e3', '0.5kib']],
    fraction: [(v) => ({ accuracy: { min: v } }), [0.9, 1, 0, 1.5, -0.1, '90%', '100%', '100.0%', '100.5%', '150%', '007%', '0.9', ' 90 % ', '12.5%', '%']],
    latency: [(v) => ({ latency: { p95: { max: v } } }), [2000000, 0.5, 0, -3, '40ms', '0ms', '0.0s', '0.5s', '-3', '40', '300µs', '2MIN', '1d']],
  };
  for (const [kind, [wrap, values]] of Object.entries(samples))
    for (const v of values) {
      const data = { ...base, budgets: wrap(v) };
      t.equal(scenario(data), ScenarioSchema.safeParse(data).success, `${kind} ${JSON.stringify(v)}`);
    }
  for (const v of ['10s', '0s', '0.5s', '1.5 S', '300us', '10', 10, '2min', '1h', '1d', 'ms']) {
    const data = { ...base, timeouts: { clip: v } };
    t.equal(scenario(data), ScenarioSchema.safeParse(data).success, `duration ${JSON.stringify(v)}`);
  }
});
