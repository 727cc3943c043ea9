/**
 * docs/report.schema.json against the TypeScript model: fixtures written by JsonReporter
 * validate, broken reports do not, and each object's keys and required keys in the schema
 * equal those of the TS type (checked by tsc through `shape<T>()` and by tap at run time).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as M from '../../src/core/types.js';
import { JsonReporter } from '../../src/reporters/json.js';
import { context, emptyReport, failingBudgetsReport, fullReport, infraErrorReport, passingReport, timedOutReport } from './fixtures/reports.js';
import { compare } from '../../src/compare/index.js';
import { base, head, side } from '../compare/fixtures.js';

const schemaPath = new URL('../../docs/report.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, any>;
// strict (the default) also rejects unknown keywords and formats in the schema itself.
const validate = new Ajv2020({ allErrors: true }).compile(schema);

t.test('schema header', async (t) => {
  t.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
  t.match(schema['$id'], /\/v1\//);
  t.same(schema['properties'].schemaVersion, { const: 1, description: schema['properties'].schemaVersion.description });
});

/** A run compared with a baseline (--baseline): every optional part of `comparison` set. */
function comparedReport(): M.RunReport {
  const h = head();
  h.comparison = compare(side(base(), 'main/kws/report.json'), side(h), { accuracy: { max_drop: 0.005 }, flash: { max_increase: { bytes: 1024 } }, stack: { max_increase: { fraction: 0.1 } } }, {
    clockHz: 25_000_000, locate: (p) => ({ file: 'scenarios/kws.yaml', line: 30 + p.length, col: 5 }),
  });
  h.comparison.notes.push('Different clip sets: none, really.');
  h.comparison.clips!.onlyBase.push('gone.wav');
  h.comparison.clips!.onlyHead.push('new.wav');
  return h;
}

const fixtures = { passingReport, failingBudgetsReport, timedOutReport, infraErrorReport, emptyReport, fullReport, comparedReport };
for (const [name, make] of Object.entries(fixtures)) {
  t.test(`report.json of ${name} validates`, async (t) => {
    const dir = t.testdir();
    const rep = new JsonReporter();
    rep.onBegin(context(dir));
    await rep.onEnd(make());
    const written = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    t.ok(validate(written), JSON.stringify(validate.errors, null, 1));
  });
}

type Mutation = [string, (r: any) => void, RegExp];
const broken: Mutation[] = [
  ['missing status', (r) => delete r.status, /must have required property 'status'/],
  ['unknown status', (r) => (r.status = 'ok'), /must be equal to one of the allowed values/],
  ['schemaVersion 2', (r) => (r.schemaVersion = 2), /must be equal to constant/],
  ['extra top-level field', (r) => (r.verdict = 'passed'), /must NOT have additional properties/],
  ['budget measured as text', (r) => (r.budgets[0].measured = '1.3M'), /must be number,null/],
  ['budget without reason', (r) => delete r.budgets[1].reason, /must have required property 'reason'/],
  ['clip without wallMs', (r) => delete r.clips[0].wallMs, /must have required property 'wallMs'/],
  ['ci95 with three bounds', (r) => r.metrics.accuracy.ci95.push(1), /must NOT have more than 2 items/],
  ['negative byte count', (r) => (r.metrics.ram.peak = -1), /must be >= 0/],
  ['fractional clip count', (r) => (r.metrics.clips.total = 4.5), /must be integer/],
  ['startedAt not ISO', (r) => (r.startedAt = 'yesterday'), /must match pattern/],
  ['bad sha256', (r) => (r.firmware.sha256 = 'xyz'), /must match pattern/],
  ['infra error without message', (r) => r.errors.push({ kind: 'boot' }), /must have required property 'message'/],
  ['typo in a latency key', (r) => { r.metrics.latency.p99 = 1; }, /must NOT have additional properties/],
  ['comparison without regressions', (r) => { r.comparison = { base: {}, head: {}, notes: [], figures: [] }; }, /comparison must have required property 'regressions'/],
];
for (const [what, mutate, message] of broken) {
  t.test(`a report with ${what} is rejected`, async (t) => {
    const r = JSON.parse(JSON.stringify(fullReport()));
    t.ok(validate(r), 'valid before the mutation');
    mutate(r);
    t.notOk(validate(r));
    t.match(validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('\n'), message);
  });
}

// ---- schema ⇔ TypeScript key sync -------------------------------------------------------
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T] & string;
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? unknown : { missing: Exclude<All, Listed> };
/** Lists of a type's keys and required keys that tsc rejects when incomplete or wrong. */
function shape<T>() {
  return <const A extends readonly (keyof T & string)[], const R extends readonly RequiredKeys<T>[]>(
    all: A & Missing<keyof T & string, A[number]>,
    required: R & Missing<RequiredKeys<T>, R[number]>,
  ) => ({ all: [...all].sort(), required: [...required].sort() });
}
type Def<T> = NonNullable<T>;
const shapes: Record<string, { all: string[]; required: string[] }> = {
  '': shape<M.RunReport>()(
    ['schemaVersion', 'tool', 'scenario', 'platform', 'target', 'firmware', 'status', 'reason', 'startedAt', 'durationMs', 'labels', 'clips', 'metrics', 'budgets', 'conformance', 'comparison', 'errors', 'provenance'],
    ['schemaVersion', 'tool', 'scenario', 'platform', 'target', 'firmware', 'status', 'startedAt', 'durationMs', 'labels', 'clips', 'metrics', 'budgets', 'errors', 'provenance'],
  ),
  '/properties/tool': shape<M.RunReport['tool']>()(['name', 'version'], ['name', 'version']),
  '/properties/scenario': shape<M.RunReport['scenario']>()(['name', 'file', 'description', 'inputsAt', 'matrix'], ['name', 'file']),
  '/properties/scenario/properties/matrix': shape<Def<M.RunReport['scenario']['matrix']>>()(['group', 'variant', 'platform', 'target'], ['group', 'platform']),
  '/properties/platform': shape<M.RunReport['platform']>()(['name', 'cpu', 'clockHz', 'ramSize', 'flashSize'], ['name', 'cpu', 'clockHz', 'ramSize', 'flashSize']),
  '/properties/target': shape<M.RunReport['target']>()(['kind', 'audioPath', 'workers', 'settings', 'stats', 'links'], ['kind', 'audioPath', 'workers', 'settings']),
  '/properties/target/properties/links/items': shape<{ worker: number } & M.LinkCounters>()(
    ['worker', 'framesSent', 'framesReceived', 'retransmits', 'naksSent', 'naksReceived', 'corrupt', 'duplicates', 'garbageBytes', 'bytesSent', 'bytesReceived'],
    ['worker', 'framesSent', 'framesReceived', 'retransmits', 'naksSent', 'naksReceived', 'corrupt', 'duplicates', 'garbageBytes', 'bytesSent', 'bytesReceived'],
  ),
  '/properties/firmware': shape<M.RunReport['firmware']>()(['elf', 'sha256', 'device', 'footprint', 'build'], ['elf', 'sha256']),
  '/properties/provenance': shape<M.RunReport['provenance']>()(['tools', 'host', 'node', 'command', 'cycleInfo', 'reference'], ['tools', 'host', 'node', 'command']),
  '/properties/provenance/properties/reference': shape<Def<M.RunReport['provenance']['reference']>>()(['kind', 'elf', 'sha256'], ['kind', 'elf', 'sha256']),
  '/$defs/deviceInfo': shape<M.DeviceInfo>()(
    ['protocol', 'fwName', 'fwVersion', 'board', 'cpuHz', 'labels', 'maxPayload', 'rxWindow', 'cycleSource', 'regions', 'scoreScale', 'maxClip', 'audioPaths', 'probe', 'capabilities'],
    ['protocol', 'fwName', 'fwVersion', 'board', 'cpuHz', 'labels', 'maxPayload', 'rxWindow', 'cycleSource', 'regions', 'scoreScale', 'maxClip', 'audioPaths'],
  ),
  '/$defs/deviceInfo/properties/probe': shape<M.ProbeResult>()(['set', 'ran', 'failed'], ['set', 'ran', 'failed']),
  '/$defs/conformance': shape<M.Conformance>()(['status', 'mode', 'probeSet', 'emulator', 'checks'], ['status', 'mode', 'checks']),
  '/$defs/conformance/properties/emulator': shape<Def<M.Conformance['emulator']>>()(['name', 'title', 'version'], ['name']),
  '/$defs/conformance/properties/checks/items': shape<M.ConformanceCheck>()(['id', 'what', 'status', 'message', 'known'], ['id', 'what', 'status']),
  '/$defs/conformance/properties/checks/items/properties/known': shape<Def<M.ConformanceCheck['known']>>()(['emulator', 'affected', 'upstream'], ['emulator', 'affected', 'upstream']),
  '/$defs/deviceInfo/properties/regions/items': shape<M.DeviceInfo['regions'][number]>()(['name', 'kind', 'start', 'size'], ['name', 'kind', 'start', 'size']),
  '/$defs/checkMismatch': shape<M.CheckMismatch>()(['field', 'expected', 'actual'], ['field', 'expected', 'actual']),
  '/$defs/cycleInfo': shape<M.CycleInfo>()(['source', 'unit', 'factor', 'description', 'caveat', 'resolution'], ['source', 'unit', 'factor']),
  '/$defs/clipResult': shape<M.ClipResult>()(
    ['id', 'path', 'label', 'group', 'status', 'reason', 'predicted', 'predictedIndex', 'scores', 'cycles', 'cyclesFrontend', 'cyclesInference', 'rawCycles', 'latencyMs', 'stackHwm', 'stacks', 'heapUsed', 'values', 'targetCounters', 'mismatches', 'parityDiff', 'wallMs', 'worker'],
    ['id', 'status', 'wallMs'],
  ),
  '/$defs/clipResult/properties/stacks/items': shape<Def<M.ClipResult['stacks']>[number]>()(['name', 'used', 'size'], ['name', 'used', 'size']),
  '/$defs/budgetVerdict': shape<M.BudgetVerdict>()(
    ['name', 'status', 'measured', 'budget', 'unit', 'kind', 'reason', 'source', 'location'],
    ['name', 'status', 'measured', 'budget', 'unit', 'kind', 'reason', 'source'],
  ),
  '/$defs/sourceLocation': shape<M.SourceLocation>()(['file', 'line', 'col'], ['file', 'line', 'col']),
  '/$defs/footprint': shape<M.Footprint>()(['flash', 'ramStatic', 'sections', 'stackReserved'], ['flash', 'ramStatic', 'sections', 'stackReserved']),
  '/$defs/footprint/properties/sections/items': shape<M.Footprint['sections'][number]>()(['name', 'size', 'addr', 'region'], ['name', 'size', 'addr', 'region']),
  '/$defs/metrics/properties/accuracyByGroup/additionalProperties': shape<Def<M.Metrics['accuracyByGroup']>[string]>()(['value', 'correct', 'total', 'ci95'], ['value', 'correct', 'total', 'ci95']),
  '/$defs/metrics': shape<M.Metrics>()(['clips', 'accuracy', 'accuracyByGroup', 'recall', 'precision', 'confusion', 'latency', 'ram', 'flash', 'stack'], ['clips']),
  '/$defs/metrics/properties/clips': shape<M.Metrics['clips']>()(['total', 'passed', 'failed', 'error', 'timedout', 'skipped'], ['total', 'passed', 'failed', 'error', 'timedout', 'skipped']),
  '/$defs/metrics/properties/accuracy': shape<Def<M.Metrics['accuracy']>>()(['value', 'correct', 'total', 'ci95'], ['value', 'correct', 'total', 'ci95']),
  '/$defs/rate': shape<Def<M.Metrics['recall']>[string]>()(['value', 'correct', 'total'], ['value', 'correct', 'total']),
  '/$defs/metrics/properties/confusion': shape<Def<M.Metrics['confusion']>>()(['labels', 'matrix'], ['labels', 'matrix']),
  '/$defs/metrics/properties/latency': shape<Def<M.Metrics['latency']>>()(
    ['unit', 'p50', 'p95', 'max', 'mean', 'p50Ms', 'p95Ms', 'maxMs', 'resolution', 'source'],
    ['unit', 'p50', 'p95', 'max', 'mean', 'p50Ms', 'p95Ms', 'maxMs', 'source'],
  ),
  '/$defs/metrics/properties/ram': shape<Def<M.Metrics['ram']>>()(['peak', 'static', 'stackHwm', 'heap', 'source'], ['peak', 'static', 'stackHwm', 'heap', 'source']),
  '/$defs/sourcedSize': shape<Def<M.Metrics['flash']>>()(['value', 'source'], ['value', 'source']),
  '/$defs/infraError': shape<M.InfraError>()(['kind', 'message', 'detail', 'logs', 'clip'], ['kind', 'message']),
  '/$defs/comparison': shape<M.Comparison>()(['base', 'head', 'notes', 'figures', 'clips', 'confusion', 'regressions'], ['base', 'head', 'notes', 'figures', 'regressions']),
  '/$defs/comparison/properties/clips': shape<Def<M.Comparison['clips']>>()(['common', 'same', 'changed', 'onlyBase', 'onlyHead'], ['common', 'same', 'changed', 'onlyBase', 'onlyHead']),
  '/$defs/comparison/properties/confusion': shape<Def<M.Comparison['confusion']>>()(['labels', 'diff'], ['labels', 'diff']),
  '/$defs/comparedRun': shape<M.ComparedRun>()(
    ['file', 'scenario', 'platform', 'target', 'status', 'startedAt', 'schemaVersion', 'toolVersion', 'sha256'],
    ['scenario', 'platform', 'target', 'status', 'startedAt', 'schemaVersion', 'toolVersion', 'sha256'],
  ),
  '/$defs/figureDelta': shape<M.FigureDelta>()(['name', 'unit', 'base', 'head', 'delta', 'ci95', 'counts', 'note'], ['name', 'unit', 'base', 'head', 'delta']),
  '/$defs/figureDelta/properties/ci95': shape<Def<M.FigureDelta['ci95']>>()(['base', 'head'], ['base', 'head']),
  '/$defs/figureDelta/properties/counts': shape<Def<M.FigureDelta['counts']>>()(['base', 'head'], ['base', 'head']),
  '/$defs/clipChange': shape<M.ClipChange>()(['id', 'label', 'direction', 'base', 'head'], ['id', 'direction', 'base', 'head']),
  '/$defs/clipOutcome': shape<M.ClipChange['base']>()(['status', 'predicted'], ['status']),
};

function at(pointer: string): Record<string, any> {
  return pointer.split('/').slice(1).reduce((node, k) => node?.[k], schema as any);
}

t.test('every object in the schema has the keys and required keys of its TS type', async (t) => {
  for (const [pointer, want] of Object.entries(shapes)) {
    const node = at(pointer);
    t.ok(node, `schema has ${pointer || '/'}`);
    t.same(Object.keys(node?.['properties'] ?? {}).sort(), want.all, `${pointer || '/'} properties`);
    t.same([...(node?.['required'] ?? [])].sort(), want.required, `${pointer || '/'} required`);
    t.equal(node?.['additionalProperties'], false, `${pointer || '/'} is closed`);
  }
  // Every closed object in the schema is covered above, so a new one cannot slip in unchecked.
  const closed: string[] = [];
  const walk = (node: unknown, ptr: string) => {
    if (!node || typeof node !== 'object') return;
    if ((node as any).additionalProperties === false) closed.push(ptr);
    for (const [k, v] of Object.entries(node)) walk(v, `${ptr}/${k}`);
  };
  walk(schema, '');
  t.same(closed.sort(), Object.keys(shapes).sort());
});
