/** `regression:` in scenario files: every unit form converted, bad values refused at their line and column, and the JSON Schema agreeing with the loader. */
import t from 'tap';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { loadScenario } from '../../src/config/load.js';
import { scenarioJsonSchema } from '../../src/config/jsonschema.js';
import { ScenarioSchema } from '../../src/config/schema.js';
import { BASE, configError, project } from './fixtures/helpers.js';

t.test('every threshold with every unit it takes', async (t) => {
  const dir = project(t, {
    's.yaml': `${BASE}regression:
  accuracy: { max_drop: 0.5% }
  recall: { max_drop: 0.02 }
  latency: { max_increase: 2% }
  ram: { max_increase: 512B }
  flash: { max_increase: 1KiB }
  stack: { max_increase: 10% }
`,
    't.yaml': `${BASE}regression:\n  latency: { max_increase: 20000 }\n  ram: { max_increase: 256 }\n  flash: { max_increase: 150% }\n`,
    'u.yaml': `${BASE}regression:\n  latency: { max_increase: 0.5ms }\n  flash: { max_increase: 0 }\n`,
  });
  const r = await loadScenario(path.join(dir, 's.yaml'));
  t.same(r.scenario.regression, {
    accuracy: { max_drop: 0.005 }, recall: { max_drop: 0.02 }, latency: { max_increase: { fraction: 0.02 } },
    ram: { max_increase: { bytes: 512 } }, flash: { max_increase: { bytes: 1024 } }, stack: { max_increase: { fraction: 0.1 } },
  });
  t.same((await loadScenario(path.join(dir, 't.yaml'))).scenario.regression, {
    latency: { max_increase: { count: 20000 } }, ram: { max_increase: { bytes: 256 } }, flash: { max_increase: { fraction: 1.5 } },
  }, 'a bare number is a count in the measured unit (latency) or bytes (sizes); a rise may pass 100%');
  t.same((await loadScenario(path.join(dir, 'u.yaml'))).scenario.regression, { latency: { max_increase: { ms: 0.5 } }, flash: { max_increase: { bytes: 0 } } });
  t.same(r.locate(['regression', 'flash', 'max_increase']), { line: 11, col: 12 }, 'where an annotation points');
});

const cases: [string, string, [number, number], string][] = [
  ['a drop over 100%', 'accuracy: { max_drop: 150% }', [7, 25], 'regression.accuracy.max_drop must be between 0 and 1 (or 0% and 100%); got "150%"'],
  ['a drop as a size', 'accuracy: { max_drop: 1KiB }', [7, 25], 'regression.accuracy.max_drop must be a fraction between 0 and 1 or a percentage like "90%"; got "1KiB"'],
  ['a size with a bad unit', 'flash: { max_increase: 1kbit }', [7, 26], 'regression.flash.max_increase has an unknown size unit "kbit" (allowed: B, KiB, MiB, GiB, KB, MB, GB, K (KiB), M (MiB)); got "1kbit"'],
  ['a negative size', 'ram: { max_increase: -512 }', [7, 24], 'regression.ram.max_increase must be a number of bytes, a size like "512B" or "1KiB", or a percentage like "2%", not negative; got -512'],
  ['a size that is a duration', 'ram: { max_increase: 2ms }', [7, 24], 'regression.ram.max_increase has an unknown size unit "ms" (allowed: B, KiB, MiB, GiB, KB, MB, GB, K (KiB), M (MiB)); got "2ms"'],
  ['a latency that is a size', 'latency: { max_increase: 1KiB }', [7, 28], 'regression.latency.max_increase has an unknown time unit "KiB" (allowed: ns, us, ms, s, m (or min), h); got "1KiB"'],
  ['a negative latency', 'latency: { max_increase: -5 }', [7, 28], 'regression.latency.max_increase must be a number of cycles, a duration like "0.5ms", or a percentage like "2%", not negative; got -5'],
  ['a zero duration', 'latency: { max_increase: 0ms }', [7, 28], 'regression.latency.max_increase must be a number of cycles, a duration like "0.5ms", or a percentage like "2%"; a duration must be positive (0 cycles allows no rise at all); got "0ms"'],
  ['a latency with words', 'latency: { max_increase: a lot }', [7, 28], 'regression.latency.max_increase must be a number of cycles, a duration like "0.5ms", or a percentage like "2%"; got "a lot"'],
  ['a misspelt key', 'flash: { max_incrase: 1KiB }', [7, 12], 'unknown key "max_incrase" in regression.flash; did you mean "max_increase"? allowed: max_increase'],
  ['an unknown figure', 'energy: { max_increase: 1% }', [7, 3], 'unknown key "energy" in regression; allowed: accuracy, recall, latency, ram, flash, stack'],
  ['a missing limit', 'ram: {}', [7, 8], 'regression.ram is missing required key "max_increase" (a number of bytes, a size like "512B" or "1KiB", or a percentage of the baseline like "2%")'],
];
for (const [name, line, at, detail] of cases) {
  t.test(`located: ${name}`, async (t) => {
    const dir = project(t, { 's.yaml': `${BASE}regression:\n  ${line}\n` });
    const file = path.join(dir, 's.yaml');
    const e = await configError(loadScenario(file));
    t.equal(e.message, `${file}:${at[0]}:${at[1]}: ${detail}`);
  });
}

t.test('the JSON Schema accepts exactly what the loader accepts', async (t) => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  const validate = ajv.compile(scenarioJsonSchema());
  const base = parse(BASE) as Record<string, unknown>;
  const samples: Record<string, [(v: unknown) => Record<string, unknown>, unknown[]]> = {
    drop: [(v) => ({ accuracy: { max_drop: v } }), [0.005, 0, 1, 1.5, -0.1, '0.5%', '100%', '150%', ' 2 % ', '0.5', 'x']],
    size: [(v) => ({ flash: { max_increase: v } }), [0, 512, 1.5, -1, '512B', '1KiB', '1.5 MiB', '2%', '150%', '0%', '2.5%', '-2%', '1kbit', '2ms', '%', '12']],
    latency: [(v) => ({ latency: { max_increase: v } }), [0, 20000, 0.5, -3, '2%', '150%', '0.5ms', '0ms', '300us', '2MIN', '1KiB', '20000', '1d', '%']],
  };
  for (const [kind, [wrap, values]] of Object.entries(samples))
    for (const v of values) {
      const data = { ...base, regression: wrap(v) };
      t.equal(validate(data), ScenarioSchema.safeParse(data).success, `${kind} ${JSON.stringify(v)}`);
    }
});
