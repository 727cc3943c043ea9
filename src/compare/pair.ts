/**
 * Which base report goes with which head report. One against one always pair (the
 * user named both files); otherwise by scenario name (`report.scenario.name`, not the
 * folder: a second run of the same scenario in one folder is `<name>-2`).
 */
import type { LoadedRun } from './load.js';

/** The two sides' reports matched up, and those left over on each side. */
export interface Pairing {
  pairs: { base: LoadedRun; head: LoadedRun }[];
  /** Scenarios only the base has (removed, renamed, or not run this time). */
  onlyBase: LoadedRun[];
  /** Scenarios only the head has (new, or renamed). */
  onlyHead: LoadedRun[];
}

const nameOf = (r: LoadedRun) => r.report.scenario.name;

export function pairRuns(base: readonly LoadedRun[], head: readonly LoadedRun[]): Pairing {
  if (base.length === 1 && head.length === 1) return { pairs: [{ base: base[0]!, head: head[0]! }], onlyBase: [], onlyHead: [] };
  const left = [...base];
  const pairs: Pairing['pairs'] = [];
  const onlyHead: LoadedRun[] = [];
  for (const h of head) {
    const i = left.findIndex((b) => nameOf(b) === nameOf(h));
    if (i < 0) onlyHead.push(h);
    else pairs.push({ base: left.splice(i, 1)[0]!, head: h });
  }
  return { pairs, onlyBase: left, onlyHead };
}

/** The baseline for a run of scenario `name` (`hil run --baseline`): the only one when both sides are single, else by name. */
export function baselineFor(base: readonly LoadedRun[], name: string, runs: number): LoadedRun | undefined {
  if (base.length === 1 && runs === 1) return base[0];
  return base.find((b) => nameOf(b) === name);
}
