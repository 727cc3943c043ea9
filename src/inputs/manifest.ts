/**
 * Manifests: a CSV with a header naming `path` and `label` columns (others ignored), or
 * a JSON array of `{"path": ..., "label": ...}`. Paths are relative to the manifest's
 * folder. An empty or missing label means an unlabelled clip. Every problem with a row
 * is reported against the manifest itself as `<manifest>:<line>:<col>: ...`.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { displayPath } from './ref.js';
import { labelProblem } from './suggest.js';

/** One clip listed by a manifest. */
export interface ManifestRow {
  /** Absolute path of the clip. */
  path: string;
  label?: string;
  /** `<manifest>:<line>:<col>` of the row, for messages. */
  where: string;
}

interface RawRow {
  path: unknown;
  label: unknown;
  pathAt: [number, number];
  labelAt: [number, number];
}

/** Read and check a manifest: every row names an existing file and a known label (or none). */
export async function readManifest(file: string, labels: readonly string[]): Promise<ManifestRow[]> {
  const disp = displayPath(file);
  const at = (pos: [number, number], msg: string): Error => new Error(`${disp}:${pos[0]}:${pos[1]}: ${msg}`);
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const json = /\.json$/i.test(file) || (!/\.csv$/i.test(file) && /^\s*\[/.test(text));
  const raw = json ? jsonRows(text, at) : csvRows(text, at);
  const dir = path.dirname(file);
  const rows: ManifestRow[] = [];
  for (const r of raw) {
    if (typeof r.path !== 'string' || r.path.trim() === '') throw at(r.pathAt, 'the row has no path');
    let label: string | undefined;
    if (r.label !== undefined && r.label !== null && r.label !== '') {
      if (typeof r.label !== 'string') throw at(r.labelAt, `the label must be a string, not ${JSON.stringify(r.label)}`);
      const problem = labelProblem(r.label, labels);
      if (problem !== undefined) throw at(r.labelAt, problem);
      label = r.label;
    }
    const abs = path.resolve(dir, r.path);
    const st = await stat(abs).catch(() => undefined);
    if (st === undefined) throw at(r.pathAt, `${r.path} does not exist (paths are relative to the manifest's folder, ${displayPath(dir)})`);
    if (!st.isFile()) throw at(r.pathAt, `${r.path} is not a file`);
    rows.push({ path: abs, ...(label === undefined ? {} : { label }), where: `${disp}:${r.pathAt[0]}:${r.pathAt[1]}` });
  }
  return rows;
}

function csvRows(text: string, at: (pos: [number, number], msg: string) => Error): RawRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw at([e.line, e.col], e.message);
    throw e;
  }
  const [header, ...body] = records;
  if (header === undefined) return [];
  const names = header.fields.map((f) => f.value.toLowerCase());
  const pi = names.indexOf('path');
  const li = names.indexOf('label');
  if (pi < 0 || li < 0) {
    const missing = [pi < 0 ? '"path"' : '', li < 0 ? '"label"' : ''].filter(Boolean).join(' and ');
    throw at([header.line, 1], `the header has no ${missing} column (found: ${header.fields.map((f) => f.value).join(',')}); the first line must name the columns, e.g. path,label`);
  }
  return body.map((rec) => {
    if (rec.fields.length !== names.length)
      throw at([rec.line, 1], `the row has ${rec.fields.length} field(s) but the header has ${names.length}; quote a path that contains a comma`);
    const p = rec.fields[pi]!;
    const l = rec.fields[li]!;
    return { path: p.value, label: l.value, pathAt: [p.line, p.col], labelAt: [l.line, l.col] };
  });
}

function jsonRows(text: string, at: (pos: [number, number], msg: string) => Error): RawRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // V8 names the offset in some messages ("... in JSON at position 12"), not in all.
    const m = /position (\d+)/.exec((e as Error).message);
    throw at(m ? lineCol(text, Number(m[1])) : [1, 1], `not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw at([1, 1], 'a JSON manifest must be an array of {"path": ..., "label": ...}');
  // JSON is YAML, and the yaml parser keeps source ranges: use it only to locate rows.
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const seq = isSeq(doc.contents) ? doc.contents : undefined;
  const pos = (node: Node | null | undefined, fallback: [number, number]): [number, number] => {
    const off = node?.range?.[0];
    if (off === undefined) return fallback;
    const p = lc.linePos(off);
    return [p.line, p.col];
  };
  return data.map((item: unknown, k) => {
    const node = seq?.items[k] as Node | undefined;
    const itemAt = pos(node, [1, 1]);
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw at(itemAt, `row ${k + 1} must be an object {"path": ..., "label": ...}, not ${JSON.stringify(item)}`);
    const map = isMap(node) ? node : undefined;
    const o = item as Record<string, unknown>;
    return {
      path: o.path,
      label: o.label,
      pathAt: pos(map?.get('path', true) as Node | undefined, itemAt),
      labelAt: pos(map?.get('label', true) as Node | undefined, itemAt),
    };
  });
}

function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, (before[before.length - 1]?.length ?? 0) + 1];
}
