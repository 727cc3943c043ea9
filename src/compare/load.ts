/**
 * The two sides of a comparison: a report.json, a run folder holding one, or a run
 * folder of several scenarios (one sub-folder each, as `hil run a.yaml b.yaml` or a
 * `matrix:` writes them). A report is untrusted input (a downloaded CI artifact, one
 * from another tinyhil): it is read field by field into what the comparison uses,
 * and anything unreadable is an InputError (exit 2) naming the file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipResult, Metrics, RunReport, Status } from '../core/types.js';
import { oneLine } from '../core/format.js';
import { InputError } from '../runner/prepare.js';

/** One report read from disk. */
export interface LoadedRun {
  /** The report.json, as reached from the path given. */
  file: string;
  /** The report's own schemaVersion (`report.schemaVersion` is always 1: the shape read into). */
  schemaVersion: number;
  report: RunReport;
}

const REPORT = 'report.json';
/** A report.json of thousands of clips is a few MB; anything far larger is not one. */
const MAX_BYTES = 256 * 1024 * 1024;

const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() ?? false;

/**
 * The reports `path` names: itself (a file), `<path>/report.json`, or
 * `<path>/<sub>/report.json` for each sub-folder that has one (sorted). `what`
 * (`base`, `--baseline`) starts every error message.
 */
export async function loadRuns(path: string, what: string): Promise<LoadedRun[]> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new InputError(`${what} ${oneLine(path)}: no such file or folder (give a report.json or a run folder)`);
  if (!st.isDirectory()) return [await readReport(path, what)];
  if (await isFile(join(path, REPORT))) return [await readReport(join(path, REPORT), what)];
  const subs = (await readdir(path)).sort();
  const files: string[] = [];
  for (const s of subs) if ((await isDir(join(path, s))) && (await isFile(join(path, s, REPORT)))) files.push(join(path, s, REPORT));
  if (!files.length) throw new InputError(`${what} ${oneLine(path)}: no ${REPORT} in this folder or its sub-folders; is it a run folder?`);
  return Promise.all(files.map((f) => readReport(f, what)));
}

async function readReport(file: string, what: string): Promise<LoadedRun> {
  const name = `${what} ${oneLine(file)}`;
  const st = await stat(file);
  if (st.size > MAX_BYTES) throw new InputError(`${name}: ${st.size} bytes is too large for a report.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${name}: cannot read it as JSON (${oneLine((e as Error).message)}); is the file complete?`);
  }
  return { file, ...fromJson(raw, name) };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const STATUSES = new Set(['passed', 'failed', 'error', 'skipped', 'timedout']);
const status = (v: unknown): Status => (STATUSES.has(v as string) ? (v as Status) : 'error');

/** A `{value, correct, total}` rate, or undefined when any part is missing. */
function rate(v: unknown): { value: number; correct: number; total: number } | undefined {
  const o = obj(v);
  const [value, correct, total] = [num(o?.value), num(o?.correct), num(o?.total)];
  return value !== undefined && correct !== undefined && total !== undefined ? { value, correct, total } : undefined;
}

function metrics(v: Obj | undefined, clips: number): Metrics {
  const m: Metrics = { clips: { total: clips, passed: 0, failed: 0, error: 0, timedout: 0, skipped: 0 } };
  const acc = rate(v?.accuracy);
  const ci = (obj(v?.accuracy)?.ci95 as unknown[] | undefined) ?? [];
  if (acc) m.accuracy = { ...acc, ci95: [num(ci[0]) ?? 0, num(ci[1]) ?? 1] };
  const recall = Object.entries(obj(v?.recall) ?? {}).flatMap(([k, r]) => (rate(r) ? [[k, rate(r)!] as const] : []));
  if (recall.length) m.recall = Object.fromEntries(recall);
  const conf = obj(v?.confusion);
  const labels = conf?.labels;
  const matrix = conf?.matrix;
  if (Array.isArray(labels) && labels.every((l) => typeof l === 'string') && Array.isArray(matrix) && matrix.every((r) => Array.isArray(r) && r.every((x) => num(x) !== undefined)))
    m.confusion = { labels: labels as string[], matrix: matrix as number[][] };
  const lat = obj(v?.latency);
  const [p50, p95] = [num(lat?.p50), num(lat?.p95)];
  if (lat && p50 !== undefined && p95 !== undefined)
    m.latency = { unit: str(lat.unit, 'cycles'), p50, p95, max: num(lat.max) ?? p95, mean: num(lat.mean) ?? p50, p50Ms: num(lat.p50Ms) ?? 0, p95Ms: num(lat.p95Ms) ?? 0, maxMs: num(lat.maxMs) ?? 0, source: str(lat.source) };
  const peak = num(obj(v?.ram)?.peak);
  if (peak !== undefined) m.ram = { peak, static: num(obj(v?.ram)?.static) ?? 0, stackHwm: num(obj(v?.ram)?.stackHwm) ?? 0, heap: num(obj(v?.ram)?.heap) ?? 0, source: str(obj(v?.ram)?.source) };
  for (const k of ['flash', 'stack'] as const) {
    const value = num(obj(v?.[k])?.value);
    if (value !== undefined) m[k] = { value, source: str(obj(v?.[k])?.source) };
  }
  return m;
}

function clip(v: unknown): ClipResult | undefined {
  const o = obj(v);
  if (!o || typeof o.id !== 'string') return undefined;
  const c: ClipResult = { id: o.id, status: status(o.status), wallMs: 0 };
  if (typeof o.label === 'string') c.label = o.label;
  if (typeof o.predicted === 'string' || o.predicted === null) c.predicted = o.predicted;
  if (num(o.predictedIndex) !== undefined) c.predictedIndex = num(o.predictedIndex)!;
  return c;
}

/** The parts of a parsed report.json a comparison reads, each checked; what is missing stays missing. */
export function fromJson(raw: unknown, name: string): Omit<LoadedRun, 'file'> {
  const r = obj(raw);
  const scenario = obj(r?.scenario);
  if (!r || typeof scenario?.name !== 'string' || !Array.isArray(r.clips) || !obj(r.metrics))
    throw new InputError(`${name}: not a tinyhil report.json (it needs "scenario.name", "clips" and "metrics")`);
  const schemaVersion = num(r.schemaVersion);
  if (schemaVersion === undefined) throw new InputError(`${name}: not a tinyhil report.json (no numeric "schemaVersion")`);
  const clips = r.clips.map(clip).filter((c): c is ClipResult => c !== undefined);
  const platform = obj(r.platform);
  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: 'tinyhil', version: str(obj(r.tool)?.version, '?') },
    scenario: { name: scenario.name, file: str(scenario.file) },
    platform: { name: str(platform?.name, '?'), cpu: str(platform?.cpu, '?'), clockHz: num(platform?.clockHz) ?? 0, ramSize: 0, flashSize: 0 },
    target: { kind: str(obj(r.target)?.kind, '?'), audioPath: str(obj(r.target)?.audioPath), workers: 0, settings: {} },
    firmware: { elf: '', sha256: str(obj(r.firmware)?.sha256) },
    status: status(r.status),
    ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
    startedAt: str(r.startedAt),
    durationMs: 0,
    labels: Array.isArray(r.labels) ? r.labels.filter((l): l is string => typeof l === 'string') : [],
    clips,
    metrics: metrics(obj(r.metrics), clips.length),
    budgets: [],
    errors: [],
    provenance: { tools: {}, host: '', node: '', command: [] },
  };
  return { schemaVersion, report };
}
