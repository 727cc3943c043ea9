/**
 * `--only-failed`: the clips of a previous run that did not pass, read from its
 * report.json (`clips[]`) or its results.jsonl (one ClipResult per line, written as
 * clips end, so it exists even when the run was interrupted before the report).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from './ref.js';

/**
 * Ids whose status is not `passed`. `reportPath` is a report.json, a results.jsonl, or
 * a run folder (report.json is used if present, else results.jsonl). In results.jsonl a
 * clip listed twice counts with its last line. Clips the run never reached are not in
 * either file, so they are not returned.
 */
export async function failedClipIds(reportPath: string): Promise<Set<string>> {
  let file = reportPath;
  const st = await stat(file).catch(() => undefined);
  if (st === undefined) throw new Error(`${reportPath}: no such file or folder (give a previous run's folder, report.json or results.jsonl)`);
  if (st.isDirectory()) {
    const candidates = ['report.json', 'results.jsonl'].map((f) => path.join(reportPath, f));
    const found = [];
    for (const c of candidates) if ((await stat(c).catch(() => undefined))?.isFile()) found.push(c);
    if (found[0] === undefined) throw new Error(`${reportPath}: neither report.json nor results.jsonl is in this folder; is it a run folder?`);
    file = found[0];
  }
  const name = displayPath(path.resolve(file));
  const text = await readFile(file, 'utf8');
  return /\.jsonl$/i.test(file) ? fromJsonl(text, name) : fromReport(text, name);
}

function fromReport(text: string, name: string): Set<string> {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${(e as Error).message}); is the file complete?`);
  }
  const clips = (report as { clips?: unknown } | null)?.clips;
  if (!Array.isArray(clips)) throw new Error(`${name}: no "clips" list; is it a tinyhil report.json?`);
  const failed = new Set<string>();
  clips.forEach((c: unknown, k) => {
    const { id, status } = checkResult(c, () => `${name}: clips[${k}]`);
    if (status !== 'passed') failed.add(id);
  });
  return failed;
}

function fromJsonl(text: string, name: string): Set<string> {
  const last = new Map<string, string>();
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`${name}:${k + 1}: not valid JSON (${(e as Error).message})`);
    }
    const { id, status } = checkResult(value, () => `${name}:${k + 1}`);
    last.set(id, status);
  });
  return new Set([...last].filter(([, s]) => s !== 'passed').map(([id]) => id));
}

const STATUSES = new Set(['passed', 'failed', 'error', 'skipped', 'timedout']);

function checkResult(v: unknown, where: () => string): { id: string; status: string } {
  const r = v as { id?: unknown; status?: unknown } | null;
  if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.status !== 'string')
    throw new Error(`${where()}: a clip result needs a string "id" and "status"`);
  if (!STATUSES.has(r.status)) throw new Error(`${where()}: unknown status ${JSON.stringify(r.status)} (expected ${[...STATUSES].join(', ')})`);
  return { id: r.id, status: r.status };
}
